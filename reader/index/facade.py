"""`IndexCatalog`: open the store's index, keep it up to date, hand it out.

The public face of this module is `reader.index` (see its docstring).
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.fileio import is_disk_full
from reader.index import totals as stored_totals
from reader.index import walk as index_walk
from reader.index.bulk import late_indexes
from reader.index.links import LINK_TABLES
from reader.index.lock import IndexLock
from reader.index.queries import IndexQueries
from reader.index.schema import (
    IndexDamaged,
    IndexUnusable,
    connect,
    create,
    create_in_memory,
    database_path,
    is_complete,
    mark_complete,
    open_existing,
)
from reader.index.schema import verify as verify_pages
from reader.model import LoadProblem
from reader.safetext import clean_line
from reader.store_walk import folders_unchanged

if TYPE_CHECKING:
    from reader.index.build import Progress, RefreshStats


def refresh_files(
    conn: sqlite3.Connection, root: Path, progress: Progress | None, *, workers: int | None
) -> tuple[RefreshStats, list[LoadProblem]]:
    """`reader.index.build.refresh`, its module loaded only when a refresh runs."""
    from reader.index.build import refresh

    return refresh(conn, root, progress, workers=workers)


_TOMBSTONES_MIN = 1000
"""Rebuild when dead FTS rows pass this and a quarter of the live posts."""


class IndexDiskFull(OSError):
    """The disk that holds the index is full (`filename` is the database file)."""

    def __init__(self, database: Path) -> None:
        super().__init__(errno.ENOSPC, "the disk is full", str(database))


def _is_contention(error: BaseException) -> bool:
    """SQLite gave up waiting for another connection: nothing is damaged."""
    return isinstance(error, sqlite3.OperationalError) and (
        "locked" in str(error) or "busy" in str(error)
    )


class IndexCatalog(IndexQueries):
    """The Catalog behind the app and the commands once a store has an index."""

    walk_problems: list[LoadProblem]
    in_memory_only: bool
    """The index lives in this process's memory (the cache folder was unusable)."""

    def __init__(self, root: Path, conn: sqlite3.Connection, db_path: Path) -> None:
        super().__init__(root, conn, db_path)
        self.walk_problems = []
        self.in_memory_only = False
        self.file_lock = IndexLock.of(db_path)
        self.damage_found = False
        """A damaged database was found and replaced: the caller says so, once."""
        self._reading: weakref.finalize[[], IndexCatalog] | None = None
        self._inode = _inode(db_path)

    @classmethod
    def open_existing(cls, root: Path) -> IndexCatalog | None:
        """The store's complete index as it is, without looking at the files;
        None if there is none, it is unusable, or a build of it did not finish."""
        catalog, _damaged = cls._open_any(root)
        if catalog is not None and not catalog.complete():
            catalog.close()
            return None
        return catalog

    @classmethod
    def _open_any(cls, root: Path) -> tuple[IndexCatalog | None, bool]:
        """The store's index, complete or not (None if unusable), and whether
        what stood in its place was damaged."""
        root = root.resolve()
        path = database_path(root)
        try:
            conn = open_existing(path, root)
        except IndexDamaged:
            return None, True
        except IndexUnusable:
            return None, False
        return cls(root, conn, path), False

    @classmethod
    def open(cls, root: Path) -> IndexCatalog:
        """The store's index (perhaps partial: a refresh finishes it), or a
        new empty one in place of anything unusable (`damage_found` says
        whether that was a damaged file)."""
        catalog, _damaged = cls._open_any(root)
        if catalog is not None:
            return catalog
        root = root.resolve()
        path = database_path(root)
        try:
            with IndexLock.of(path).exclusive():
                # Another process may have made it while we waited.
                catalog, damaged = cls._open_any(root)
                if catalog is not None:
                    return catalog
                catalog = cls(root, create(path, root), path)
                catalog.damage_found = damaged
                return catalog
        except (OSError, sqlite3.Error) as error:
            if is_disk_full(error):
                raise IndexDiskFull(path) from error
            raise

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
        verify: bool = False,
    ) -> RefreshStats:
        """Read what changed on disk into the index; with `rebuild`, everything.

        `verify` first reads every page of the index (`PRAGMA quick_check`:
        0.2 s at 100k posts), for `reader index`; other refreshes rely on
        the cheap checks at open and on damage met by the queries.

        Safe to run in a worker thread while other threads call `select`.
        Waits (bounded: IndexBusy) while another process builds. A damaged
        database found on the way is replaced and built again; a full disk
        raises IndexDiskFull.
        """
        if self.in_memory_only:
            return self._refresh_or_rebuild(progress, rebuild, workers, verify)
        self.end_snapshot()
        try:
            with self.file_lock.exclusive():
                return self._refresh_or_rebuild(progress, rebuild, workers, verify)
        except (OSError, sqlite3.Error) as error:
            if is_disk_full(error):
                raise IndexDiskFull(self.db_path) from error
            raise

    def _refresh_or_rebuild(
        self, progress: Progress | None, rebuild: bool, workers: int | None, verify: bool
    ) -> RefreshStats:
        try:
            return self._refresh(progress, rebuild, workers, verify)
        except (sqlite3.DatabaseError, IndexUnusable) as error:
            if is_disk_full(error) or _is_contention(error):
                raise
            self.damage_found = True
            self._replace_database()
            return self._refresh(progress, True, workers, False)

    def complete(self) -> bool:
        """Whether the index holds the whole store as of its last refresh."""
        try:
            with self._lock:
                return is_complete(self._conn)
        except sqlite3.DatabaseError:
            return False

    def generation(self) -> str | None:
        """What a complete index holds now, as the stamp the stored totals
        carry (`totals.STAMP`: it moves with every change to the posts, by
        this reader or an older one); None when the index is not complete,
        or lives in memory."""
        if self.in_memory_only:
            return None
        try:
            with self._lock:
                if not is_complete(self._conn):
                    return None
                return str(self._conn.execute(f"SELECT {stored_totals.STAMP}").fetchone()[0])
        except sqlite3.DatabaseError:
            return None

    def empty(self) -> bool:
        """Whether the index holds no post (cheaper than `total`)."""
        return not self._query("SELECT EXISTS (SELECT 1 FROM posts)")[0][0]

    def store_unmoved(self) -> bool:
        """Whether no post file was added, removed or renamed since the last
        complete refresh: every folder's change time is as it recorded
        (`reader.index.walk`). Cheap (a stat per folder); a file rewritten in place
        is not seen here, only by a refresh."""
        if self.in_memory_only:
            return False
        try:
            with self._lock:
                if not is_complete(self._conn):
                    return False
                folders = index_walk.recorded_folders(self._conn)
        except sqlite3.DatabaseError:
            return False
        return folders_unchanged(self.root, folders)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """Rows of a read-only query on the index, its errors as the catalog's."""
        return self._query(sql, params)

    def same_file(self) -> bool:
        """Whether the index file is still the one this catalog opened."""
        return self.in_memory_only or _inode(self.db_path) == self._inode

    def read_snapshot(self) -> bool:
        """Read from now on in one snapshot of the index, if it is complete in it.

        `complete` is set in the transaction of a build's last batch and
        cleared in that of a rebuild's first: in a snapshot that says
        complete, every table holds the whole store, whatever a build in
        another process does meanwhile. False (and no snapshot) otherwise.
        A refresh ends the snapshot.
        """
        if self.in_memory_only:
            return self.complete()
        with self._lock:
            self.end_snapshot()
            try:
                self._conn.execute("BEGIN")
                if is_complete(self._conn):
                    return True
            except sqlite3.DatabaseError:
                pass
            self.end_snapshot()
            return False

    def end_snapshot(self) -> None:
        """Back to reading the latest state of the index."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            if self._conn.in_transaction:
                self._conn.rollback()

    def _refresh(
        self, progress: Progress | None, rebuild: bool, workers: int | None, verify: bool
    ) -> RefreshStats:
        from reader.index.build import RefreshStats

        with self._writer() as writer:
            if verify and not rebuild:
                verify_pages(writer)
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
            with late_indexes(writer, bulk=posts == 0):
                stats, self.walk_problems = refresh_files(
                    writer, self.root, progress, workers=workers
                )
            if stats.read > 1000:
                with writer:
                    # Merge the many small FTS segments a bulk insert leaves.
                    writer.execute("INSERT INTO fts (fts, rank) VALUES ('merge', 500)")
                # A reader's snapshot (`reader list` in a pager) must not hold
                # the build up: checkpoint what it can now, never wait.
                writer.execute("PRAGMA busy_timeout = 0")
                writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                writer.execute("PRAGMA busy_timeout = 30000")
            # Counted here, once per change, so that opening reads them.
            stored_totals.store(writer)
        self.refreshed(rebuild or bool(stats.added or stats.changed or stats.removed))
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
                self._inode = _inode(self.db_path)
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


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _clear(conn: sqlite3.Connection) -> None:
    """Empty the index in place, so readers in other processes are not cut off."""
    with conn:
        # 'delete-all' is the one way to empty a contentless FTS5 table.
        conn.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
        for table in ("posts", "post_tags", "post_authors", "skipped", "problems", *LINK_TABLES):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'tombstones'")
        # What the last walk saw vouches for the old contents, not the empty index.
        index_walk.clear(conn)
        mark_complete(conn, False)
