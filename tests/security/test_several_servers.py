"""Several app servers behind one load balancer: two gunicorn servers on two loopback ports share one PostgreSQL
database, one storage (an S3-compatible bucket: moto's server on loopback), one cache (the database table) and
one background worker.

What one server learns, the other knows: an upload through one is downloaded through the other, a pack queued
through one (and made by the worker) is downloaded through the other, a sign-in rate limit counted on one
refuses on the other, and a lockout on one holds on the other. Both servers write JSON logs whose lines carry the
request id they returned.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from awards.models import EntryDocument
from tests.cast import complete_entry, participant
from tests.factories import PASSWORD, CategoryFactory
from tests.s3_server import bucket_create, bucket_environment, bucket_keys, s3_server
from tests.sample_files import PDF_BYTES

ROOT = Path(__file__).resolve().parents[2]
S3_PORT, PORT_A, PORT_B = 8107, 8108, 8109

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "several app servers share one PostgreSQL server; a SQLite file cannot be shared between servers "
            "(run with DATABASE_URL=postgres://...)"
        )


@pytest.fixture
def production_hashing(settings):
    """The servers verify passwords with the production hashers, so the test's users are hashed with them."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def _server_start(port: int, environment: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as handle:  # the server keeps its own copy of the descriptor
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
             "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=environment, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )


def _server_stop(server: subprocess.Popen) -> None:
    server.terminate()  # the master stops its worker; the process group only if it does not
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=30)


def _wait_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            # The first request imports the views (a few seconds on a busy machine).
            if requests.get(f"{url}/health/", timeout=60).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server at {url} did not become healthy:\n{log.read_text()[-3000:]}")
        time.sleep(0.5)


def _worker_start(environment: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
            cwd=ROOT, env=environment, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )


@pytest.fixture
def servers(production_hashing, tmp_path):
    """Two gunicorn servers and a background worker on the test's database, sharing a fresh bucket; yields
    (url_a, url_b, s3, bucket, logs)."""
    database = connection.settings_dict
    database_url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    with s3_server(port=S3_PORT) as endpoint:
        bucket, s3 = bucket_create(endpoint)
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWARDS_", "DATABASE_URL"))},
            "DATABASE_URL": database_url,
            "DJANGO_DEBUG": "1",
            "DJANGO_LOG_FORMAT": "json",
            "DJANGO_LOG_LEVEL": "INFO",
            "DJANGO_PRIVATE_FILES_ROOT": str(tmp_path / "not-used"),  # the bucket holds the files
            **bucket_environment(endpoint, bucket),
        }
        logs = [tmp_path / "server-a.log", tmp_path / "server-b.log", tmp_path / "worker.log"]
        started = [_server_start(port, environment, log) for port, log in zip((PORT_A, PORT_B), logs, strict=False)]
        started.append(_worker_start(environment, logs[2]))
        try:
            urls = [f"http://127.0.0.1:{port}" for port in (PORT_A, PORT_B)]
            for url, server, log in zip(urls, started, logs, strict=False):
                _wait_healthy(url, server, log)
            yield *urls, s3, bucket, logs
        finally:
            for server in started:
                _server_stop(server)


def _browser() -> requests.Session:
    session = requests.Session()
    session.headers["Accept-Language"] = "en"
    return session


