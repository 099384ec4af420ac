"""Files the platform writes are whole or absent: a failure mid-write keeps the previous file and leaves no debris."""

import errno
import os

import pytest

from awards import files
from awards.files import OutputPathError, atomic_file, atomic_write, output_check, partials_of_dead_processes_remove


def debris(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".partial"))


def test_a_write_replaces_the_file_whole_with_the_mode_asked(tmp_path):
    path = tmp_path / "pack.zip"
    path.write_bytes(b"old pack")
    atomic_write(path, b"new pack", mode=0o600)
    assert path.read_bytes() == b"new pack"
    assert path.stat().st_mode & 0o777 == 0o600
    assert debris(tmp_path) == []


def test_a_failure_in_the_middle_keeps_the_previous_file_and_removes_the_temporary_one(tmp_path):
    path = tmp_path / "pack.zip"
    path.write_bytes(b"good pack")
    with pytest.raises(OSError, match="No space left"), atomic_file(path) as handle:
        handle.write(b"half a pa")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert path.read_bytes() == b"good pack"
    assert debris(tmp_path) == []


def test_a_full_disk_at_the_flush_keeps_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "pack.zip"
    path.write_bytes(b"good pack")

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write(path, b"x" * 100_000)
    monkeypatch.undo()
    assert path.read_bytes() == b"good pack"
    assert debris(tmp_path) == []


def test_without_overwrite_an_existing_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "share-1.txt"
    atomic_write(path, b"first share", overwrite=False)
    with pytest.raises(FileExistsError):
        atomic_write(path, b"second share", overwrite=False)
    assert path.read_bytes() == b"first share"
    assert debris(tmp_path) == []


def test_a_killed_writers_temporary_file_is_removed_by_the_next_write_a_live_ones_is_kept(tmp_path):
    path = tmp_path / "pack.zip"
    dead_pid = 2**22 + 12345  # above Linux's pid_max default: no such process
    killed = tmp_path / f".pack.zip.{dead_pid}.abc123.partial"
    killed.write_bytes(b"half")
    running = tmp_path / f".pack.zip.{os.getpid()}.def456.partial"
    running.write_bytes(b"in progress")
    atomic_write(path, b"pack")
    assert debris(tmp_path) == [running.name]
    assert partials_of_dead_processes_remove(path) == []


def test_the_output_check_names_what_is_wrong(tmp_path):
    with pytest.raises(OutputPathError, match="does not exist"):
        output_check(tmp_path / "missing" / "pack.zip")
    with pytest.raises(OutputPathError, match="is a folder"):
        output_check(tmp_path)
    with pytest.raises(OutputPathError, match="MB are needed"):
        output_check(tmp_path / "pack.zip", needed_bytes=2**62)
    assert output_check(tmp_path / "pack.zip", needed_bytes=1000) == tmp_path / "pack.zip"
