"""Safe file writes for the user's files: atomic replace, a lock, move-aside.

Three promises, whatever happens to the process:
- a reader of the file sees the old contents or the new, never half a file
  (a temp file in the same folder, flushed and fsynced, then `os.replace`);
- two processes changing the same file do not lose each other's changes
  (an exclusive `flock` on a sibling `.lock` file around read-merge-write);
- a file we cannot understand is renamed aside, never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from reader.fileio import TEMP_SUFFIX, fsync_dir, temp_prefix, write_atomic

__all__ = [
    "TEMP_SUFFIX",
    "fsync_dir",
    "locked",
    "move_aside",
    "remove_stale_temps",
    "write_atomic",
]


def lock_path(path: Path) -> Path:
    """`bookmarks.toml` -> `bookmarks.toml.lock`, in the same folder."""
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for changing `path`, across processes and threads.

    `flock` rather than `lockf`: flock locks belong to the open file, so two
    threads of one process that each open the lock file also exclude each
    other (POSIX record locks would let them both in). The kernel drops the
    lock when the holder dies, even by SIGKILL, so a crash never wedges the
    next writer. The lock file itself is never deleted: deleting it would let
    a waiter lock an unlinked inode while a newcomer locks a fresh one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left next to `path`.

    Call only while holding `locked(path)`: every writer holds that lock while
    its temp file exists, so any temp file seen then belongs to a dead writer.
    Readers never look at temp files, so leftovers are only clutter.
    """
    target = path.resolve() if path.is_symlink() else path
    try:
        leftovers = list(target.parent.glob(temp_prefix(target) + "*" + TEMP_SUFFIX))
    except OSError:
        return
    for leftover in leftovers:
        with contextlib.suppress(OSError):
            leftover.unlink()


def aside_path(path: Path, now: dt.datetime | None = None) -> Path:
    """A free name `NAME.corrupt-YYYYMMDD-HHMMSS[-N]` next to `path`."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    return candidate


def move_aside(path: Path, now: dt.datetime | None = None) -> Path:
    """Rename `path` to a fresh `.corrupt-…` name and return that name.

    `os.link` + unlink rather than `os.rename`: link fails if the name was
    taken meanwhile, so an earlier aside file can never be overwritten.
    Call while holding `locked(path)`.
    """
    while True:
        target = aside_path(path, now)
        try:
            os.link(path, target, follow_symlinks=False)
        except FileExistsError:
            continue  # Taken between the check and the link: pick the next name.
        except OSError:
            # No hard links on this file system: the lock makes rename safe enough.
            os.rename(path, target)
            break
        os.unlink(path)
        break
    fsync_dir(path.parent)
    return target
