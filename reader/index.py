"""The search index of a store: open it, keep it up to date, query it.

    catalog = IndexCatalog.open_existing(root)     # instant, may be stale; None if no index
    catalog, problems = open_catalog(root, progress)   # open or build, then refresh
    catalog = IndexCatalog.in_memory(root)         # no cache folder: empty, refresh it
    stats = catalog.refresh(progress)              # new/changed/deleted files only
    catalog.select(Filter(...), marks)             # the Catalog protocol

The index is a cache: a missing, old-schema, foreign or damaged database is
rebuilt, never reported as an error. Two processes may use one index at
once (WAL: readers never wait for the writer). See `index_schema` for the
tables, `index_build` for the refresh, `index_catalog` for the queries.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from reader.index_build import Progress, RefreshStats
from reader.index_build import refresh as refresh_files
from reader.index_catalog import IndexQueries
from reader.index_schema import (
    IndexUnusable,
    connect,
    create,
    create_in_memory,
    database_path,
    open_existing,
)
from reader.model import LoadProblem
from reader.safetext import clean_line

__all__ = ["IndexCatalog", "IndexUnusable", "RefreshStats", "open_catalog"]

_TOMBSTONES_MIN = 1000
"""Rebuild when dead FTS rows pass this and a quarter of the live posts."""


class IndexCatalog(IndexQueries):
    """The Catalog behind the app and the commands once a store has an index."""

    walk_problems: list[LoadProblem]
    in_memory_only: bool
    """The index lives in this process's memory (the cache folder was unusable)."""

    def __init__(self, root: Path, conn: sqlite3.Connection, db_path: Path) -> None:
        super().__init__(root, conn, db_path)
        self.walk_problems = []
        self.in_memory_only = False

    @classmethod
    def open_existing(cls, root: Path) -> IndexCatalog | None:
        """The store's index as it is, without looking at the files; None if unusable."""
        root = root.resolve()
        path = database_path(root)
        try:
            conn = open_existing(path, root)
        except IndexUnusable:
            return None
        return cls(root, conn, path)

    @classmethod
    def open(cls, root: Path) -> IndexCatalog:
        """The store's index, or a new empty one in place of anything unusable."""
        catalog = cls.open_existing(root)
        if catalog is not None:
            return catalog
        root = root.resolve()
        path = database_path(root)
        return cls(root, create(path, root), path)

    @classmethod
    def in_memory(cls, root: Path) -> IndexCatalog:
        """A new, empty index in memory, for when the cache folder cannot be
        written: the same queries (the whole search language) over a store
        read now, at the cost of reading every file each time."""
        root = root.resolve()
        catalog = cls(root, create_in_memory(root), database_path(root))
        catalog.in_memory_only = True
        return catalog

    def refresh(
        self,
        progress: Progress | None = None,
        *,
        rebuild: bool = False,
        workers: int | None = None,
    ) -> RefreshStats:
        """Read what changed on disk into the index; with `rebuild`, everything.

        Safe to run in a worker thread while other threads call `select`.
        A damaged database found on the way is replaced and built again.
        """
        try:
            return self._refresh(progress, rebuild, workers)
        except (sqlite3.DatabaseError, IndexUnusable):
            self._replace_database()
            return self._refresh(progress, True, workers)

    def _refresh(
        self, progress: Progress | None, rebuild: bool, workers: int | None
    ) -> RefreshStats:
        with self._writer() as writer:
            posts = writer.execute("SELECT count(*) FROM posts").fetchone()[0]
            dead = int(
                writer.execute("SELECT value FROM meta WHERE key = 'tombstones'").fetchone()[0]
            )
            rebuild = rebuild or (dead > _TOMBSTONES_MIN and dead * 4 > posts)
            if rebuild:
                _clear(writer)
                posts = 0
            # A first build has nothing to lose on a crash: skip the fsyncs.
            writer.execute(f"PRAGMA synchronous = {'OFF' if posts == 0 else 'NORMAL'}")
            stats, self.walk_problems = refresh_files(writer, self.root, progress, workers=workers)
            if stats.read > 1000:
                with writer:
                    # Merge the many small FTS segments a bulk insert leaves.
                    writer.execute("INSERT INTO fts (fts, rank) VALUES ('merge', 500)")
                writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.forget_cache()
        if rebuild:
            stats = RefreshStats(
                stats.added, stats.changed, stats.removed, stats.unchanged, stats.seconds, True
            )
        return stats

    @contextlib.contextmanager
    def _writer(self) -> Iterator[sqlite3.Connection]:
        """A connection to write with: its own, so readers are not held up
        (WAL); for an index in memory, the one connection there is."""
        if self.in_memory_only:
            with self._lock:
                yield self._conn
            return
        writer = connect(self.db_path)
        try:
            yield writer
        finally:
            writer.close()

    def _replace_database(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            if self.in_memory_only:
                self._conn = create_in_memory(self.root)
            else:
                self._conn = create(self.db_path, self.root)
            # A new database numbers its rows from 1 again: nothing cached by
            # rowid may outlive the old one.
            self.forget_rows()

    def problems(self) -> list[LoadProblem]:
        """Every problem met reading the store, as of the last refresh."""
        rows = self._query("SELECT path, line, reason FROM problems ORDER BY path, line")
        # Cleaned again on the way out: an index written by an older reader
        # may hold a file name with control characters.
        stored = [
            LoadProblem(clean_line(str(p)), None if n is None else int(n), str(r))
            for p, n, r in rows
        ]
        return [*self.walk_problems, *stored]


def _clear(conn: sqlite3.Connection) -> None:
    """Empty the index in place, so readers in other processes are not cut off."""
    with conn:
        # 'delete-all' is the one way to empty a contentless FTS5 table.
        conn.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
        for table in ("posts", "post_tags", "skipped", "problems"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'tombstones'")


def open_catalog(
    root: Path,
    progress: Progress | None = None,
    *,
    rebuild: bool = False,
    workers: int | None = None,
) -> tuple[IndexCatalog, list[LoadProblem]]:
    """Open (or build) the store's index, bring it up to date, and list the problems."""
    catalog = IndexCatalog.open(root)
    catalog.refresh(progress, rebuild=rebuild, workers=workers)
    catalog.warm()
    return catalog, catalog.problems()
