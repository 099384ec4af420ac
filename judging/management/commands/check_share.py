"""manage.py check_share EDITION --share-file F"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.services.keys import share_check_for_edition


class Command(BaseCommand):
    help = "Check a key holder's share file against its commitment (the share is never stored)."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--share-file", required=True, help="the share file to check")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition has the slug {options['edition']!r}.")
        path = Path(options["share_file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read the share file {path}: {error}") from error
        try:
            holder, matches = share_check_for_edition(edition=edition, text=text, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not matches:
            raise CommandError(f"Share {holder.index} does NOT match its commitment: tell the organisers now.")
        self.stdout.write(self.style.SUCCESS(f"Share {holder.index} of {edition.slug} matches its commitment."))
