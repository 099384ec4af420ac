"""manage.py outbox_retry [--failed]: queue again what the outbox has not delivered (award-night recovery)."""

from django.core.management.base import BaseCommand

from awards.selectors import outbox_counts
from awards.services.messages import group_messages_requeue
from awards.services.outbox import outbox_retry


class Command(BaseCommand):
    help = (
        "Queue a delivery task for every outbox message that is queued and due (after a worker died or the mail "
        "server was down), and the writing of every message to a group not written yet; with"
        " --failed, also a new copy of every failed message not resent yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="also resend every failed message")

    def handle(self, *args, **options):
        queued, resent = outbox_retry(failed=options["failed"])
        queued += group_messages_requeue()  # messages to a group whose e-mails were never written
        counts = outbox_counts()
        self.stdout.write(
            f"Queued {queued} due message(s) for delivery; resent {resent} failed message(s). "
            f"Outbox now: {counts['queued']} queued, {counts['sent']} sent, {counts['failed']} failed."
        )
