"""Reading state: which posts were read, and where the reader left each one.

Kept in the user's data folder (`state.sqlite3`), never in the store: a store
may be read-only, shared, or under version control. SQLite rather than TOML
because this changes on every post opened and may hold 100k rows; WAL and a
busy timeout let two reader processes write it at once without losing rows.
A database that turns out to be damaged is moved aside (with its -wal and
-shm files), a one-line warning is given, and a fresh one takes its place.
Any other trouble (a folder or a device in its place, a read-only file, a
table of another shape, a full disk) raises `ReadStateError`, one line naming
the file, so callers never need to know this is SQLite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reader.fileio import is_disk_full
from reader.userdata.atomic import locked, move_aside
from reader.userdata.errors import UserDataError, display, save_failure
from reader.userdata.paths import data_dir
from reader.userdata.tomlfile import report

T = TypeVar("T")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS post_state (
    store   TEXT NOT NULL,
    post_id TEXT NOT NULL,
    read    INTEGER NOT NULL DEFAULT 0,
    scroll  REAL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (store, post_id)
) WITHOUT ROWID
"""
_BUSY_TIMEOUT_MS = 5000
_COLUMNS = frozenset({"store", "post_id", "read", "scroll", "seen_at"})


class ReadStateError(UserDataError):
    """The reading state cannot be used or saved just now (wraps sqlite3.Error and OSError)."""


def readstate_path() -> Path:
    return data_dir() / "state.sqlite3"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _unusable(path: Path, error: sqlite3.Error | OSError) -> str:
    """One line for the user: a full disk as for every user file, else what went wrong."""
    if is_disk_full(error):
        return save_failure(path, error)
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return display(f"{path}: reading state unusable ({reason})")


def _check_regular(path: Path) -> None:
    """Refuse a folder, FIFO or device at the database's path before SQLite opens it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise ReadStateError(display(f"{path}: not a regular file; reading state not kept"))


def _check_columns(db: sqlite3.Connection, path: Path) -> None:
    # A table of the same name from another program (or a future layout):
    # use none of it rather than misread it, and never alter it.
    columns = {row[1] for row in db.execute("PRAGMA table_info(post_state)")}
    if not columns >= _COLUMNS:
        raise ReadStateError(
            display(f"{path}: reading state of another layout ({', '.join(sorted(columns))})")
        )


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    # OperationalError covers "database is locked", a full disk, a read-only
    # folder: passing troubles, not a reason to set the user's data aside.
    return not isinstance(error, sqlite3.OperationalError)


class ReadState:
    """Read/unread and scroll position per (store, post id).

    Safe to use from several threads (the app's workers): one connection,
    guarded by a lock.
    """

    def __init__(self, path: Path | None = None, warnings: list[str] | None = None) -> None:
        self.path = path or readstate_path()
        self._warnings = warnings
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        with self._lock:
            try:
                self._db = self._open()
            except (sqlite3.Error, OSError) as error:
                raise ReadStateError(_unusable(self.path, error)) from None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _check_regular(self.path)
        db = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        try:
            db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute(_SCHEMA)
            db.commit()
            _check_columns(db, self.path)
        except BaseException:
            db.close()
            raise
        return db

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect()
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                raise
            self._set_aside(error)
            return self._connect()

    def _set_aside(self, error: sqlite3.DatabaseError) -> None:
        """Move the damaged database and its journal files out of the way."""
        with locked(self.path):
            aside = move_aside(self.path) if self.path.exists() else None
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists() and aside is not None:
                    with contextlib.suppress(OSError):
                        companion.rename(aside.with_name(aside.name + suffix))
        where = f"moved aside to {aside}" if aside else "starting afresh"
        report(f"{self.path}: not a usable database ({error}); {where}", self._warnings)

    def _run(self, action: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return self._run_sqlite(action)
        except (sqlite3.Error, OSError) as error:
            raise ReadStateError(_unusable(self.path, error)) from None

    def _run_sqlite(self, action: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            if self._db is None:
                raise RuntimeError("the reading state is closed")
            try:
                with self._db:  # one transaction: commit, or roll back on error
                    return action(self._db)
            except sqlite3.DatabaseError as error:
                if not _is_damage(error):
                    raise
                # Damaged while open: keep the evidence, carry on with a fresh file.
                self._db.close()
                self._set_aside(error)
                self._db = self._connect()
                with self._db:
                    return action(self._db)

    # -- reading ---------------------------------------------------------------

    def read_ids(self, store: str) -> frozenset[str]:
        def query(db: sqlite3.Connection) -> frozenset[str]:
            rows = db.execute(
                "SELECT post_id FROM post_state WHERE store = ? AND read = 1", (store,)
            )
            return frozenset(row[0] for row in rows)

        return self._run(query)

    def is_read(self, store: str, post_id: str) -> bool:
        def query(db: sqlite3.Connection) -> bool:
            row = db.execute(
                "SELECT read FROM post_state WHERE store = ? AND post_id = ?", (store, post_id)
            ).fetchone()
            return bool(row and row[0])

        return self._run(query)

    def scroll(self, store: str, post_id: str) -> float | None:
        def query(db: sqlite3.Connection) -> float | None:
            row = db.execute(
                "SELECT scroll FROM post_state WHERE store = ? AND post_id = ?", (store, post_id)
            ).fetchone()
            return None if row is None or row[0] is None else float(row[0])

        return self._run(query)

    # -- changing --------------------------------------------------------------

    def mark_read(self, store: str, post_id: str, read: bool = True) -> None:
        def change(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO post_state (store, post_id, read, seen_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (store, post_id) DO UPDATE"
                " SET read = excluded.read, seen_at = excluded.seen_at",
                (store, post_id, int(read), _now()),
            )

        self._run(change)

    def set_scroll(self, store: str, post_id: str, offset: float) -> None:
        def change(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO post_state (store, post_id, scroll, seen_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (store, post_id) DO UPDATE"
                " SET scroll = excluded.scroll, seen_at = excluded.seen_at",
                (store, post_id, float(offset), _now()),
            )

        self._run(change)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> ReadState:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
