"""A first build's own settings: faster to fill an index nobody reads yet.

`bulk_load` wraps the filling of an index that is not complete (a first build,
or the rest of a stopped one); `late_indexes` makes the secondary indexes of
`schema.LATE_INDEXES` once the posts are in, instead of keeping them up to date
row by row. docs/design.md §7 says what each setting saves.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from reader.index.schema import LATE_INDEXES

FTS_HASH_BYTES = 1 << 20
"""FTS5's own limit on the words it holds in memory before writing a segment."""
BULK_FTS_HASH_BYTES = 256 << 20
"""The limit while an index is filled: above any batch's words, so each batch
is written as one segment instead of one per megabyte, which later merges
would have to read back (a third of a first build's FTS work)."""
FTS_AUTOMERGE = 4
"""FTS5's own: segments of one level it merges into one of the next, as it writes."""
BULK_FTS_AUTOMERGE = 8
"""The setting while an index is filled: each batch's segment is then merged
up fewer times on its way to the top (log8 instead of log4 of the batches):
~0.4 s of CPU at 100k posts, with the same query speed after the merge that
ends a build."""


@contextlib.contextmanager
def bulk_load(conn: sqlite3.Connection) -> Iterator[None]:
    """Settings for filling an index that is not complete yet (a first build,
    or the rest of one that was stopped), put back on the way out.

    - `synchronous = OFF`: no fsync per batch. A killed process loses nothing
      SQLite handed to the system, and a build stopped by a crash of the
      system is marked incomplete and redone like a killed one. On the way
      out the settings are put back and the log is checkpointed with fsyncs,
      so the transaction that marks the index complete finds every batch
      before it on disk.
    - FTS5's `hashsize` (`BULK_FTS_HASH_BYTES`): one segment per batch, and
      `automerge` (`BULK_FTS_AUTOMERGE`): fewer merges of those segments.
    """
    synchronous = int(conn.execute("PRAGMA synchronous").fetchone()[0])
    conn.execute("PRAGMA synchronous = OFF")
    _set_fts(conn, "hashsize", BULK_FTS_HASH_BYTES)
    _set_fts(conn, "automerge", BULK_FTS_AUTOMERGE)
    try:
        yield
    finally:
        # After an error the database may be unusable; the caller deals
        # with that, and the settings die with the connection.
        with contextlib.suppress(sqlite3.Error):
            _set_fts(conn, "hashsize", FTS_HASH_BYTES)
            _set_fts(conn, "automerge", FTS_AUTOMERGE)
            conn.execute(f"PRAGMA synchronous = {synchronous}")
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


@contextlib.contextmanager
def late_indexes(conn: sqlite3.Connection, *, bulk: bool) -> Iterator[None]:
    """Around a refresh: every index of `LATE_INDEXES` exists once it is done.

    A bulk build (into an empty index) drops them first and makes them
    after. A build stopped half-way leaves them missing; queries still
    answer (SQLite reads the tables instead) until the build that completes
    the index makes them.
    """
    if bulk:
        with conn:
            for name in LATE_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")
    yield
    with conn:
        for name, on in LATE_INDEXES.items():
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")


def _set_fts(conn: sqlite3.Connection, setting: str, value: int) -> None:
    # An SQLite without the setting keeps its own: slower, never wrong.
    with contextlib.suppress(sqlite3.OperationalError), conn:
        conn.execute("INSERT INTO fts (fts, rank) VALUES (?, ?)", (setting, value))
