"""manage.py reveal_shortlist EDITION --round N --key-file F [--key-file F ...]

Each F is a key holder's own key file (with or without their encrypted share of the edition key): the
server opens, in memory, the holder's share of the round's key that it keeps encrypted to that key.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.selectors.rounds import finalists_of
from judging.services.reveal import RevealError
from judging.services.shortlist import shortlist_reveal


class Command(BaseCommand):
    help = (
        "Reveal the shortlist of a sealed earlier round with k key holders' key files: stores only the set of "
        "finalists per category and a commitment to it; prints the finalists alphabetically and the commitment."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--round", type=int, required=True, dest="round", help="the round's number")
        parser.add_argument("--key-file", action="append", default=[], dest="key_files",
                            help="a key holder's key file (repeat for each holder present)")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        texts = []
        for name in options["key_files"]:
            try:
                texts.append(Path(name).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"Cannot read the key file {name}: {exc}") from exc
        try:
            seal = shortlist_reveal(edition=edition, number=options["round"], texts=texts, actor=None)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        except RevealError as exc:
            raise CommandError(str(exc)) from exc
        finalists = list(finalists_of(round=seal.round))
        self.stdout.write(f"shortlisted {edition.slug} round {seal.round.number}: {len(finalists)} finalists")
        for finalist in finalists:
            self.stdout.write(f"  {finalist.entry.category.code}  {finalist.entry.company.legal_name}")
        self.stdout.write(f"root {seal.root}")
        self.stdout.write(f"commitment {seal.shortlist_commitment}")
