"""manage.py check_share EDITION --share-file F [--share-file G]

F is the holder key file (alone, or holding the encrypted share too), or a plain share file; the holder's
encrypted share file may be given as a second --share-file.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.sealing import holder_texts_combine
from judging.services.keys import share_check_for_edition


class Command(BaseCommand):
    help = "Check a key holder's key file (or share file) against the share's commitment (nothing is stored)."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument(
            "--share-file", required=True, action="append", dest="share_files",
            help="the holder key file, or the share file; the encrypted share file may be given as a second one",
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition has the slug {options['edition']!r}.")
        texts = []
        for name in options["share_files"]:
            path = Path(name)
            try:
                texts.append(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read the share file {path}: {error}") from error
        combined = holder_texts_combine(texts)
        if len(combined) != 1:
            raise CommandError("Give one holder's files: their key file, and at most their encrypted share file.")
        try:
            holder, matches = share_check_for_edition(edition=edition, text=combined[0], actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if not matches:
            raise CommandError(f"Share {holder.index} does NOT match its commitment: tell the organisers now.")
        self.stdout.write(self.style.SUCCESS(f"Share {holder.index} of {edition.slug} matches its commitment."))
