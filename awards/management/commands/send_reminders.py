"""manage.py send_reminders [EDITION] [--schedule]: send the scheduled reminders that are due (the systemd timer
runs it), or with --schedule queue the background task that sends them every few minutes (make serve does)."""

from django.core.management.base import BaseCommand, CommandError

from awards.models import Edition
from awards.reminder_tasks import REMINDERS_INTERVAL, reminders_schedule_start
from awards.services.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Send every reminder that is due and not sent yet (judges with unscored entries before a round's scoring "
        "closes, entrants with unsubmitted entries before the entry deadline), for one edition or all. Running it "
        "again, or twice at once, sends nobody a second reminder."
    )

    def add_arguments(self, parser):
        parser.add_argument("edition", nargs="?", help="the edition's slug (all editions when left out)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="queue the background task that sends the reminders every few minutes, unless it is queued already",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            if options["edition"]:
                raise CommandError("--schedule runs the reminders of every edition: give no edition.")
            queued = reminders_schedule_start()
            minutes = int(REMINDERS_INTERVAL.total_seconds() // 60)
            self.stdout.write(
                f"Queued the reminders task (it runs every {minutes} minutes while a worker runs)."
                if queued
                else "The reminders task is already queued (or this task backend cannot defer tasks): nothing to do."
            )
            return
        edition = None
        if options["edition"]:
            try:
                edition = Edition.objects.get(slug=options["edition"])
            except Edition.DoesNotExist as exc:
                raise CommandError(f"No edition with the slug “{options['edition']}”.") from exc
        run = reminders_send(edition=edition)
        self.stdout.write(
            f"Sent {run.sent} reminder(s) (queued in the outbox; the worker delivers them); "
            f"{run.already_sent} were sent before."
        )
