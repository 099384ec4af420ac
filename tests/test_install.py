"""The installed environment is the lock, package for package (what `make install` promises)."""

import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

from tools.locked_requirement import requirement_lines

ROOT = Path(__file__).resolve().parent.parent
UV = Path(sys.executable).with_name("uv")


def _run(*args: str) -> str:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True, timeout=120).stdout  # noqa: S603


def _locked_for_this_machine() -> dict[str, str]:
    """Every package the lock installs here (runtime and dev), by the lock's own markers."""
    exported = _run(
        str(UV), "export", "--frozen", "--extra", "dev", "--no-hashes", "--no-emit-project", "--no-header",
        "--no-annotate", "--offline",
    )
    locked = {}
    for line in exported.splitlines():
        requirement, _, marker = line.partition(";")
        if not requirement.strip() or (marker.strip() and not Marker(marker.strip()).evaluate()):
            continue
        name, version = requirement.strip().split("==")
        locked[canonicalize_name(name)] = version
    return locked


def _frozen() -> dict[str, str]:
    frozen = {}
    for line in _run(sys.executable, "-m", "pip", "freeze", "--disable-pip-version-check").splitlines():
        name, version = line.split("==")
        frozen[canonicalize_name(name)] = version
    return frozen


@pytest.fixture
def uv():
    if not UV.exists():
        pytest.skip(f"uv is not installed beside {sys.executable}: this environment was not made by `make install`")
    return UV


def test_pip_freeze_equals_the_lock(uv):
    locked = _locked_for_this_machine()
    assert locked["django-allauth"] == "65.22.1"  # the release whose new URLs the authorization matrix covers
    assert _frozen() == locked


def test_the_environment_is_in_sync_with_the_lock_and_the_lock_with_pyproject(uv):
    check = subprocess.run(  # noqa: S603
        [str(uv), "sync", "--locked", "--extra", "dev", "--check", "--offline"], cwd=ROOT, capture_output=True,
        text=True, timeout=120,
    )
    assert check.returncode == 0, check.stderr


def test_make_install_bootstraps_uv_from_the_lock_with_every_hash():
    lock_text = (ROOT / "uv.lock").read_text(encoding="utf-8")
    (line,) = requirement_lines(["uv"], lock_text=lock_text)
    name_version, *hashes = line.split()
    assert name_version.startswith("uv==0.13.")
    assert hashes and all(h.startswith("--hash=sha256:") for h in hashes)
    assert len(hashes) == lock_text.split('\nname = "uv"\n', 1)[1].split("[[package]]", 1)[0].count("sha256:")
