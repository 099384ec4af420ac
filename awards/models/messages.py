"""Messages an organiser sends to a group, and the scheduled reminders already sent (one per recipient and
deadline)."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from awards.models.editions import Edition


class GroupMessage(models.Model):
    """One message an organiser wrote to a group of recipients (Indonesian and English texts with
    placeholders); the outbox holds one rendered e-mail per recipient (`OutboxMessage.group_message`), written by
    the worker (`awards.message_tasks.group_message_prepare`) after the organiser pressed Send."""

    class Language(models.TextChoices):
        # Each recipient's own language (their profile's); both languages for those whose language is not known.
        RECIPIENT = "recipient", _("Each recipient's language")
        BOTH = "id+en", _("Both languages (Indonesian, then English)")
        INDONESIAN = "id", _("Indonesian only")
        ENGLISH = "en", _("English only")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="group_messages")
    group = models.CharField(_("group"), max_length=40)
    # The category of the group "entrants of a category" (its code, so the record reads without a join).
    group_category = models.CharField(_("category"), max_length=40, blank=True)
    group_label = models.CharField(_("group"), max_length=300)

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # recorded; the worker has not started on it
        PREPARING = "preparing", _("Preparing")  # the worker is writing one e-mail per recipient
        PREPARED = "prepared", _("Sent to the outbox")  # every recipient's e-mail is in the outbox

    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.RECIPIENT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    subject_id = models.CharField(_("subject (Indonesian)"), max_length=200, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_id = models.TextField(_("message (Indonesian)"), blank=True)
    body_en = models.TextField(_("message (English)"), blank=True)
    # The group's size when the message was sent; the worker sets it to the e-mails it wrote.
    recipient_count = models.PositiveIntegerField(_("recipients"))
    prepared_at = models.DateTimeField(_("written to the outbox at"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to a group")
        verbose_name_plural = _("messages to groups")

    def __str__(self) -> str:
        return f"{self.edition.slug}: {self.subject_en or self.subject_id} → {self.group}"

    def _subjects(self) -> tuple[str, str]:
        # The reader's language first: an organiser reading English sees the English subject as the title.
        pair = (self.subject_en, self.subject_id) if get_language() == "en" else (self.subject_id, self.subject_en)
        return pair if pair[0] else (pair[1], "")

    @property
    def subject(self) -> str:
        """The subject in the reader's language, else in the one the message was written in."""
        return self._subjects()[0]

    @property
    def subject_other(self) -> str:
        """The subject in the other language, when the message has both."""
        return self._subjects()[1]


class ReminderSent(models.Model):
    """A scheduled reminder sent to one person for one deadline. The unique constraint makes a second send
    impossible, however many workers run the reminders at once: a second insert fails and sends nothing."""

    class Kind(models.TextChoices):
        ENTRIES = "entries", _("Unsubmitted entries before the entry deadline")
        SCORING = "scoring", _("Unscored entries before a round's scoring closes")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="reminders_sent")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the deadline belongs to ("edition:3", "round:7"), so two rounds closing at once are two reminders.
    target = models.CharField(max_length=40)
    deadline = models.DateTimeField(_("deadline"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.EmailField(_("recipient"))
    outbox_message = models.ForeignKey(
        "awards.OutboxMessage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["kind", "target", "deadline", "user"], name="reminder_once_per_deadline"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target} → {self.recipient}"
