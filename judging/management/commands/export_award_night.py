from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from awards.models import Edition
from judging.services.export import award_night_pack_build


class Command(BaseCommand):
    help = "Write the award-night pack of a revealed edition to a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--output", required=True, help="where to write the ZIP")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        output = Path(options["output"])
        # One transaction: a pack that cannot be written is not recorded as exported.
        with transaction.atomic():
            try:
                pack = award_night_pack_build(edition=edition)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            try:
                output.write_bytes(pack)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc}") from exc
        self.stdout.write(f"wrote {output} ({len(pack)} bytes)")
