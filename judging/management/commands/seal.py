from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.models import Seal
from judging.services.rounds import round_seal
from judging.services.seal import edition_seal


class Command(BaseCommand):
    help = (
        "Seal an edition's judging: commit to every latest scorecard (Merkle root and count). With --round N, "
        "seal that round (an earlier round leaves the edition in judging until its shortlist reveal)."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")
        parser.add_argument("--round", type=int, dest="round", help="the round's number (default: the final round)")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        try:
            if options["round"] is None:
                seal = edition_seal(edition=edition, actor=None)
            else:
                seal = round_seal(edition=edition, number=options["round"], actor=None)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        if isinstance(seal, Seal):
            self.stdout.write(f"sealed {edition.slug}")
        else:
            self.stdout.write(f"sealed {edition.slug} round {seal.round.number}")
        self.stdout.write(f"root {seal.root}")
        self.stdout.write(f"count {seal.count}")
