"""Atomic file writes, shared by the importer and the user's data files.

A reader of the file sees the old contents or the new, never half a file:
the data goes to a temp file in the same folder, is flushed and fsynced, then
`os.replace`d over the target, and the folder is fsynced so the new name
survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """Temp files for `a.toml` are `.a.toml.<random>.tmp`, hidden beside it."""
    return f".{path.name}."


def write_atomic(
    path: Path, data: bytes, *, new_file_mode: int = 0o600, sync_folder: bool = True
) -> None:
    """Replace `path` with `data` so that no reader ever sees a partial file.

    A symlinked file (dotfile managers do this) is written through: the link
    stays and its target gets the new contents. An existing file keeps its
    permission bits; a new one gets `new_file_mode` less the umask (private
    by default; the importer passes 0o666 so posts are made like any file).
    Pass `sync_folder=False` when writing many files into one folder, and
    call `fsync_dir` once at the end.
    """
    target = path.resolve() if path.is_symlink() else path
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    while True:
        temp = folder / f"{temp_prefix(target)}{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, new_file_mode)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if sync_folder:
        fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (the new name survives a power cut)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # Some file systems refuse to fsync a folder; the rename still happened.
    finally:
        os.close(fd)
