"""Guarded reads and atomic writes, shared by the importer and the user's files.

Reading goes through `reader.postfile.read_limited`, the one guarded read.

Writing: a reader of the file sees the old contents or the new, never half a
file: the data goes to a temp file in the same folder, is flushed and
fsynced, then `os.replace`d over the target, and the folder is fsynced so the
new name survives a power cut. Whatever sits at the target must be a regular
file (or nothing): a folder, FIFO, socket or device is never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from pathlib import Path

TEMP_SUFFIX = ".tmp"


class UnsafeTarget(OSError):
    """The path names something we must not read or replace; `strerror` says what."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))


_DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def is_disk_full(error: BaseException | None) -> bool:
    """A full disk or quota, however it arrives: OSError ENOSPC/EDQUOT, SQLite's
    SQLITE_FULL ("database or disk is full"), or either as the cause of another."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in _DISK_FULL_ERRNOS:
            return True
        if isinstance(error, sqlite3.Error) and (
            getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
            or "database or disk is full" in str(error)
        ):
            return True
        error = error.__cause__
    return False


def temp_prefix(path: Path) -> str:
    """Temp files for `a.toml` are `.a.toml.<random>.tmp`, hidden beside it."""
    return f".{path.name}."


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _existing_mode(target: Path) -> int | None:
    """Permission bits of the regular file at `target` (not followed); None if absent."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return None  # replaced as a link, never written through
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeTarget(target, f"{_kind(info.st_mode)}; not replaced")
    return info.st_mode & 0o7777


def _write_target(path: Path, follow_symlinks: bool) -> Path:
    """The path to replace: `path` itself, or the regular file its symlinks lead to."""
    if not follow_symlinks or not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if target.is_symlink():
        raise UnsafeTarget(path, "a symlink that loops; not written through")
    if not target.exists() and not target.parent.is_dir():
        # A dangling link: only into a real, existing folder.
        raise UnsafeTarget(path, f"a symlink to {target}, whose folder does not exist")
    return target


def write_atomic(
    path: Path,
    data: bytes,
    *,
    new_file_mode: int = 0o600,
    sync_folder: bool = True,
    follow_symlinks: bool = True,
) -> None:
    """Replace `path` with `data` so that no reader ever sees a partial file.

    With `follow_symlinks` (the user's files: dotfile managers link them) a
    symlinked file is written through: the link stays and its final target,
    which must be a regular file or not exist yet in a real folder, gets the
    new contents. Without it (the store writer) a symlink at `path` is
    replaced as a link and never written through. A folder, FIFO, device or
    socket at the target is never replaced: `UnsafeTarget` names it.

    An existing file keeps its permission bits; a new one gets
    `new_file_mode` less the umask (private by default; the importer passes
    0o666 so posts are made like any file). Pass `sync_folder=False` when
    writing many files into one folder, and call `fsync_dir` once at the end.
    """
    target = _write_target(path, follow_symlinks)
    folder = target.parent
    if not (follow_symlinks and target != path):
        folder.mkdir(parents=True, exist_ok=True)
    mode = _existing_mode(target)
    while True:
        import secrets  # only a write needs it: a command that only reads never loads it

        temp = folder / f"{temp_prefix(target)}{secrets.token_hex(4)}{TEMP_SUFFIX}"
        try:
            # O_EXCL never follows a symlink, so the temp file is always ours.
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
        # rename(2) replaces a symlink at `target` itself, never what it points to.
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