def _sign_in(session: requests.Session, url: str, email: str, password: str) -> requests.Response:
    session.get(f"{url}/accounts/login/", timeout=30)
    return session.post(
        f"{url}/accounts/login/",
        data={"login": email, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{url}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )


def _log_lines(log: Path) -> list[dict]:
    lines = []
    for text in log.read_text().splitlines():
        try:
            lines.append(json.loads(text))
        except ValueError:
            continue  # gunicorn's own start-up lines are not ours
    return lines


def test_an_upload_through_one_server_is_downloaded_through_the_other(servers):
    url_a, url_b, s3, bucket, logs = servers
    category = CategoryFactory()
    contact = participant(category.edition)
    entry = complete_entry(contact, category)
    browser = _browser()
    assert _sign_in(browser, url_a, contact.user.email, PASSWORD).status_code == 302

    upload = browser.post(
        url_a + reverse("awards:document_upload", kwargs={"pk": entry.pk}),
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        files={"file": ("Rencana.pdf", PDF_BYTES, "application/pdf")},
        headers={"Referer": url_a + reverse("awards:entry_edit", kwargs={"pk": entry.pk})},
        allow_redirects=False,
        timeout=60,
    )
    assert upload.status_code == 302
    document = EntryDocument.objects.get()
    assert bucket_keys(s3, bucket) == [document.file.name]

    # The same session cookie on the other server: sessions, files and rows are all shared.
    download = browser.get(url_b + reverse("awards:document_download", kwargs={"pk": document.pk}), timeout=60)
    assert download.status_code == 200 and download.content == PDF_BYTES
    assert download.headers["Content-Disposition"] == 'attachment; filename="Rencana.pdf"'
    stranger = _browser()
    assert stranger.get(url_b + reverse("awards:document_download", kwargs={"pk": document.pk}),
                        allow_redirects=False, timeout=30).status_code == 302  # to the sign-in page

    # Each server's log has the request it served, under the id it returned, naming the route, not the path.
    (line,) = [line for line in _log_lines(logs[0]) if line.get("request_id") == upload.headers["X-Request-ID"]]
    assert line["route"] == "/entries/<int:pk>/documents/" and line["status"] == 302
    assert line["user_id"] == contact.user.pk
    served_b = [line["route"] for line in _log_lines(logs[1]) if line.get("request_id") == download.headers[
        "X-Request-ID"]]
    assert served_b == ["/documents/<int:pk>/"]


def test_a_pack_queued_through_one_server_is_made_by_the_worker_and_downloaded_through_the_other(servers):
    from django.test import Client

    from tests.generated_edition import generated_revealed, unzip

    url_a, url_b, s3, bucket, logs = servers
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    slug = generated.edition.slug
    signed_in = Client()
    signed_in.force_login(generated.organiser)  # a session row in the shared database: good on both servers
    browser = _browser()
    browser.cookies.set("sessionid", signed_in.cookies["sessionid"].value)
    results = reverse("judging:results", args=[slug])
    assert browser.get(url_a + results, timeout=60).status_code == 200

    queued = browser.post(
        url_a + reverse("judging:export_pack", args=[slug]),
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        headers={"Referer": url_a + results},
        allow_redirects=False,
        timeout=60,
    )
    assert queued.status_code == 302  # queued: the request returns at once, the worker builds

    download = reverse("judging:download_pack", args=[slug])
    deadline = time.monotonic() + 300
    while (pack := browser.get(url_b + download, timeout=60)).status_code == 404:
        assert time.monotonic() < deadline, logs[2].read_text()[-3000:]
        time.sleep(2)
    assert pack.status_code == 200
    assert "manifest.json" in unzip(pack.content)
    key = f"packs/{slug}-award-night.zip"
    assert key in bucket_keys(s3, bucket)
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == pack.content


def test_a_rate_limit_and_a_lockout_on_one_server_hold_on_the_other(servers):
    url_a, url_b, *_ = servers
    contact = participant(CategoryFactory().edition)
    email = contact.user.email

    # allauth's limit of 10 failed sign-ins a minute from one address lives in the shared cache: 5 failures on
    # each server (for 10 different e-mail addresses) refuse the 11th sign-in, even with the right password.
    browsers = {url_a: _browser(), url_b: _browser()}
    for attempt in range(10):
        url = (url_a, url_b)[attempt % 2]
        failed = _sign_in(browsers[url], url, f"nobody-{attempt}@example.test", "wrong-password-1")
        assert failed.status_code == 200 and "Too many failed login attempts" not in failed.text
    refused = _sign_in(browsers[url_b], url_b, email, PASSWORD)
    assert refused.status_code == 200 and "Too many failed login attempts" in refused.text

    caches["default"].clear()  # the test empties the one table both servers read; the limit is gone for both
    assert _sign_in(_browser(), url_a, email, PASSWORD).status_code == 302

    # django-axes: 5 wrong passwords for one (e-mail, address) pair, on either server, lock it out on both: the
    # fifth is answered with the lockout page, and so is the right password afterwards, on each server.
    for attempt, url in enumerate((url_a, url_b, url_a, url_b, url_a), start=1):
        wrong = _sign_in(browsers[url], url, email, "wrong-password-2")
        assert wrong.status_code == (429 if attempt == 5 else 200)
    assert _sign_in(_browser(), url_b, email, PASSWORD).status_code == 429
    assert _sign_in(_browser(), url_a, email, PASSWORD).status_code == 429
