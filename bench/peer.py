"""The peer in `make bench`: pretalx (the Django conference tool), its reviewer scoring page loaded beside our
scorecard with the same gunicorn and wrk settings, in the same run.

pretalx is installed from PyPI into its own virtual environment, bench/.pretalx-venv (git ignores it), never into
the app's: it is no dependency of the app, its tests or its servers. When it cannot be installed (no network, no
wheel for this Python), the benchmark prints why and goes on without it.
"""

import json
import os
import subprocess
import sys
import tempfile
import venv
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".pretalx-venv"
# The version the first comparison used; psycopg2 is pretalx's own PostgreSQL extra.
REQUIREMENTS = ["pretalx[postgres]==2025.2.*", "gunicorn"]
INSTALLED = VENV / "installed.json"
STATIC = VENV / "static"  # collected once per install: pretalx serves hashed names with DEBUG off, as we do


class PeerUnavailable(Exception):
    """Why the peer is not measured in this run (printed, and kept in latest.json)."""


def _python() -> Path:
    return VENV / "bin" / "python"


def _tail(text: str, lines: int = 3) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())


def peer_install() -> Path:
    """pretalx's interpreter, installing it first if the environment is missing or was made for other
    requirements; PeerUnavailable with pip's last words if that fails."""
    if INSTALLED.exists() and json.loads(INSTALLED.read_text()).get("requirements") == REQUIREMENTS:
        return _python()
    print("  installing pretalx into bench/.pretalx-venv (once) ...", file=sys.stderr)
    try:
        venv.create(VENV, with_pip=True, clear=True)
    except (OSError, subprocess.CalledProcessError) as error:
        raise PeerUnavailable(f"could not make a virtual environment for pretalx: {error}") from None
    install = subprocess.run(
        [str(_python()), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *REQUIREMENTS],
        capture_output=True, text=True, timeout=1800,
    )
    if install.returncode != 0:
        raise PeerUnavailable(f"pip could not install {' '.join(REQUIREMENTS)}: {_tail(install.stderr)}")
    collect = subprocess.run(
        [str(_python()), "-m", "pretalx", "collectstatic", "--noinput", "-v", "0"],
        env=_env(database="unused", port=0), capture_output=True, text=True, timeout=1800,
    )
    if collect.returncode != 0:
        raise PeerUnavailable(f"pretalx's collectstatic failed: {_tail(collect.stderr)}")
    version = subprocess.run([str(_python()), "-c", "import pretalx; print(pretalx.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    INSTALLED.write_text(json.dumps({"requirements": REQUIREMENTS, "version": version}) + "\n")
    return _python()


def peer_version() -> str:
    return json.loads(INSTALLED.read_text())["version"] if INSTALLED.exists() else ""


def _env(*, database: str, port: int, data_dir: str | None = None) -> dict:
    """pretalx's production settings (DEBUG off, PostgreSQL on the same server as ours, persistent connections
    as pretalx sets them), configured by its environment variables."""
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="pretalx.settings",
        PRETALX_DEBUG="0",
        PRETALX_DB_TYPE="postgresql",
        PRETALX_DB_NAME=database,
        PRETALX_DB_USER="postgres",
        PRETALX_DB_HOST="127.0.0.1",
        PRETALX_DB_PORT="5432",
        PRETALX_SITE_URL=f"http://127.0.0.1:{port}",
        PRETALX_FILESYSTEM_STATIC=str(STATIC),
        PRETALX_DATA_DIR=data_dir or tempfile.gettempdir(),
        PRETALX_LOGGING_EMAIL="",
    )


@dataclass
class PeerWorld:
    """A pretalx database with an event in review: signed-in reviewers' session keys, review pages, a review."""

    database: str
    data_dir: str
    env: dict
    cookies: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    body: str = ""


def peer_prepare(*, database: str, reviewers: int, submissions: int, port: int) -> PeerWorld:
    """Migrate pretalx's database (created by the caller) and make its world (bench/pretalx_world.py)."""
    python = peer_install()
    data_dir = tempfile.mkdtemp(prefix="awards-bench-pretalx-")
    env = _env(database=database, port=port, data_dir=data_dir)
    migrate = subprocess.run([str(python), "-m", "pretalx", "migrate", "--noinput", "-v", "0"], env=env,
                             capture_output=True, text=True, timeout=1800)
    if migrate.returncode != 0:
        raise PeerUnavailable(f"pretalx's migrate failed: {_tail(migrate.stderr)}")
    made = subprocess.run(
        [str(python), str(ROOT / "bench" / "pretalx_world.py"), "--reviewers", str(reviewers),
         "--submissions", str(submissions)],
        env=env, capture_output=True, text=True, timeout=600,
    )
    if made.returncode != 0:
        raise PeerUnavailable(f"pretalx's bench world could not be made: {_tail(made.stderr)}")
    world = json.loads(made.stdout.strip().splitlines()[-1])
    return PeerWorld(database=database, data_dir=data_dir, env=env, **world)
