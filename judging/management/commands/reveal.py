"""manage.py reveal EDITION --share-file F [--share-file F ...]

Each F is what a key holder keeps: their holder key file (the server opens the encrypted share it keeps
for that holder), one file holding the key and the encrypted share, the key file and the encrypted share
file given as two --share-file arguments, or a plain share file (a key made before holder keys).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Award, Edition
from judging.sealing import holder_texts_combine
from judging.services.reveal import RevealError, edition_reveal


class Command(BaseCommand):
    help = (
        "Reveal a sealed edition with k key holders' files (holder key files, with or without their encrypted "
        "share, or plain share files); prints the awards made."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument(
            "--share-file", action="append", default=[], dest="share_files",
            help="a key holder's key file, encrypted share file, or share file (repeat for each)",
        )

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        shares = []
        for name in options["share_files"]:
            try:
                shares.append(Path(name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read the share file {name}: {exc}") from exc
        try:
            reveal = edition_reveal(edition=edition, shares=holder_texts_combine(shares), actor=None)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        except RevealError as exc:
            raise CommandError(str(exc)) from exc
        awards = Award.objects.filter(edition=edition).count()
        self.stdout.write(f"revealed {edition.slug}: {awards} awards, root {reveal.results['commitment']['root']}")
