"""The worker's part of an organiser's message to a group: one outbox e-mail per recipient, written once."""

from django.db import transaction
from django.utils import timezone

from awards.communications import (
    BOTH,
    group_members,
    joined,
    language_or_both,
    message_render,
    shared_values,
    with_languages,
)
from awards.models import Category, GroupMessage
from awards.services.outbox import outbox_queue_letters


def group_message_outbox_write(*, message_id: int) -> int:
    """The worker's part of sending a message: one outbox e-mail per member of the group (as the group is now), in
    each recipient's language or the message's, written in one transaction with their delivery tasks. Returns how
    many it wrote.

    Runs once per message however often it is called: the message row is locked, a message already prepared is
    left alone, and the outbox's unique constraint (one e-mail per message and recipient) refuses a second set."""
    # Visible at once (its own short transaction): the organiser's page says the worker has started.
    GroupMessage.objects.filter(pk=message_id, status=GroupMessage.Status.QUEUED).update(
        status=GroupMessage.Status.PREPARING
    )
    with transaction.atomic():
        message = GroupMessage.objects.select_for_update().select_related("edition").filter(pk=message_id).first()
        if message is None or message.status == GroupMessage.Status.PREPARED:
            return 0
        edition = message.edition
        category = None
        if message.group_category:
            category = Category.objects.filter(edition=edition, code=message.group_category).first()
        members = with_languages(group_members(edition=edition, key=message.group, category=category))
        subjects = {"id": message.subject_id, "en": message.subject_en}
        bodies = {"id": message.body_id, "en": message.body_en}
        per_recipient = message.language == GroupMessage.Language.RECIPIENT
        shared = shared_values(edition=edition, language=BOTH)
        letters, seen = [], set()
        for recipient in members:
            if recipient.email.lower() in seen:  # two accounts sharing an address get one e-mail
                continue
            seen.add(recipient.email.lower())
            language = language_or_both(recipient.language) if per_recipient else message.language
            text = joined(
                message_render(
                    edition=edition,
                    recipient=recipient,
                    language=language,
                    subjects=subjects,
                    bodies=bodies,
                    shared=shared,
                )
            )
            letters.append((recipient.email, language, text.subject, text.body))
        outbox_queue_letters(kind="message.group", letters=letters, edition=edition, group_message=message)
        message.status = GroupMessage.Status.PREPARED
        message.prepared_at = timezone.now()
        message.recipient_count = len(letters)
        message.save(update_fields=["status", "prepared_at", "recipient_count"])
    return len(letters)
