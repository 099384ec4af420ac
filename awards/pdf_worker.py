"""Set-up of a worker process that renders PDFs (see judging.services.feedback.feedback_pdfs_of).

Kept free of model imports: the worker imports this module before Django is set up.
"""

import django


def worker_setup() -> None:
    """Django set up in a freshly spawned worker (the settings module comes from the inherited environment)."""
    django.setup()
