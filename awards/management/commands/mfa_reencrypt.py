from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from config.mfa_crypto import authenticators_reencrypt


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored two-factor secret under the first key of AWARDS_MFA_KEYS (after adding a new "
        "key in front); plaintext secrets left from before encryption are encrypted too."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = authenticators_reencrypt(Authenticator)
        self.stdout.write(f"{changed} authenticators re-encrypted under the first key of AWARDS_MFA_KEYS")
