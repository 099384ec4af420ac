"""Production settings, checked the way an operator runs them: in a fresh process, from the environment."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "awards.example.org"


def _operator_environment(**env) -> dict:
    """This process's environment without the platform's own settings, then `env`: what an operator sets."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWARDS_"))}
    base.update(env)
    return base


def _check(tmp_path, **env):
    base = _operator_environment(DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=60, check=False,
    )


def _key(key_id: str = "2026a") -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def _production_env(**extra):
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SITE_URL": f"https://{HOST}",
        "AWARDS_DRAFT_KEYS": _key("2026a"),
        "AWARDS_MFA_KEYS": _key("2026a"),
        **extra,
    }


def test_a_site_url_that_is_not_the_address_in_use_is_warned_about_at_start_up(tmp_path):
    local = _check(tmp_path, **_production_env(DJANGO_SITE_URL="http://127.0.0.1:8000"))
    assert local.returncode != 0
    assert "awards.W002" in local.stderr and "awards.W003" in local.stderr
    demo = _check(tmp_path, DJANGO_SITE_URL="http://127.0.0.1:8000", PORT="8111")
    assert "awards.W001" in demo.stderr
    assert "DJANGO_SITE_URL is http://127.0.0.1:8000 but the server is started on port 8111" in demo.stderr
    assert "awards.W" not in _check(tmp_path, DJANGO_SITE_URL="http://127.0.0.1:8111", PORT="8111").stderr


def test_production_settings_pass_the_deployment_checks(tmp_path):
    result = _check(tmp_path, **_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.slow
def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50) + "\n", encoding="utf-8")
    env = _production_env(DJANGO_SECRET_KEY_FILE=str(key_file))
    del env["DJANGO_SECRET_KEY"]
    result = _check(tmp_path, **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = _check(tmp_path, **env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_debug_flag_that_is_not_a_boolean_is_an_error(tmp_path):
    result = _check(tmp_path, **_production_env(DJANGO_DEBUG="maybe"))
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be a boolean (1/0, true/false, yes/no), not 'maybe'" in result.stderr


KEY_RINGS = ("AWARDS_DRAFT_KEYS", "AWARDS_MFA_KEYS")  # both written `id:base64,...`, newest first


@pytest.mark.parametrize("name", KEY_RINGS)
def test_production_without_its_keys_refuses_to_start(tmp_path, name):
    env = _production_env()
    del env[name]
    result = _check(tmp_path, **env)
    assert result.returncode != 0
    assert f"{name} must be set when DJANGO_DEBUG=0" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", KEY_RINGS)
def test_keys_can_come_from_a_file_and_rotate(tmp_path, name):
    key_file = tmp_path / "keys"
    key_file.write_text(f"{_key('2027a')},{_key('2026a')}\n", encoding="utf-8")
    env = _production_env(**{f"{name}_FILE": str(key_file)})
    del env[name]
    result = _check(tmp_path, **env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", KEY_RINGS)
def test_a_malformed_key_is_refused_without_being_printed(tmp_path, name):
    short = base64.b64encode(b"sixteen byte key").decode()
    result = _check(tmp_path, **_production_env(**{name: f"2026a:{short}"}))
    assert result.returncode != 0
    assert f"{name}: key '2026a' must be 32 bytes in base64" in result.stderr
    assert short not in result.stderr


def test_a_key_ring_written_for_a_child_process_reads_back_the_same(monkeypatch):
    from config.env import env_key_ring, key_ring_text

    ring = [("2027a", secrets.token_bytes(32)), ("2026a", secrets.token_bytes(32))]
    monkeypatch.setenv("AWARDS_TEST_KEYS", key_ring_text(ring))
    assert env_key_ring("AWARDS_TEST_KEYS", key_bytes=32) == ring


def _prepare_threshold(**env) -> str:
    base = _operator_environment(DJANGO_SETTINGS_MODULE="config.settings", **env)
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold'))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_postgresql_prepares_the_hot_statements_unless_the_operator_turns_it_off(tmp_path):
    """On by default with PostgreSQL (config/statements.py); off with DJANGO_DB_PREPARED_STATEMENTS=0, for a
    pooler that cannot keep prepared statements. No server is contacted: only the settings are read."""
    postgresql = "postgres://awards@127.0.0.1:5432/awards"
    assert _prepare_threshold(DATABASE_URL=postgresql) == "1"
    assert _prepare_threshold(DATABASE_URL=postgresql, DJANGO_DB_PREPARED_STATEMENTS="0") == "None"
    assert _prepare_threshold(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}") == "None"
