"""Writing e-mails to the outbox: every e-mail the platform sends is queued here, in the transaction of the event
that causes it, and delivered by the worker (`awards.tasks.outbox_deliver`, `awards.services.outbox_delivery`).

`outbox_queue` writes one row per recipient and queues its delivery task in the same transaction when the task
backend keeps its tasks in this database (the database backend) or runs them at once (the immediate backend):
the event, its e-mails and their delivery tasks commit together or not at all, so a process killed right after
the commit still delivers every e-mail. Another backend (RQ, Celery) gets the task once the transaction commits,
and `manage.py outbox_retry` queues whatever such a backend lost.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from awards.audit import audit_append
from awards.models import Edition, OutboxMessage
from awards.selectors import outbox_due_ids
from awards.tasks import outbox_deliver
from config.outbox_crypto import body_decrypt, body_encrypt


def _queue_delivery(*, message_id: int) -> None:
    if isinstance(outbox_deliver.get_backend(), DatabaseBackend | ImmediateBackend):
        outbox_deliver.enqueue(message_id=message_id)
    else:
        transaction.on_commit(lambda: outbox_deliver.enqueue(message_id=message_id))


# The language of a message written in Indonesian, then English (to many recipients whose language is not known).
BOTH_LANGUAGES = "id+en"


def outbox_queue(
    *, kind: str, to: list[str] | str, subject: str, body: str, edition: Edition | None = None,
    language: str = "", attachment: dict | None = None, prefix: bool = True, group_message=None,
) -> list[OutboxMessage]:
    """Queue one e-mail per recipient (the same subject and body, already rendered in `language`, the active
    language by default). Call inside the transaction of the event the e-mail tells of."""
    recipients = [to] if isinstance(to, str) else list(dict.fromkeys(address for address in to if address))
    subject = (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX if prefix else "") + " ".join(subject.split())
    rows = []
    with transaction.atomic():
        for recipient in recipients:
            row = OutboxMessage(
                edition=edition, kind=kind, recipient=recipient, language=language or get_language() or "",
                subject=subject[:300], body_encrypted=body_encrypt(body), attachment=attachment or {},
                next_attempt_at=timezone.now(), group_message=group_message,
            )
            # The foreign keys are objects the caller holds (the database checks them): validating them would cost
            # two queries per recipient of a message to hundreds.
            row.full_clean(exclude=["edition", "group_message"])
            row.save()
            _queue_delivery(message_id=row.pk)
            rows.append(row)
    return rows


def outbox_queue_letters(
    *, kind: str, letters: list[tuple[str, str, str, str]], edition: Edition | None = None, group_message=None
) -> list[OutboxMessage]:
    """Queue many e-mails, each its own (`letters`: recipient, language, subject, body), with one INSERT for all
    of them, and their delivery tasks. Call inside the transaction of the event the e-mails tell of."""
    now = timezone.now()
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    rows = [
        OutboxMessage(
            edition=edition, kind=kind, recipient=recipient, language=language,
            subject=(prefix + " ".join(subject.split()))[:300], body_encrypted=body_encrypt(body),
            next_attempt_at=now, group_message=group_message,
        )
        for recipient, language, subject, body in letters
    ]
    for row in rows:
        row.full_clean(exclude=["edition", "group_message"])  # as outbox_queue: the foreign keys are the caller's
    with transaction.atomic():
        OutboxMessage.objects.bulk_create(rows)  # sets each row's id (PostgreSQL, SQLite 3.35+)
        for row in rows:
            _queue_delivery(message_id=row.pk)
    return rows


def outbox_message_resend(*, message: OutboxMessage, actor) -> OutboxMessage:
    """An organiser sends a message again: a new queued copy (the original keeps its own history). Refused
    while the message is still queued, since it is being delivered already."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.status == OutboxMessage.Status.QUEUED:
            raise ValidationError(_("This message is still queued: it is being delivered."), code="queued")
        copy = OutboxMessage(
            edition=message.edition, kind=message.kind, recipient=message.recipient, language=message.language,
            subject=message.subject, body_encrypted=body_encrypt(body_decrypt(message.body_encrypted)),
            attachment=message.attachment, next_attempt_at=timezone.now(), resend_of=message,
            group_message_id=message.group_message_id,
        )
        copy.full_clean()
        copy.save()
        audit_append(
            action="outbox.resent", actor=actor, edition=message.edition,
            payload={"message": message.pk, "copy": copy.pk, "kind": message.kind},
        )
        _queue_delivery(message_id=copy.pk)
    return copy


def outbox_retry(*, failed: bool = False, actor=None) -> tuple[int, int]:
    """Queue a delivery task for every queued message that is due (after a worker died, or a backend lost its
    tasks), and with `failed` a new copy of every failed message. Returns (queued again, failed resent)."""
    due = outbox_due_ids()
    for message_id in due:
        outbox_deliver.enqueue(message_id=message_id)
    resent = 0
    if failed:
        for message in OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED, resends__isnull=True):
            outbox_message_resend(message=message, actor=actor)
            resent += 1
    return len(due), resent
