"""An organiser's message to a group: checked, recorded and audit-logged in the request; then the worker writes one
e-mail per recipient to the outbox in one transaction (`awards.services.message_outbox`) and delivers them."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from awards.audit import audit_append
from awards.communications import (
    LANGUAGES,
    group_members,
    group_of,
    placeholder_problems,
)
from awards.message_tasks import group_message_prepare
from awards.models import Category, Edition, GroupMessage


@dataclass(frozen=True)
class MessageDraft:
    """What the organiser wrote: the group, the languages, and the texts in each."""

    group: str
    category: Category | None
    language: str
    subject_id: str = ""
    subject_en: str = ""
    body_id: str = ""
    body_en: str = ""

    @property
    def languages(self) -> list[str]:
        """The languages the organiser writes in (both when each recipient gets their own)."""
        if self.language == GroupMessage.Language.RECIPIENT:
            return list(LANGUAGES)
        return self.language.split("+")

    @property
    def subjects(self) -> dict[str, str]:
        return {"id": self.subject_id, "en": self.subject_en}

    @property
    def bodies(self) -> dict[str, str]:
        return {"id": self.body_id, "en": self.body_en}


def message_draft_check(*, edition: Edition, draft: MessageDraft) -> None:
    """Raise ValidationError (field by field) when the draft cannot be sent as written."""
    errors: dict[str, list[str]] = {}
    group = group_of(draft.group)
    if group is None:
        errors["group"] = [_("Choose a group from the list.")]
    elif group.by_category and (draft.category is None or draft.category.edition_id != edition.pk):
        errors["category"] = [_("Choose the category whose entrants receive the message.")]
    if draft.language not in GroupMessage.Language.values:
        errors["language"] = [_("Choose the languages of the message.")]
    else:
        for code in draft.languages:
            for name, text in ((f"subject_{code}", draft.subjects[code]), (f"body_{code}", draft.bodies[code])):
                if not text.strip():
                    errors.setdefault(name, []).append(_("Write this text: the message is sent in this language."))
                errors.setdefault(name, []).extend(placeholder_problems(text))
    errors = {name: problems for name, problems in errors.items() if problems}
    if errors:
        raise ValidationError(errors)


def group_message_send(*, edition: Edition, draft: MessageDraft, actor) -> GroupMessage:
    """Record the draft as a message to its group and queue the worker's task that writes one e-mail per recipient
    (`group_message_outbox_write`): the request writes no e-mail, however large the group. Refused
    (ValidationError, nothing written) when the draft is wrong or the group has nobody in it."""
    message_draft_check(edition=edition, draft=draft)
    recipients = group_members(edition=edition, key=draft.group, category=draft.category)
    if not recipients:
        raise ValidationError(_("Nobody is in this group now: nothing was sent."), code="empty")
    group = group_of(draft.group)
    label = str(group.label) + (f": {draft.category.code}" if group.by_category else "")
    kept = {code: code in draft.languages for code in LANGUAGES}
    with transaction.atomic():
        message = GroupMessage(
            edition=edition,
            group=draft.group,
            group_category=draft.category.code if group.by_category else "",
            group_label=label[:300],
            language=draft.language,
            subject_id=draft.subject_id.strip() if kept["id"] else "",
            body_id=draft.body_id if kept["id"] else "",
            subject_en=draft.subject_en.strip() if kept["en"] else "",
            body_en=draft.body_en if kept["en"] else "",
            recipient_count=len(recipients),
            status=GroupMessage.Status.QUEUED,
            sent_by=actor,
            sent_at=timezone.now(),
        )
        message.full_clean()
        message.save()
        audit_append(
            action="message.sent",
            actor=actor,
            edition=edition,
            payload={
                "message": message.pk,
                "group": draft.group,
                "category": message.group_category,
                "recipients": len(recipients),
                "language": draft.language,
            },
        )
        _queue_preparation(message_id=message.pk)
    return message


def _queue_preparation(*, message_id: int) -> None:
    # As the outbox's deliveries: a backend that keeps its tasks in this database gets the task in the message's
    # transaction (both or neither); another backend once the message is committed, so its worker finds it.
    if isinstance(group_message_prepare.get_backend(), DatabaseBackend | ImmediateBackend):
        group_message_prepare.enqueue(message_id=message_id)
    else:
        transaction.on_commit(lambda: group_message_prepare.enqueue(message_id=message_id))


def group_messages_requeue() -> int:
    """Queue again the writing of every message whose e-mails are not written (its task lost, or its worker killed
    mid-way, which rolled the writing back): safe, since a message is written once. Returns how many."""
    unwritten = list(GroupMessage.objects.exclude(status=GroupMessage.Status.PREPARED).values_list("pk", flat=True))
    for message_id in unwritten:
        group_message_prepare.enqueue(message_id=message_id)
    return len(unwritten)
