"""A backup taken after the seal restores into an empty database where the reveal and the audit check pass."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from judging.services.seal import edition_seal
from tests.generated_edition import edition_generate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _pg(*args, env):
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=True)  # noqa: S603


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # committed rows, so that pg_dump sees them
def test_a_dump_after_the_seal_restores_reveals_and_verifies(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore back up PostgreSQL only; the SQLite run has no server to dump")
    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    settings_dict = connection.settings_dict
    host, user = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("USER") or "postgres"
    port = str(settings_dict.get("PORT") or 5432)
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    dump = tmp_path / "backup.dump"
    _pg("pg_dump", "-h", host, "-p", port, "-U", user, "-Fc", "-f", str(dump), settings_dict["NAME"], env=env)
    restored = f"{settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    _pg("createdb", "-h", host, "-p", port, "-U", user, restored, env=env)
    try:
        _pg("pg_restore", "-h", host, "-p", port, "-U", user, "--no-owner", "-d", restored, str(dump), env=env)
        share_files = []
        for index in (0, 2):
            path = tmp_path / f"share-{index}.txt"
            path.write_text(generated.share_texts[index])
            share_files += ["--share-file", str(path)]
        child_env = {
            **env,
            "DATABASE_URL": f"postgres://{user}@{host}:{port}/{restored}",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_PRIVATE_FILES_ROOT": str(tmp_path / "private"),
        }

        def manage(*args):
            return subprocess.run(  # noqa: S603
                [sys.executable, "manage.py", *args], cwd=ROOT, env=child_env, capture_output=True, text=True,
                timeout=300,
            )

        reveal = manage("reveal", generated.edition.slug, *share_files)
        assert reveal.returncode == 0, reveal.stderr
        assert reveal.stdout.startswith(f"revealed {generated.edition.slug}: 2 awards")
        verify = manage("verify_audit")
        assert verify.returncode == 0, verify.stderr
        assert "chain intact" in verify.stdout
    finally:
        _pg("dropdb", "-h", host, "-p", port, "-U", user, "--if-exists", "--force", restored, env=env)
