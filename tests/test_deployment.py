"""The reference deployment files (Dockerfile, compose.yaml, deploy/): no Docker daemon runs here, so these check
what can be checked without one: the files parse, and every command they run exists."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "deploy" / "entrypoint.sh"
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def entrypoint_commands() -> set[str]:
    text = ENTRYPOINT.read_text()
    return set(re.findall(r"^  ([a-z]+)\)$", text, flags=re.MULTILINE))


def test_compose_runs_the_app_and_the_worker_from_one_image_beside_postgresql():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"app", "worker", "db"}
    assert services["app"]["build"] == services["worker"]["build"] == "."
    assert services["app"]["command"] == ["web"] and services["worker"]["command"] == ["worker"]
    assert {"web", "worker", "healthcheck"} <= entrypoint_commands()
    assert services["app"]["healthcheck"]["test"] == ["CMD", "/app/deploy/entrypoint.sh", "healthcheck"]
    assert services["db"]["image"] == "postgres:15"
    for name in ("app", "worker"):
        environment = services[name]["environment"]
        assert environment["DJANGO_DEBUG"] == "0"
        # Secrets come from files, never from the compose file itself.
        assert not {"DJANGO_SECRET_KEY", "AWARDS_DRAFT_KEYS", "AWARDS_MFA_KEYS", "DATABASE_URL"} & set(environment)
        assert environment["DJANGO_SECRET_KEY_FILE"].startswith("/run/secrets/")
    for secret in compose["secrets"].values():
        assert secret["file"].startswith("./secrets/")
    assert "secrets/" in (ROOT / ".gitignore").read_text().splitlines()


def test_every_manage_py_command_the_deployment_runs_exists():
    texts = [ENTRYPOINT.read_text(), (ROOT / "Dockerfile").read_text(), *(unit.read_text() for unit in UNITS)]
    named = {name for text in texts for name in re.findall(r"manage\.py ([a-z_]+)", text)}
    assert {"migrate", "createcachetable", "collectstatic", "db_worker"} <= named
    assert named <= set(get_commands())


def test_the_dockerfile_copies_files_that_exist_and_installs_from_the_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for line in re.findall(r"^COPY (.+)$", dockerfile, flags=re.MULTILINE):
        *sources, _target = line.split()
        for source in sources:
            assert (ROOT / source).exists(), source
    assert "make install-production" in dockerfile
    assert re.search(r"^install-production:", (ROOT / "Makefile").read_text(), flags=re.MULTILINE)
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in dockerfile


def test_the_entrypoint_is_valid_shell():
    subprocess.run(["sh", "-n", str(ENTRYPOINT)], check=True)
    assert ENTRYPOINT.stat().st_mode & 0o111


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units_except_for_the_paths_of_a_real_server():
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *map(str, UNITS)], capture_output=True, text=True, check=False
    )
    problems = [line for line in result.stderr.splitlines() if line.strip() and "/srv/cct-awards/" not in line]
    assert problems == []
