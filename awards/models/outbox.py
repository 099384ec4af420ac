"""The outbox: every e-mail the platform sends is first a row here, written in the transaction of the event that
causes it, then delivered by a background task (`awards.tasks.outbox_deliver`) with retries and back-off."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models.editions import Edition


class OutboxMessage(models.Model):
    """One e-mail to one recipient, in one language. Its body is stored encrypted (`config.outbox_crypto`):
    an invitation's link is a secret the database otherwise keeps only as a hash."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        Edition, on_delete=models.SET_NULL, null=True, blank=True, related_name="outbox_messages"
    )
    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.EmailField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    body_encrypted = models.TextField()
    # What to attach, rebuilt at delivery from the rows it names: {"kind": "nda_acceptance"|"entry_receipt", "pk": n}.
    attachment = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    # A delivery claims the row until then (a conditional UPDATE, so two workers never both send it); a worker
    # that dies mid-send leaves a claim that lapses, and the message is tried again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(_("reason"), max_length=500, blank=True)
    # The organiser's message to a group this e-mail is one recipient's copy of (a resend keeps it).
    group_message = models.ForeignKey(
        "awards.GroupMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="outbox_messages"
    )
    resend_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resends")
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            # A message to a group is written once per recipient, however many times or workers prepare it (a
            # resent copy is the one exception: it names the e-mail it copies).
            models.UniqueConstraint(
                fields=["group_message", "recipient"],
                condition=Q(group_message__isnull=False, resend_of__isnull=True),
                name="outbox_once_per_group_message_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.status})"

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def retrying(self) -> bool:
        """Queued after at least one failed try."""
        return self.is_queued and self.attempts > 0
