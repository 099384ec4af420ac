"""Scheduled reminders: before each deadline that applies (the entry deadline, a round's scoring), everyone it
concerns gets one reminder, through the outbox, in their own language (Indonesian then English when the site does
not know it).

Each reminder is recorded as a ReminderSent row whose unique constraint (kind, what the deadline belongs to, the
deadline, the person) makes a second send impossible: the row and its outbox message are written in one
savepoint, so when two runs race, the second insert fails, its e-mail is rolled back with it, and the person
gets one reminder. A deadline that moves is a new deadline, reminded again.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from awards import lifecycle
from awards.audit import audit_append
from awards.communications import Deadline, edition_deadlines
from awards.models import Edition, ReminderSent
from awards.services.outbox import outbox_queue


@dataclass(frozen=True)
class RemindersRun:
    sent: int
    already_sent: int


def _send_one(*, edition: Edition, deadline: Deadline, reminder, now) -> bool:
    try:
        with transaction.atomic():
            row = ReminderSent.objects.create(
                edition=edition,
                kind=deadline.kind,
                target=deadline.target,
                deadline=deadline.deadline,
                user_id=reminder.recipient.user_id,
                recipient=reminder.recipient.email,
                sent_at=now,
            )
            [message] = outbox_queue(
                kind=f"reminder.{deadline.kind}",
                to=reminder.recipient.email,
                subject=reminder.subject,
                body=reminder.body,
                edition=edition,
                language=reminder.language,
            )
            row.outbox_message = message
            row.save(update_fields=["outbox_message"])
    except IntegrityError:  # another run sent this one first
        return False
    return True


def reminders_send(*, edition: Edition | None = None, now=None) -> RemindersRun:
    """Send every reminder that is due now and not sent yet, for one edition or for every edition where a
    deadline can apply. Safe to run as often and as concurrently as one likes."""
    now = now or timezone.now()
    if edition is not None:
        editions = [edition]
    else:
        editions = list(
            Edition.objects.filter(state__in=lifecycle.states_where("registration_open"))
            | Edition.objects.filter(state__in=lifecycle.states_where("scoring_open"))
        )
    sent = skipped = 0
    for current in editions:
        count = 0
        for deadline in edition_deadlines(edition=current):
            if not deadline.is_due(current, now):
                continue
            done = set(
                ReminderSent.objects.filter(
                    kind=deadline.kind, target=deadline.target, deadline=deadline.deadline
                ).values_list("user_id", flat=True)
            )
            for reminder in deadline.reminders():
                if reminder.recipient.user_id in done:
                    skipped += 1
                elif _send_one(edition=current, deadline=deadline, reminder=reminder, now=now):
                    count += 1
                else:
                    skipped += 1
        if count:
            audit_append(action="reminders.sent", edition=current, payload={"sent": count})
        sent += count
    return RemindersRun(sent=sent, already_sent=skipped)


def edition_reminder_days_update(*, edition: Edition, days: int, actor) -> Edition:
    """How many days before a deadline the edition's reminders go out (audit-logged)."""
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        before = edition.reminder_days
        edition.reminder_days = days
        edition.full_clean()
        edition.save(update_fields=["reminder_days"])
        audit_append(
            action="edition.reminders_changed", actor=actor, edition=edition, payload={"before": before, "after": days}
        )
    return edition
