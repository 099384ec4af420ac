import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand

from awards.demo_content import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of the demo accounts (organisers, judges, key holders), which all "
        "share the documented demo authenticator secret. Real accounts have secrets of their own."
    )

    def handle(self, *args, **options):
        now = time.time()
        period = app_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now // period)))
        self.stdout.write(code)
        self.stderr.write(f"valid for {period - int(now % period)} more seconds (secret {DEMO_TOTP_SECRET})")
