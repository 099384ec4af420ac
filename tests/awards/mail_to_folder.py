"""An e-mail backend for tests that run the app in other processes: each message is a file in the folder named
by the environment variable OUTBOX_TEST_MAIL_DIR (Django's file backend, told where by the environment)."""

import os

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def __init__(self, *args, **kwargs):
        kwargs["file_path"] = os.environ["OUTBOX_TEST_MAIL_DIR"]
        super().__init__(*args, **kwargs)
