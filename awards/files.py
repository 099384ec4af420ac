"""Every file the platform writes to a path: whole or not at all, never a half-written file under its name.

`atomic_write` (bytes) and `atomic_file` (a handle to write into) write to a temporary name in the same
folder, flush and fsync it, rename it into place and fsync the folder, so after a crash, a kill or a full
disk the path holds either its previous content or the new one, and a failed write leaves no temporary
file behind. `overwrite=False` never replaces an existing file (a key holder's share, say): the new file is
linked into place, which fails if the name is taken.

A writer killed outright (SIGKILL, power loss) cannot remove its temporary file: the next write to the same
path removes those whose process is gone (`partials_of_dead_processes_remove`).

`output_check` is asked before long work whose result goes to a path (the award-night pack): the folder
exists, is a folder, can be written, and has room for what is about to be written.

Kept free of Django imports: `judging.holder_key` runs on a key holder's own machine without Django.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import BinaryIO


class OutputPathError(OSError):
    """The output path cannot take the file (missing folder, not writable, not enough room): nothing written."""


def output_check(path: str | os.PathLike, *, needed_bytes: int = 0) -> Path:
    """The path, after checking that its folder exists, is writable and has `needed_bytes` free (and that
    the path itself is not a folder). Raises `OutputPathError` with a one-line reason otherwise."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise OutputPathError(f"The folder {folder} does not exist.")
    if path.is_dir():
        raise OutputPathError(f"{path} is a folder, not a file name.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"The folder {folder} cannot be written.")
    if path.exists() and not os.access(path, os.W_OK) and not os.access(folder, os.W_OK):
        raise OutputPathError(f"{path} cannot be replaced.")
    free = shutil.disk_usage(folder).free
    if needed_bytes and free < needed_bytes:
        raise OutputPathError(
            f"The folder {folder} has {free // 1_000_000} MB free; about {needed_bytes // 1_000_000 + 1} MB are needed."
        )
    return path


PARTIAL = ".partial"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def partials_of_dead_processes_remove(path: str | os.PathLike) -> list[Path]:
    """Remove the temporary files left beside `path` by writers that were killed (their process id, part of the
    name, is gone); a live writer's file is left alone. The names removed."""
    path = Path(path)
    removed = []
    for candidate in path.parent.glob(f".{glob_escape(path.name)}.*{PARTIAL}"):
        pid = candidate.name.removeprefix(f".{path.name}.").split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(FileNotFoundError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike, *, mode: int = 0o644, overwrite: bool = True) -> Iterator[BinaryIO]:
    """A binary handle to a temporary file beside `path`; when the block ends without an exception the file is
    fsynced and renamed to `path` (and the folder fsynced). On any exception the temporary file is removed and
    `path` keeps what it held. With `overwrite=False` an existing `path` raises `FileExistsError`."""
    path = Path(path)
    folder = path.parent
    partials_of_dead_processes_remove(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=PARTIAL, dir=folder)
    temporary = Path(temporary)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if the name is taken, unlike a rename
            temporary.unlink()
        _fsync_folder(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


def atomic_write(path: str | os.PathLike, data: bytes, *, mode: int = 0o644, overwrite: bool = True) -> None:
    """Write `data` to `path` whole or not at all (see `atomic_file`)."""
    with atomic_file(path, mode=mode, overwrite=overwrite) as handle:
        handle.write(data)
