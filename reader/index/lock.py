"""One builder at a time: a lock file beside the index database.

Writers of the index (a refresh, a rebuild, creating the file) hold the lock
for the whole of their work, so builders take turns and a command that finds
the index unfinished waits for the build under way, then refreshes it
(cheaply, as nothing is left to read) rather than building beside it.
Readers never take the lock: they read one SQLite snapshot in which the
index is marked complete (`IndexCatalog.read_snapshot`), which no build can
change under them, and a slow reader (`reader list | less`) holds up nobody.

The lock is `flock` on `NAME.sqlite3.lock`: the kernel drops it when the
holder dies, however it dies, so a killed build never leaves it taken. The
file itself is never deleted (a process waiting on a deleted file's lock
would not exclude a new one).

flock excludes open files, not processes, so a process keeps one lock per
index (`IndexLock.of`): two catalogs of one process never wait for each
other's flock, and its threads take turns through an ordinary lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

WAIT_SECONDS = 120.0
"""How long to wait for another process's build before giving up on it."""

_registry: dict[Path, IndexLock] = {}
_registry_guard = threading.Lock()


class IndexBusy(Exception):
    """Another process has held the index's lock for longer than we wait."""


def lock_path(db_path: Path) -> Path:
    """The lock file of the index at `db_path`."""
    return db_path.with_name(db_path.name + ".lock")


def close_inherited() -> None:
    """In a forked child: let go of the parent's lock files, so that a parse
    worker outliving its parent for a moment does not keep the lock taken."""
    with _registry_guard:
        for lock in _registry.values():
            lock.forget()
        _registry.clear()


class IndexLock:
    """This process's hold on one index's lock file."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self._mode = fcntl.LOCK_UN
        self._writers = 0
        self._writing = threading.RLock()

    @classmethod
    def of(cls, db_path: Path) -> IndexLock:
        """The process's one lock for the index at `db_path`."""
        with _registry_guard:
            lock = _registry.get(db_path)
            if lock is None:
                lock = _registry[db_path] = cls(db_path)
            return lock

    @contextlib.contextmanager
    def exclusive(self, wait: float = WAIT_SECONDS) -> Iterator[None]:
        """Be the one builder of the index for the block (re-entrant)."""
        with self._writing:
            if self._writers == 0:
                self._take(fcntl.LOCK_EX, wait)
            self._writers += 1
            try:
                yield
            finally:
                self._writers -= 1
                if self._writers == 0:
                    self._unlock()

    def forget(self) -> None:
        """Close the file without a word to the kernel's lock (after fork)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        self._fd = None
        self._mode = fcntl.LOCK_UN

    def _unlock(self) -> None:
        if self._fd is not None and self._mode != fcntl.LOCK_UN:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._mode = fcntl.LOCK_UN

    def _take(self, mode: int, wait: float) -> None:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + wait
        pause = 0.002
        while True:
            try:
                fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
            except BlockingIOError:
                # flock has no timeout of its own: poll, backing off.
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"another reader has been building the search index ({self.path.parent})"
                        f" for over {wait:.0f} s"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.05)
                continue
            self._mode = mode
            return
