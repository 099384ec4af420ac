from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from judging.services.verification import pack_verify


class Command(BaseCommand):
    help = "Verify an award-night pack with the pack alone: manifest, scorecards, receipts, root and tally."

    def add_arguments(self, parser):
        parser.add_argument("pack", help="the award-night pack (ZIP)")

    def handle(self, *args, **options):
        try:
            data = Path(options["pack"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['pack']}: {exc}") from exc
        verdict = pack_verify(data)
        if not verdict.ok:
            raise CommandError(f"NOT verified: {verdict.message}")
        self.stdout.write(f"verified: {verdict.scorecards} scorecards, {verdict.awards} awards")
