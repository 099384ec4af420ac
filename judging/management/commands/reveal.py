from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Award, Edition
from judging.services.reveal import RevealError, edition_reveal


class Command(BaseCommand):
    help = "Reveal a sealed edition with k key holders' share files; prints the awards made."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument(
            "--share-file", action="append", default=[], dest="share_files", help="a key holder's share file"
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
            reveal = edition_reveal(edition=edition, shares=shares, actor=None)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        except RevealError as exc:
            raise CommandError(str(exc)) from exc
        awards = Award.objects.filter(edition=edition).count()
        self.stdout.write(f"revealed {edition.slug}: {awards} awards, root {reveal.results['commitment']['root']}")
