"""The scheduled reminders without cron: a background task that sends what is due, then queues itself again to
run `REMINDERS_INTERVAL` later (django-tasks' `run_after`). `reminders_schedule_start` (run by `make serve`, the
container's worker and `manage.py send_reminders --schedule`) queues the first run unless one is already waiting,
so starting it twice starts one chain; a run that finds another run waiting does not queue a third.

Only a backend that keeps deferred tasks (the database backend) runs the chain; elsewhere the systemd timer in
deploy/systemd/ runs `manage.py send_reminders` instead.
"""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from awards.services.reminders import reminders_send

REMINDERS_INTERVAL = timedelta(minutes=15)


def _waiting() -> bool:
    return DBTaskResult.objects.filter(task_path=reminders_run.module_path, status=TaskResultStatus.READY).exists()


def reminders_schedule_start(*, after=None) -> bool:
    """Queue the next run of the reminders (at `after`, now by default) unless one is already waiting.
    Returns whether it queued one."""
    if not isinstance(reminders_run.get_backend(), DatabaseBackend) or _waiting():
        return False
    reminders_run.using(run_after=after or timezone.now()).enqueue()
    return True


@task()
def reminders_run() -> int:
    """Send the reminders that are due, then queue the next run (also when this one fails: the chain goes on)."""
    try:
        return reminders_send().sent
    finally:
        reminders_schedule_start(after=timezone.now() + REMINDERS_INTERVAL)
