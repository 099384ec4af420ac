"""`make serve` (the end of `make demo`) runs the development server and the background worker as one command:
when the server stops, the worker stops with it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
PORT = "8105"


def _group(pgid: int) -> list[tuple[int, str]]:
    """(pid, command line) of every process still in the process group."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,pgid=,args="], capture_output=True, text=True, check=True).stdout
    rows = [line.split(None, 2) for line in out.splitlines()]
    return [(int(pid), args) for pid, group, args in rows if group == str(pgid)]


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def test_the_worker_runs_beside_the_server_and_stops_with_it(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "AWARDS_", "PYTEST"))}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    make = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={PORT}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def running(command: str) -> list[int]:
        return [pid for pid, args in _group(make.pid) if args.split()[1:3] == ["manage.py", command]]

    try:
        assert _wait(lambda: running("runserver") and running("db_worker"), 60), _group(make.pid)
        for pid in running("runserver"):
            os.kill(pid, signal.SIGTERM)  # the server stops
        make.wait(timeout=30)
        assert _wait(lambda: not _group(make.pid), 15), _group(make.pid)  # and the worker with it
    finally:
        if _group(make.pid):
            os.killpg(make.pid, signal.SIGKILL)
        make.wait(timeout=10)
