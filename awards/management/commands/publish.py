"""manage.py publish EDITION: make a revealed edition's winners public and tell the participants."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from awards.services.publication import edition_publish, participant_contacts


class Command(BaseCommand):
    help = "Publish the results of a revealed edition: winners page, certificates, e-mails to participants."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug")

    def handle(self, *args, **options):
        slug = options["edition"]
        try:
            edition = Edition.objects.get(slug=slug)
        except Edition.DoesNotExist as exc:
            raise CommandError(f"No edition with the slug “{slug}”.") from exc
        try:
            edition = edition_publish(edition=edition, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        recipients = len(participant_contacts(edition=edition))
        self.stdout.write(
            f"Published {edition.slug}: {edition.awards.count()} awards are public; "
            f"queued an e-mail to {recipients} participant contact(s) in the outbox (the worker sends them)."
        )
