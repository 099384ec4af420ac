"""Background work, run by the worker (`manage.py db_worker`) through Django's task framework (django-tasks).

Tasks take plain, JSON-serialisable keyword arguments (row ids): a task reads the current state of its rows when it
runs, which may be long after it was queued.
"""

from django_tasks import task

from awards.services.outbox_delivery import outbox_message_deliver


@task()
def outbox_deliver(*, message_id: int) -> str:
    """Deliver one outbox message; if the mail server is not reachable, queue the next try after its back-off
    (backends that cannot defer a task, such as the immediate one, leave it to `manage.py outbox_retry`)."""
    delivery = outbox_message_deliver(message_id=message_id)
    if delivery.retry_at is not None and outbox_deliver.get_backend().supports_defer:
        outbox_deliver.using(run_after=delivery.retry_at).enqueue(message_id=message_id)
    return delivery.status

