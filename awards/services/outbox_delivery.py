"""Delivering one outbox message: claim it, send it, record what happened. Run by `awards.tasks.outbox_deliver`.

A delivery never raises: a mail server that is down, refuses the connection or times out leaves the message
queued with the reason and a next attempt after a back-off (30 s, doubling, at most 30 minutes apart), and after
`MAX_ATTEMPTS` tries it is failed with the last reason; a recipient the server refuses outright is failed at
once. The claim is one conditional UPDATE (queued, due, and not claimed by a live delivery), so two workers, or
a task queued twice, never both send one message; a worker that dies while sending leaves a claim that lapses
after `CLAIM_SECONDS`, and the message is tried again (at most once more than it was sent: e-mail has no
exactly-once).
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Q
from django.utils import timezone

from awards.models import Entry, NdaAcceptance, OutboxMessage
from awards.pdf import entry_receipt_pdf, nda_acceptance_filename, nda_acceptance_pdf
from config.outbox_crypto import body_decrypt

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
CLAIM_SECONDS = 300
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 30 * 60


@dataclass(frozen=True)
class Delivery:
    """What one delivery did: `status` of the message afterwards, and when to try again if still queued."""

    status: str
    retry_at: datetime | None = None


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed try: 30 s, 60 s, 120 s, ... at most 30 minutes."""
    return timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** max(attempts - 1, 0), LONGEST_RETRY_SECONDS))


def _claim(*, message_id: int, now) -> bool:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return bool(
        OutboxMessage.objects.filter(free, pk=message_id, status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now)
        .update(claimed_until=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1)
    )


def _attachment(spec: dict) -> tuple[str, bytes, str] | None:
    if not spec:
        return None
    if spec["kind"] == "nda_acceptance":
        acceptance = NdaAcceptance.objects.select_related("version__edition", "user", "company").get(pk=spec["pk"])
        return nda_acceptance_filename(acceptance), nda_acceptance_pdf(acceptance), "application/pdf"
    if spec["kind"] == "entry_receipt":
        entry = Entry.objects.select_related("category__edition", "company").get(pk=spec["pk"])
        return f"receipt-{entry.reference}.pdf", entry_receipt_pdf(entry), "application/pdf"
    raise ValueError(f"unknown attachment {spec['kind']!r}")


def _send(message: OutboxMessage) -> None:
    email = EmailMessage(subject=message.subject, body=body_decrypt(message.body_encrypted), to=[message.recipient])
    attachment = _attachment(message.attachment)
    if attachment is not None:
        email.attach(*attachment)
    get_connection(fail_silently=False).send_messages([email])


def _reason(exc: Exception) -> str:
    return (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:500]


def outbox_message_deliver(*, message_id: int) -> Delivery:
    """Send one queued message if it is due and no other delivery holds it; record the outcome."""
    now = timezone.now()
    if not _claim(message_id=message_id, now=now):
        row = OutboxMessage.objects.filter(pk=message_id).values("status", "next_attempt_at").first()
        return Delivery(status=row["status"] if row else "missing")
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except smtplib.SMTPRecipientsRefused as exc:
        return _record_failure(message=message, reason=_reason(exc), final=True)
    except Exception as exc:  # noqa: BLE001 (a mail server down, a timeout, a bug: the message waits, never lost)
        logger.warning("Outbox message %s not delivered (attempt %s): %s", message.pk, message.attempts, exc)
        return _record_failure(message=message, reason=_reason(exc), final=message.attempts >= MAX_ATTEMPTS)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return Delivery(status=OutboxMessage.Status.SENT)


def _record_failure(*, message: OutboxMessage, reason: str, final: bool) -> Delivery:
    if final:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=OutboxMessage.Status.FAILED, claimed_until=None, last_error=reason
        )
        return Delivery(status=OutboxMessage.Status.FAILED)
    retry_at = timezone.now() + retry_delay(message.attempts)
    OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None, last_error=reason, next_attempt_at=retry_at)
    return Delivery(status=OutboxMessage.Status.QUEUED, retry_at=retry_at)

