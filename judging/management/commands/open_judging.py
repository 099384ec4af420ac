"""manage.py open_judging EDITION"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from judging.services.keys import edition_open_judging


class Command(BaseCommand):
    help = "Move an edition from registration to judging, after checking its key, rubrics and final round."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")

    def handle(self, *args, **options):
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"No edition has the slug {options['edition']!r}.")
        try:
            edition_open_judging(edition=edition, actor=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Judging is open for {edition.slug}."))
