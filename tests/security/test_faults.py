"""A database error in the middle of the seal, the reveal or the export changes nothing, and a re-run works.

tests/judging/test_seal.py and test_reveal.py already break the seal at its Merkle root and the reveal at
its tally with a RuntimeError; here the failure is a `DatabaseError` from a write (the row store or the
audit log) after the earlier writes of the same operation have happened.
"""

import errno
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from awards import files
from awards.audit import audit_verify
from awards.models import AuditEvent, Award, Edition
from judging.demo import share_file_name
from judging.models import Reveal, Seal
from judging.services import export as export_service
from judging.services.export import award_night_pack_build
from judging.services.reveal import edition_reveal
from judging.services.seal import edition_seal
from tests.generated_edition import audit_actions, edition_generate, generated_revealed, snapshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _raise(*args, **kwargs):
    raise DatabaseError("connection lost")


def _fail_audit(monkeypatch, action: str):
    """AuditEvent rows for `action` cannot be written: the last write of the operation fails."""
    manager_class = type(AuditEvent.objects)
    original = manager_class.create

    def create(self, **kwargs):
        if self.model is AuditEvent and kwargs.get("action") == action:
            raise DatabaseError("audit table locked")
        return original(self, **kwargs)

    monkeypatch.setattr(manager_class, "create", create)


