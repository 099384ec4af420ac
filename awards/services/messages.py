"""An organiser's message to a group: checked, then one e-mail per recipient written to the outbox (the worker
delivers them), the message recorded and audit-logged, all in one transaction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.audit import audit_append
from awards.communications import (
    group_members,
    group_of,
    joined,
    message_render,
    placeholder_problems,
    shared_values,
)
from awards.models import Category, Edition, GroupMessage
from awards.services.outbox import outbox_queue


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
    """Send the draft to every member of its group: one outbox row per recipient, in the message's languages.
    Refused (ValidationError, nothing written) when the draft is wrong or the group has nobody in it."""
    message_draft_check(edition=edition, draft=draft)
    recipients = group_members(edition=edition, key=draft.group, category=draft.category)
    if not recipients:
        raise ValidationError(_("Nobody is in this group now: nothing was sent."), code="empty")
    group = group_of(draft.group)
    label = str(group.label) + (f": {draft.category.code}" if group.by_category else "")
    kept = {code: code in draft.languages for code in ("id", "en")}
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
            sent_by=actor,
            sent_at=timezone.now(),
        )
        message.full_clean()
        message.save()
        shared = shared_values(edition=edition, language=draft.language)
        for recipient in recipients:
            text = joined(
                message_render(
                    edition=edition,
                    recipient=recipient,
                    language=draft.language,
                    subjects=draft.subjects,
                    bodies=draft.bodies,
                    shared=shared,
                )
            )
            outbox_queue(
                kind="message.group",
                to=recipient.email,
                subject=text.subject,
                body=text.body,
                edition=edition,
                language=draft.language,
                group_message=message,
            )
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
    return message
