"""Whole answers kept beside the index, so asking again costs one read of a file.

`reader list` prints every post of the store, newest first. At 100k posts
SQLite needs about 90 ms only to walk the date index to the posts' rows, and
Python as much again to make and clean the lines; a kept answer is the bytes
that went out last time, copied to stdout at the speed of the page cache.

A kept answer is a file beside the database (`<index>.kept-<name>`) whose
first line names what it answers: the index's `generation` (the stamp of
its state that the stored totals carry, `reader.index.totals.STAMP`, which
moves with every change to the posts) and a key of the caller's (a digest of
the bookmarked ids, say). Any other generation or key,
a torn or foreign file: not used, and replaced by the next answer. The file
is written beside its final name and renamed into place whole, so a reader
sees an old answer or a new one, never a part. Only a complete index in the
caller's snapshot keeps or gives answers, and an index in memory keeps none.
Answers bigger than `KEEP_LIMIT` are not kept: copying them costs about what
making them does, and they would double the cache's size at a million posts.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reader.fileio import temp_prefix

if TYPE_CHECKING:
    from reader.index.facade import IndexCatalog

KEEP_LIMIT = 128 * 1024 * 1024
"""The biggest answer kept, in bytes."""

_MAGIC = b"reader-kept 1"
_HEADER_LIMIT = 256


def kept_path(catalog: IndexCatalog, name: str) -> Path:
    """Where the answer called `name` is kept for this catalog's index."""
    db = catalog.db_path
    return db.with_name(f"{db.stem}.kept-{name}")


def _header(catalog: IndexCatalog, key: str) -> bytes | None:
    """The first line of an answer kept for the catalog's current contents."""
    current = catalog.generation()
    if current is None:
        return None
    return b" ".join((_MAGIC, current.encode(), key.encode())) + b"\n"


def open_kept(catalog: IndexCatalog, name: str, key: str) -> IO[bytes] | None:
    """The kept answer `name` for `key`, positioned after its header, or None
    when there is none for what the index holds now."""
    header = _header(catalog, key)
    if header is None:
        return None
    try:
        fd = os.open(kept_path(catalog, name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    kept = os.fdopen(fd, "rb")
    try:
        if kept.readline(_HEADER_LIMIT) == header:
            return kept
    except OSError:
        pass
    kept.close()
    return None


class Keeper:
    """Takes an answer's bytes as they go out; `keep` puts them in place."""

    def __init__(self, final: Path, temp: Path, out: IO[bytes] | None, header: bytes) -> None:
        self._final = final
        self._temp = temp
        self._out = out
        self._size = 0
        self.write(header)

    def write(self, data: bytes) -> None:
        """The next bytes of the answer."""
        if self._out is None:
            return
        self._size += len(data)
        try:
            if self._size > KEEP_LIMIT:
                raise OSError("too big to keep")
            self._out.write(data)
        except OSError:
            self.drop()

    def drop(self) -> None:
        """Keep nothing of this answer."""
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
            with contextlib.suppress(OSError):
                os.unlink(self._temp)

    def keep(self) -> None:
        """The answer is whole: from now on it is the one kept."""
        if self._out is None:
            return
        try:
            self._out.close()
            os.replace(self._temp, self._final)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(self._temp)
        self._out = None


@contextlib.contextmanager
def keeping(catalog: IndexCatalog, name: str, key: str) -> Iterator[Keeper]:
    """A `Keeper` for the answer `name` under `key`: what it was given is
    kept when the block ends normally, and dropped on an error. Where the
    answer cannot be kept (no complete index, no room), it keeps nothing."""
    header = _header(catalog, key)
    final = kept_path(catalog, name)
    temp = final.with_name(f"{temp_prefix(final)}{os.getpid()}.tmp")
    out: IO[bytes] | None = None
    if header is not None:
        with contextlib.suppress(OSError):
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
            out = os.fdopen(fd, "wb")
    keeper = Keeper(final, temp, out, header or b"")
    try:
        yield keeper
    except BaseException:
        keeper.drop()
        raise
    keeper.keep()
