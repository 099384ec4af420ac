"""The outbox across real processes: a publishing process killed with SIGKILL right after its commit, then two
workers started at once deliver every e-mail exactly once. Each step is its own `manage.py` process on a
database file of the test's own (the test's in-memory database is not visible to other processes)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

BUILD = """
from tests.cast import Cast
edition = Cast().revealed_edition(categories=2, awards_per_category=2, extra_entries=1)
print(edition.slug)
"""

PUBLISH_AND_DIE = """
import os, signal
from django.db import transaction
from awards.models import Edition
from awards.services.publication import edition_publish
with transaction.atomic():
    # The first thing to run after the COMMIT kills the process: nothing after the commit happens.
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    edition_publish(edition=Edition.objects.get(slug="{slug}"), actor=None)
"""

STATE = """
from awards.models import Edition, OutboxMessage
from awards.services.publication import participant_contacts
edition = Edition.objects.get(slug="{slug}")
print(edition.state, len(participant_contacts(edition=edition)), OutboxMessage.objects.filter(status="sent").count())
"""


def _env(tmp_path: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWARDS_", "PYTEST"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_EMAIL_BACKEND="tests.awards.mail_to_folder.EmailBackend",
        OUTBOX_TEST_MAIL_DIR=str(tmp_path / "mail"),
        DJANGO_PRIVATE_FILES_ROOT=str(tmp_path / "private"),
        AWARDS_TASKS_BACKEND="database",
    )
    return env


def _manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check,
        timeout=300,
    )


def _state(env: dict, slug: str) -> tuple[str, int, int]:
    state, contacts, sent = _manage(env, "shell", "-c", STATE.format(slug=slug)).stdout.strip().splitlines()[-1].split()
    return state, int(contacts), int(sent)


def _delivered(mail_dir: Path) -> list[str]:
    recipients = []
    for path in mail_dir.glob("*.log"):
        recipients += [line.split(": ", 1)[1] for line in path.read_text().splitlines() if line.startswith("To: ")]
    return sorted(recipients)


def test_a_publish_killed_after_its_commit_is_delivered_once_by_two_workers(tmp_path):
    env = _env(tmp_path)
    _manage(env, "migrate", "--noinput")
    slug = _manage(env, "shell", "-c", BUILD).stdout.strip().splitlines()[-1]

    died = _manage(env, "shell", "-c", PUBLISH_AND_DIE.format(slug=slug), check=False)
    assert died.returncode == -9, died.stderr
    assert _state(env, slug) == ("published", 6, 0)
    assert not (tmp_path / "mail").exists()  # nobody was told yet

    worker = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay",
              "--interval", "0"]
    workers = [subprocess.Popen(worker, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
               for _ in range(2)]
    outputs = [process.communicate(timeout=300)[0] for process in workers]
    assert [process.returncode for process in workers] == [0, 0], outputs

    recipients = _delivered(tmp_path / "mail")
    assert len(recipients) == 6 and len(set(recipients)) == 6  # every contact, each once
    assert _state(env, slug) == ("published", 6, 6)
