"""Background tasks: stored in the database and run by `manage.py db_worker`, as in production."""

import pytest
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


@task()
def add(*, a: int, b: int) -> int:
    return a + b


def test_a_queued_task_waits_for_the_worker_which_runs_it_once(task_worker):
    result = add.enqueue(a=2, b=3)
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.READY  # nothing runs it in-process

    assert task_worker() == 1
    result.refresh()
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 5)
    assert task_worker() == 0  # run once, never again


def test_the_tests_run_tasks_at_once_unless_they_ask_for_the_worker():
    result = add.enqueue(a=1, b=1)
    assert (result.status, result.return_value) == (TaskResultStatus.SUCCESSFUL, 2)
    assert not DBTaskResult.objects.exists()