@pytest.mark.parametrize("where", ["seal row", "audit row"])
def test_a_database_error_during_the_seal_changes_nothing_and_a_rerun_seals(monkeypatch, where):
    generated = edition_generate(categories=1, entries_per_category=2, judges=3)
    before, events = snapshot(generated.edition), audit_actions()
    if where == "seal row":
        monkeypatch.setattr(Seal, "save", _raise)
    else:
        _fail_audit(monkeypatch, "seal.committed")  # after the Seal row and the state change are written
    with pytest.raises(DatabaseError):
        edition_seal(edition=generated.edition, actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert audit_actions() == events
    monkeypatch.undo()

    seal = edition_seal(edition=generated.edition, actor=generated.organiser)
    assert seal.count == 6
    assert Edition.objects.get(pk=generated.edition.pk).state == Edition.State.SEALED
    assert audit_verify().ok


@pytest.mark.parametrize("where", ["awards", "audit row"])
def test_a_database_error_during_the_reveal_leaves_it_sealed_with_one_failure_event(monkeypatch, where):
    generated = edition_generate(categories=2, entries_per_category=2, judges=3)
    edition_seal(edition=generated.edition, actor=generated.organiser)
    before, events = snapshot(generated.edition), audit_actions()
    if where == "awards":
        monkeypatch.setattr(type(Award.objects), "bulk_create", _raise)  # after the Reveal row is saved
    else:
        _fail_audit(monkeypatch, "reveal.completed")  # after the awards and the state change
    with pytest.raises(DatabaseError):
        edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    assert snapshot(generated.edition) == before
    assert not Reveal.objects.filter(edition=generated.edition).exists()
    assert audit_actions() == [*events, "reveal.failed"]
    assert AuditEvent.objects.order_by("-seq").first().payload["error"] == "DatabaseError"
    monkeypatch.undo()

    edition_reveal(edition=generated.edition, shares=generated.share_texts[:2], actor=generated.organiser)
    assert Edition.objects.get(pk=generated.edition.pk).state == Edition.State.REVEALED
    assert Award.objects.filter(edition=generated.edition).count() > 0
    assert audit_verify().ok


def test_a_database_error_while_building_the_pack_records_no_export(monkeypatch):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    before, events = snapshot(generated.edition), audit_actions()
    monkeypatch.setattr(export_service, "PACK_PARTS", [_raise])  # after the scorecards are opened
    with pytest.raises(DatabaseError):
        award_night_pack_build(edition=generated.edition, actor=generated.organiser)
    monkeypatch.undo()
    assert snapshot(generated.edition) == before
    assert audit_actions() == events and "pack.exported" not in events

    assert award_night_pack_build(edition=generated.edition, actor=generated.organiser)[:2] == b"PK"
    assert audit_actions()[-1] == "pack.exported"
    assert audit_verify().ok


def test_an_export_whose_audit_row_fails_returns_no_pack(monkeypatch, tmp_path):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    events = audit_actions()
    _fail_audit(monkeypatch, "pack.exported")
    output = tmp_path / "pack.zip"
    with pytest.raises(DatabaseError):
        call_command("export_award_night", generated.edition.slug, "--output", str(output))
    assert not output.exists()
    assert audit_actions() == events


def test_an_export_that_cannot_be_written_is_not_recorded_as_exported(tmp_path):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    events = audit_actions()
    output = tmp_path / "missing-folder" / "pack.zip"
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_award_night", generated.edition.slug, "--output", str(output))
    assert audit_actions() == events  # no `pack.exported` for a pack nobody received

    call_command("export_award_night", generated.edition.slug, "--output", str(tmp_path / "pack.zip"))
    assert audit_actions() == [*events, "pack.exported"]


# --- The pack file: checked before the work, written whole, never over a good pack with a bad one ----------------


def test_an_export_to_a_missing_folder_is_refused_before_any_pdf_is_made(monkeypatch, tmp_path):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    monkeypatch.setattr(export_service, "jobs_run", _raise)  # no PDF work may start
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_award_night", generated.edition.slug, "--output", str(tmp_path / "gone" / "pack.zip"))


def test_a_full_disk_while_writing_the_pack_keeps_the_previous_pack_and_records_nothing(monkeypatch, tmp_path):
    generated = generated_revealed(categories=1, entries_per_category=2, judges=3)
    output = tmp_path / "pack.zip"
    call_command("export_award_night", generated.edition.slug, "--output", str(output), verbosity=0)
    good, events = output.read_bytes(), audit_actions()

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(CommandError, match="No space left on device"):
        call_command("export_award_night", generated.edition.slug, "--output", str(output), verbosity=0)
    monkeypatch.undo()
    assert output.read_bytes() == good
    assert sorted(os.listdir(tmp_path)) == ["pack.zip"]
    assert audit_actions() == events


ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid`, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _running(pid: int) -> bool:
    """The process exists and is not a zombie (a zombie has ended; only its exit status waits to be read)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def demo_pack(tmp_path_factory):
    """A database file holding the demo edition, revealed (49 awards, 75 feedback reports), and a good pack of it,
    all made by the management commands in child processes: the export is then killed in child processes."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads the process tree from /proc")
    folder = tmp_path_factory.mktemp("demo-pack")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_PRIVATE_FILES_ROOT": str(folder / "private")}

    def manage(*args):
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,  # noqa: S603
                              text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]

    manage("migrate", "-v", "0")
    manage("demo_data", "--shares-dir", str(folder / "shares"))
    manage("seal", "cct-2026")
    shares = [str(folder / "shares" / share_file_name("cct-2026", index)) for index in (1, 2)]
    manage("reveal", "cct-2026", *[arg for share in shares for arg in ("--share-file", share)])
    output = folder / "out" / "pack.zip"
    output.parent.mkdir()
    manage("export_award_night", "cct-2026", "--output", str(output))
    return env, output, output.read_bytes()


def _feedback_done(line: str) -> int:
    match = re.search(r"feedback (\d+)/(\d+)", line)
    return int(match[1]) if match else 0


KILL_POINTS = {
    # the line of progress after which the export is killed, and whether a worker process must be running then
    "at the first finished document": lambda line: True,
    "with feedback reports half done": lambda line: 30 <= _feedback_done(line) < 75,
    "while zipping and writing": lambda line: line.rstrip().endswith("zipping and writing"),
}


@pytest.mark.parametrize("when", list(KILL_POINTS))
def test_an_export_killed_outright_leaves_the_previous_pack_and_no_process(demo_pack, when):
    env, output, good = demo_pack
    export = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "export_award_night", "cct-2026", "--output", str(output)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    seen, workers = [], set()
    try:
        for line in export.stderr:
            seen.append(line)
            workers |= _children(export.pid)
            if KILL_POINTS[when](line):
                break
        else:
            pytest.fail(f"the export ended before the kill point: {seen[-3:]}")
        workers |= _children(export.pid)
        os.kill(export.pid, signal.SIGKILL)
    finally:
        export.kill()
        export.wait(timeout=60)
        export.stderr.close()
    assert workers, "the demo pack is laid out with a worker process"
    deadline = time.monotonic() + 15
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in workers if _running(pid)] == []
    # The previous pack, whole (or the new one, if the kill came after the rename: the pack is reproducible).
    assert output.read_bytes() == good
    assert zipfile.ZipFile(output).testzip() is None
