"""Health endpoints (django-health-check), answering 200 when every check passes and 500 otherwise
(?format=json or Accept: application/json for JSON; each check says "OK" or a short reason that never holds a
host name, a password or a path, the details going to the log). No sign-in, no session, no secrets.

- /health/ is for load balancers and container health checks: what this app server needs to serve a request,
  the database (SELECT 1), the shared cache (a key written and read back) and the private storage (a small file
  written, read and deleted: the local folder or the bucket).
- /health/all/ is for monitoring: the same, the background worker, which is late when a task due to run has
  waited longer than AWARDS_WORKER_MAX_WAIT_SECONDS (a stopped worker leaves e-mails and packs waiting), and
  the outbox, late when an e-mail has been queued longer than AWARDS_OUTBOX_MAX_AGE_SECONDS (the mail server
  down, or no worker). Both are kept out of /health/: neither must take every app server out of the load
  balancer.
"""

import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils import timezone
from health_check import Cache, Database, HealthCheck, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

from awards.selectors import outbox_oldest_queued_at


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The background worker keeps up: no task due to run has waited longer than the setting allows. Only the
    database backend's queue can be read; with another backend (or `immediate`) there is nothing to check."""

    async def run(self):
        if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
            return
        # In the request's own thread and database connection, as Django runs database work from async code.
        waited = await sync_to_async(oldest_task_wait)()
        allowed = settings.AWARDS_WORKER_MAX_WAIT_SECONDS
        if waited is not None and waited.total_seconds() > allowed:
            raise ServiceUnavailable(
                f"a task has waited {int(waited.total_seconds())} s for the worker (more than {allowed} s)"
            )


def oldest_task_wait() -> datetime.timedelta | None:
    """How long the task that has waited longest for a worker has been due (None when none is waiting)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    ready = DBTaskResult.objects.ready()
    due = [
        ready.filter(run_after=get_date_max()).order_by("enqueued_at").values_list("enqueued_at", flat=True).first(),
        ready.exclude(run_after=get_date_max()).order_by("run_after").values_list("run_after", flat=True).first(),
    ]
    due = [moment for moment in due if moment is not None]
    return timezone.now() - min(due) if due else None


@dataclasses.dataclass
class OutboxAge(HealthCheck):
    """E-mails leave: none has been waiting in the outbox longer than the setting allows."""

    async def run(self):
        queued_at = await sync_to_async(outbox_oldest_queued_at)()
        allowed = settings.AWARDS_OUTBOX_MAX_AGE_SECONDS
        if queued_at is not None and (age := (timezone.now() - queued_at).total_seconds()) > allowed:
            raise ServiceUnavailable(f"an e-mail has been queued for {int(age)} s (more than {allowed} s)")


SERVER_CHECKS = (Database, Cache, Storage)

health = HealthCheckView.as_view(checks=SERVER_CHECKS)
health_all = HealthCheckView.as_view(checks=(*SERVER_CHECKS, TaskQueue, OutboxAge))
