"""The health endpoint (config/health.py): 200 when the database, the shared cache and the private storage work,
500 naming the failing check otherwise, with nothing in the answer that helps an attacker."""

import pytest

pytestmark = pytest.mark.django_db

CHECKS = ["Database(alias='default')", "Cache(alias='default')", "Storage(alias='default')"]


def test_a_healthy_server_answers_200_with_every_check_ok_and_keeps_no_trace(client, settings):
    response = client.get("/health/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.json() == dict.fromkeys(CHECKS, "OK")
    assert "no-cache" in response["Cache-Control"] and "Set-Cookie" not in response.headers
    assert [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] == []  # the probe file is gone


def test_a_storage_that_cannot_be_written_fails_the_check_without_naming_the_folder(client, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    settings.MEDIA_ROOT = blocked

    response = client.get("/health/?format=json")

    assert response.status_code == 500
    assert response.json()["Storage(alias='default')"] != "OK"
    assert response.json()["Database(alias='default')"] == "OK"
    assert str(tmp_path) not in response.text


def test_an_unreachable_cache_fails_the_check_without_naming_the_server(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://:cache-password-4711@127.0.0.1:8108/0"}}

    response = client.get("/health/", headers={"Accept": "text/plain"})

    assert response.status_code == 500
    assert "Cache(alias='default'): Unexpected Result: Connection Error" in response.text
    assert "8108" not in response.text and "cache-password-4711" not in response.text


def test_the_https_redirect_spares_the_health_endpoint(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/health/").status_code == 200


def test_the_monitoring_endpoint_reports_a_worker_that_leaves_tasks_waiting(client, settings, task_worker):
    """/health/all/ adds the background worker: fine while nothing waits long; late (500) once a task due to run
    has waited longer than AWARDS_WORKER_MAX_WAIT_SECONDS; fine again once the worker has run it. /health/, which
    load balancers ask, is not affected by the worker."""
    import datetime

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from tests.test_tasks import add

    settings.AWARDS_WORKER_MAX_WAIT_SECONDS = 60
    add.enqueue(a=1, b=2)
    assert client.get("/health/all/?format=json").json()["TaskQueue()"] == "OK"

    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(seconds=90))
    late = client.get("/health/all/?format=json")
    assert late.status_code == 500
    assert late.json()["TaskQueue()"].startswith("Unavailable: a task has waited 9")
    assert client.get("/health/").status_code == 200

    assert task_worker() == 1
    assert client.get("/health/all/?format=json").status_code == 200


def test_the_monitoring_endpoint_reports_e_mail_that_is_not_leaving(client, settings, task_worker):
    """/health/all/ adds the outbox: late (500) once an e-mail has been queued longer than
    AWARDS_OUTBOX_MAX_AGE_SECONDS, fine again once the worker has delivered it; /health/ is not affected."""
    import datetime

    from django.core import mail
    from django.utils import timezone

    from awards.models import OutboxMessage
    from awards.services.outbox import outbox_queue

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AWARDS_OUTBOX_MAX_AGE_SECONDS = 600
    settings.AWARDS_WORKER_MAX_WAIT_SECONDS = 10_000  # this test is about the outbox alone
    outbox_queue(kind="test", to="someone@example.test", subject="Hello", body="A secret link")
    assert client.get("/health/all/?format=json").json()["OutboxAge()"] == "OK"

    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=20))
    late = client.get("/health/all/?format=json")
    assert late.status_code == 500
    assert late.json()["OutboxAge()"].startswith("Unavailable: an e-mail has been queued for 12")
    assert "someone@example.test" not in late.text and "A secret link" not in late.text
    assert client.get("/health/").status_code == 200

    task_worker()
    assert len(mail.outbox) == 1
    assert client.get("/health/all/?format=json").status_code == 200
