from pathlib import Path

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.management.base import BaseCommand

from awards.demo import build_registration_demo
from awards.demo_content import DEMO_TOTP_SECRET
from awards.site_address import demo_address, origin
from judging.demo import build_judging_demo
from judging.demo_rounds import build_rounds_demo


class Command(BaseCommand):
    help = (
        "Load the demo editions (cct-2027 open for entries, cct-2026 in judging with sealed scorecards, "
        "cct-2026-dua-babak with its desk round sealed and shortlisted and its finals in judging) with their "
        "people, and print every demo login. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shares-dir",
            default="var/demo-shares/",
            type=Path,
            help="folder for the demo key holders' share files, written by the judging part of the demo "
            "(default: var/demo-shares/)",
        )

    def handle(self, *args, shares_dir: Path, **options):
        logins = build_registration_demo(stdout=self.stdout)
        logins += build_judging_demo(stdout=self.stdout, shares_dir=shares_dir)
        build_rounds_demo(stdout=self.stdout, shares_dir=shares_dir)
        enrolled = set(
            Authenticator.objects.filter(type=Authenticator.Type.TOTP, user__username__in=[row[1] for row in logins])
            .values_list("user__username", flat=True)
        )
        rows = [(*login, "authenticator app" if login[1] in enrolled else "-") for login in logins]
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (log in with the e-mail address):"))
        self.stdout.write(_table([("Role", "E-mail", "Password", "Two-factor"), *rows]))
        site = demo_address()
        self.stdout.write(f"Log in at {site}/accounts/login/ · organiser pages {site}/organiser/ · admin {site}/admin/")
        if origin(settings.SITE_URL) != origin(site):
            self.stdout.write(self.style.WARNING(
                f"DJANGO_SITE_URL is {settings.SITE_URL}, not {site}: the links in e-mails and the certificates' "
                f"QR codes would lead there. Set DJANGO_SITE_URL={site} (make demo does it for you)."
            ))
        self.stdout.write(
            "Organisers, judges and key holders sign in with two factors. Their authenticator-app secret is "
            f"{DEMO_TOTP_SECRET} (add it to any TOTP app), or run `manage.py demo_totp` for the current code."
        )


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    rule = "+-" + "-+-".join("-" * w for w in widths) + "-+"

    def line(row):
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"

    return "\n".join([rule, line(rows[0]), rule, *(line(row) for row in rows[1:]), rule])
