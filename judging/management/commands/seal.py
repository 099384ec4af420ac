from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.services.seal import edition_seal


class Command(BaseCommand):
    help = "Seal an edition's judging: commit to every latest scorecard (Merkle root and count)."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition with the slug {options['edition']!r}.")
        try:
            seal = edition_seal(edition=edition, actor=None)
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"sealed {edition.slug}")
        self.stdout.write(f"root {seal.root}")
        self.stdout.write(f"count {seal.count}")
