import base64
import os
import re

from django.core.management.base import BaseCommand, CommandError

from judging.services.drafts import draft_current_key, drafts_rekey


class Command(BaseCommand):
    help = (
        "Re-encrypt every judge's draft under the first key of AWARDS_DRAFT_KEYS, so an older key can be "
        "dropped. --new-key prints a fresh key entry to put first in AWARDS_DRAFT_KEYS and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", metavar="ID", help="print a new random key entry 'ID:base64' and stop")

    def handle(self, *args, **options):
        if options["new_key"]:
            if not re.fullmatch(r"[A-Za-z0-9_.-]{1,32}", options["new_key"]):
                raise CommandError("A key id has 1-32 letters, digits, _ . or -.")
            encoded = base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")
            self.stdout.write(f"{options['new_key']}:{encoded}")
            return
        key_id, _key = draft_current_key()
        outcome = drafts_rekey()
        self.stdout.write(f"current key {key_id}")
        self.stdout.write(f"re-encrypted {outcome.moved}")
        self.stdout.write(f"already current {outcome.current}")
        if outcome.unreadable:
            ids = ", ".join(str(pk) for pk in outcome.unreadable)
            raise CommandError(
                f"{len(outcome.unreadable)} draft(s) did not open with the configured keys and were left as they "
                f"are (ids {ids}): keep their key listed, or accept that those judges type them again."
            )
