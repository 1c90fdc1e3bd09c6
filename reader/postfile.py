"""The one guarded way to read a file: post files, scrape inputs, the user's files.

A store or a scrape may hold a FIFO, a socket or a device, directly or
behind a symlink. A plain `open()` of a FIFO waits for a writer forever, and
reading `/dev/zero` never ends, so every post file and every scrape input is
read here: the path is opened without blocking (`O_NONBLOCK`), must be a
regular file (checked on the open descriptor, so a file swapped after the
check is caught too), and at most the budget plus one byte is read, which is
how an oversized file is told from one that fits.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from reader.budgets import megabytes

_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0)


class UnreadableFile(Exception):
    """A file that was not read; `reason` is one short line (`not a regular file`).

    `errno` is the system's error number when the system refused, else None.
    """

    def __init__(self, reason: str, errno: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.errno = errno


class TooLarge(UnreadableFile):
    """A regular file past its size budget."""


class NotRegular(UnreadableFile):
    """A folder, FIFO, socket or device where a file was expected."""

    def __init__(self, reason: str, *, folder: bool) -> None:
        super().__init__(reason)
        self.folder = folder


def _require_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise NotRegular("is a folder, not a file", folder=True)
    if not stat.S_ISREG(mode):
        raise NotRegular("not a regular file", folder=False)


def read_limited(path: str | Path, limit: int, *, follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file at `path`, at most `limit`.

    Raises `NotRegular` for anything that is not a regular file (with
    `follow_symlinks=False`, a symlink too), `TooLarge` for a file past
    `limit`, and `UnreadableFile` with the system's reason and `errno` for any
    other failure (no such file, permission denied). Never blocks on a FIFO or
    a device.
    """
    try:
        # Checked before opening, so a device is never even opened (opening
        # some, a tape or a modem line, has effects of its own).
        mode = os.stat(path, follow_symlinks=follow_symlinks).st_mode
        if stat.S_ISLNK(mode):
            raise NotRegular("a symlink; not followed", folder=False)
        _require_regular(mode)
        fd = os.open(path, _OPEN_FLAGS if follow_symlinks else _OPEN_FLAGS | os.O_NOFOLLOW)
    except OSError as error:
        raise _refused(error) from None
    try:
        info = os.fstat(fd)
        _require_regular(info.st_mode)
        if info.st_size > limit:
            raise TooLarge(f"larger than {megabytes(limit)}")
        # Asking for the size plus one reads the whole file in one call
        # without reserving the whole budget (no buffered file object: this
        # runs for every post of a build). A file that changed since fstat
        # (grown, shrunk, or read short) is read on to its end, at most to one
        # byte past the budget, which tells "too large" apart.
        data = os.read(fd, info.st_size + 1)
        if len(data) != info.st_size:
            data = _read_on(fd, data, limit + 1)
    except OSError as error:
        raise _refused(error) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(f"larger than {megabytes(limit)}")
    return data


def _read_on(fd: int, data: bytes, most: int) -> bytes:
    """`data` and what follows it in the file, to its end or `most` bytes in all."""
    parts = [data]
    size = len(data)
    while data and size < most:
        data = os.read(fd, min(most - size, 1 << 20))
        parts.append(data)
        size += len(data)
    return b"".join(parts)


def _refused(error: OSError) -> UnreadableFile:
    return UnreadableFile(f"cannot read: {error.strerror or error}", error.errno)
