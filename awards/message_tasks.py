"""The background task that writes an organiser's message to a group into the outbox (one e-mail per recipient),
queued by `awards.services.messages.group_message_send`; each e-mail is then delivered by its own task
(`awards.tasks.outbox_deliver`)."""

from django_tasks import task

from awards.services.message_outbox import group_message_outbox_write


@task()
def group_message_prepare(*, message_id: int) -> int:
    """Write one outbox e-mail per recipient of the message; returns how many (0 when it was written already)."""
    return group_message_outbox_write(message_id=message_id)
