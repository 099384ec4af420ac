from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from awards.services.editions import edition_transition


class Command(BaseCommand):
    help = "Open registration for an edition in draft (draft → registration)."

    def add_arguments(self, parser):
        parser.add_argument("edition", help="the edition's slug, e.g. cct-2027")

    def handle(self, *args, edition, **options):
        try:
            target = Edition.objects.get(slug=edition)
        except Edition.DoesNotExist as exc:
            raise CommandError(f"No edition with the slug {edition!r}.") from exc
        before = target.get_state_display()
        try:
            edition_transition(edition=target, to_state=Edition.State.REGISTRATION, actor=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{target.name} ({target.slug}): {before} → {target.get_state_display()}.")
        )
