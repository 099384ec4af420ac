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


def _check(tmp_path, **env):
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWARDS_"))}
    base.update(DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=base, capture_output=True, text=True, timeout=60, check=False,
    )


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _production_env(**extra):
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "AWARDS_DRAFT_KEYS": _draft_key("2026a"),
        "AWARDS_MFA_KEYS": _key(),
        **extra,
    }


def _draft_key(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


@pytest.mark.slow
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


def test_production_without_a_draft_key_refuses_to_start(tmp_path):
    env = _production_env()
    del env["AWARDS_DRAFT_KEYS"]
    result = _check(tmp_path, **env)
    assert result.returncode != 0
    assert "AWARDS_DRAFT_KEYS must be set when DJANGO_DEBUG=0" in result.stderr


@pytest.mark.slow
def test_draft_keys_can_come_from_a_file_and_rotate(tmp_path):
    key_file = tmp_path / "draft_keys"
    key_file.write_text(f"{_draft_key('2027a')},{_draft_key('2026a')}\n", encoding="utf-8")
    env = _production_env(AWARDS_DRAFT_KEYS_FILE=str(key_file))
    del env["AWARDS_DRAFT_KEYS"]
    result = _check(tmp_path, **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_mfa_keys_refuses_to_start(tmp_path):
    env = _production_env()
    del env["AWARDS_MFA_KEYS"]
    result = _check(tmp_path, **env)
    assert result.returncode != 0
    assert "AWARDS_MFA_KEYS must be set when DJANGO_DEBUG=0" in result.stderr


@pytest.mark.slow
def test_mfa_keys_can_come_from_a_file_and_rotate(tmp_path):
    key_file = tmp_path / "mfa_keys"
    key_file.write_text(f"{_key()}\n{_key()}\n", encoding="utf-8")
    env = _production_env(AWARDS_MFA_KEYS_FILE=str(key_file))
    del env["AWARDS_MFA_KEYS"]
    result = _check(tmp_path, **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_draft_key_is_refused_without_being_printed(tmp_path):
    short = base64.b64encode(b"sixteen byte key").decode()
    result = _check(tmp_path, **_production_env(AWARDS_DRAFT_KEYS=f"2026a:{short}"))
    assert result.returncode != 0
    assert "AWARDS_DRAFT_KEYS: key '2026a' must be 32 bytes in base64" in result.stderr
    assert short not in result.stderr


def test_an_mfa_key_of_the_wrong_size_is_an_error(tmp_path):
    short = base64.urlsafe_b64encode(b"sixteen byte key").decode()
    result = _check(tmp_path, **_production_env(AWARDS_MFA_KEYS=short))
    assert result.returncode != 0
    assert "AWARDS_MFA_KEYS: key 1 must be 32 bytes, not 16" in result.stderr
