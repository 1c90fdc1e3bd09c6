"""Write parsed files into the index: posts, their words, tags and problems.

Two rules live here.

- **One owner per id, the same as a whole load.** When two files claim one
  id (`a.md` and `a/index.md`), the store keeps the first in walk order
  (`store.walk_key`). A refresh reads files as they appear, so a new file
  may sort before the id's current owner: it then takes the id, and the old
  owner is set aside as a skipped duplicate (and gets its turn back when the
  new one goes, like any skipped duplicate). A refresh therefore always ends
  where a rebuild would.
- **A file SQLite refuses costs only that file.** A value SQLite cannot
  store (a lone surrogate that got past the parser and the walk, say) makes
  a batch insert fail part-way. The batch runs inside a savepoint; when it fails for
  such a row-level reason, it is rolled back and the files go in one at a
  time, and the one that is refused is reported and recorded as skipped.
  A broken database (a missing table, a damaged file) is not row-level: it
  still propagates, so the caller rebuilds.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from reader.index import links
from reader.store import duplicate_reason, walk_key

ParsedRow = tuple[
    str, str, str, str, str | None, str, str | None, str, str, str, int | None, int, str, str,
    str, str, tuple[str, ...], tuple[str, ...], tuple[links.NamedTarget, ...],
]  # fmt: skip
"""A parsed post as plain values, in the order of the `posts` columns: id,
path, title, title_source, date, date_key, updated, authors, tags (both
SEPARATOR-joined), section, year, draft (0 or 1), summary; then the body,
the tags and the authors as FTS5 reads them (space-joined), each tag and
each author once, and the post's links within the store (`links.named_targets`).
The parse workers make it (`post_row`): this process, which every write of a
build waits on, only adds rowids and writes."""
Parsed = tuple[str, int, int, ParsedRow | None, list[tuple[int | None, str]]]
"""One file read: (path, mtime_ns, size, the post or None, its problems)."""

_LOOKUP = 500
"""Ids asked for in one query: under SQLite's limit on parameters."""

_ROW_REFUSED = (
    UnicodeError,
    ValueError,
    OverflowError,
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
    sqlite3.DataError,
)
"""Errors that blame one row's values, not the database."""


def storable(text: str) -> str:
    """Text SQLite accepts: lone surrogates become `?`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


@contextlib.contextmanager
def _savepoint(conn: sqlite3.Connection) -> Iterator[None]:
    """All or nothing for the block, inside the caller's transaction."""
    if not conn.in_transaction:
        conn.execute("BEGIN")
    conn.execute("SAVEPOINT writer_add")
    try:
        yield
    except BaseException:
        # Some errors (a full disk, say) make SQLite roll back the whole
        # transaction itself; then there is no savepoint left to go back to.
        if conn.in_transaction:
            conn.execute("ROLLBACK TO writer_add")
            conn.execute("RELEASE writer_add")
        raise
    conn.execute("RELEASE writer_add")


@dataclass
class _Rows:
    """What a list of parsed files adds to each table."""

    rowid_start: int
    posts: list[tuple[object, ...]] = field(default_factory=list)
    texts: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)
    authors: list[tuple[str, int]] = field(default_factory=list)
    link_rows: list[links.LinkRow] = field(default_factory=list)
    skipped: list[tuple[str, int, int, int]] = field(default_factory=list)
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)
    demotions: list[tuple[str, str, str]] = field(default_factory=list)
    """(id, old owner's path, new owner's path)."""
    added: list[str] = field(default_factory=list)
    """Paths that become posts."""


class Writer:
    """Adds and removes posts in one index database.

    `inserted` (paths that became posts) and `demoted` (owners that lost
    their id to a file earlier in walk order) say what the writes did.

    Who owns an id is asked of the database, once per batch for the
    batch's ids: holding every id and path here would cost 200 MB at a
    million posts, in every refresh that changes anything.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.owners: dict[str, str | None] = {}
        """The owners of the ids of the batch being planned (None: no owner)."""
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'posts'").fetchone()
        self.next_rowid = (row[0] if row else 0) + 1
        self.inserted: list[str] = []
        self.demoted = 0

    def _look_up(self, ids: Iterable[str]) -> None:
        """Fill `owners` with the database's owner of each of these ids."""
        wanted = [post_id for post_id in dict.fromkeys(ids) if post_id not in self.owners]
        found: dict[str, str | None] = dict.fromkeys(wanted)
        for start in range(0, len(wanted), _LOOKUP):
            part = [storable(post_id) for post_id in wanted[start : start + _LOOKUP]]
            sql = f"SELECT id, path FROM posts WHERE id IN ({','.join('?' * len(part))})"
            found.update(self.conn.execute(sql, part))
        self.owners.update((post_id, found[post_id]) for post_id in wanted)

    def remove(self, rows: Sequence[tuple[int, str, str]]) -> None:
        """Forget posts (rowid, id, path). Their FTS rows stay as tombstones."""
        conn = self.conn
        conn.executemany("DELETE FROM posts WHERE rowid = ?", [(r,) for r, _, _ in rows])
        conn.executemany("DELETE FROM post_tags WHERE post = ?", [(r,) for r, _, _ in rows])
        conn.executemany("DELETE FROM post_authors WHERE post = ?", [(r,) for r, _, _ in rows])
        conn.executemany("DELETE FROM problems WHERE path = ?", [(p,) for _, _, p in rows])
        self.owners.clear()
        self._add_tombstones(len(rows))

    def forget_skipped(self, paths: Sequence[str]) -> None:
        self.conn.executemany("DELETE FROM skipped WHERE path = ?", [(p,) for p in paths])
        self.conn.executemany("DELETE FROM problems WHERE path = ?", [(p,) for p in paths])

    def add(self, parsed: Sequence[Parsed]) -> None:
        """Add parsed files, given in walk order (the order decides owners)."""
        rows = self._plan(parsed)
        try:
            with _savepoint(self.conn):
                self._insert(rows)
        except _ROW_REFUSED:
            self._undo(rows)
            for one in parsed:
                self._add_alone(one)
            return
        self._done(rows)

    # -- inside add ------------------------------------------------------------------

    def _add_alone(self, one: Parsed) -> None:
        rows = self._plan([one])
        try:
            with _savepoint(self.conn):
                self._insert(rows)
        except _ROW_REFUSED as error:
            self._undo(rows)
            self._refused(one, error)
            return
        self._done(rows)

    def _plan(self, parsed: Sequence[Parsed]) -> _Rows:
        # The writing process is the build's bottleneck (the parse runs in
        # workers), so this loop does only what needs `owners`.
        rows = _Rows(rowid_start=self.next_rowid)
        self._look_up(row[0] for _, _, _, row, _ in parsed if row is not None)
        owners = self.owners
        posts, texts, tags, authors = rows.posts, rows.texts, rows.tags, rows.authors
        link_rows = rows.link_rows
        for rel, mtime_ns, size, row, found in parsed:
            if found:
                rows.problems.extend((rel, line, reason) for line, reason in found)
            if row is None:
                rows.skipped.append((rel, mtime_ns, size, 0))
                continue
            post_id = row[0]
            owner = owners.get(post_id)
            if owner is not None and walk_key(owner) <= walk_key(rel):
                rows.problems.append((rel, None, duplicate_reason(post_id, owner)))
                rows.skipped.append((rel, mtime_ns, size, 1))
                continue
            if owner is not None:
                rows.demotions.append((post_id, owner, rel))
            owners[post_id] = rel
            rowid = self.next_rowid
            self.next_rowid += 1
            rows.added.append(rel)
            posts.append((rowid, *row[:13], mtime_ns, size))
            texts.append((rowid, row[2], row[13], row[14], row[15]))
            tags.extend([(tag, rowid) for tag in row[16]])
            authors.extend([(name, rowid) for name in row[17]])
            link_rows.extend([(name, rowid, target) for name, target in row[18]])
        return rows

    def _insert(self, rows: _Rows) -> None:
        conn = self.conn
        for post_id, old, new in rows.demotions:
            self._demote(post_id, old, new)
        conn.executemany(
            "INSERT INTO posts (rowid, id, path, title, title_source, date, date_key, updated,"
            " authors, tags, section, year, draft, summary, mtime_ns, size)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.posts,
        )
        conn.executemany(
            "INSERT INTO fts (rowid, title, body, tags, authors) VALUES (?, ?, ?, ?, ?)", rows.texts
        )
        conn.executemany("INSERT OR IGNORE INTO post_tags (tag, post) VALUES (?, ?)", rows.tags)
        conn.executemany(
            "INSERT OR IGNORE INTO post_authors (author, post) VALUES (?, ?)", rows.authors
        )
        links.insert(conn, rows.link_rows)
        conn.executemany("INSERT OR REPLACE INTO skipped VALUES (?, ?, ?, ?)", rows.skipped)
        conn.executemany("INSERT INTO problems VALUES (?, ?, ?)", rows.problems)

    def _demote(self, post_id: str, old: str, new: str) -> None:
        """The post at `old` gives its id to `new`, earlier in walk order."""
        conn = self.conn
        found = conn.execute(
            "SELECT rowid, mtime_ns, size FROM posts WHERE path = ?", (old,)
        ).fetchone()
        if found is None:
            return
        rowid, mtime_ns, size = found
        conn.execute("DELETE FROM posts WHERE rowid = ?", (rowid,))
        conn.execute("DELETE FROM post_tags WHERE post = ?", (rowid,))
        conn.execute("DELETE FROM post_authors WHERE post = ?", (rowid,))
        self._add_tombstones(1)
        # It stays a file of the store: skipped as a duplicate, its own
        # problems kept, and read again when the new owner goes.
        conn.execute("INSERT OR REPLACE INTO skipped VALUES (?, ?, ?, 1)", (old, mtime_ns, size))
        conn.execute(
            "INSERT INTO problems VALUES (?, NULL, ?)", (old, duplicate_reason(post_id, new))
        )
        # Other duplicates of the id now lose to the new owner, as in a rebuild.
        conn.execute(
            "UPDATE problems SET reason = ? WHERE reason = ?",
            (duplicate_reason(post_id, new), duplicate_reason(post_id, old)),
        )

    def _add_tombstones(self, count: int) -> None:
        self.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + ? WHERE key = 'tombstones'",
            (count,),
        )

    def _undo(self, rows: _Rows) -> None:
        # The database holds what it held before the batch: ask it again.
        self.owners.clear()
        self.next_rowid = rows.rowid_start

    def _done(self, rows: _Rows) -> None:
        # The batch is in the database, which answers for its ids from now on.
        self.owners.clear()
        self.inserted.extend(rows.added)
        self.demoted += len(rows.demotions)

    def _refused(self, one: Parsed, error: Exception) -> None:
        """Record a file SQLite would not take: skipped until it changes, and said why."""
        rel, mtime_ns, size, _row, found = one
        detail = "text that is not valid Unicode" if isinstance(error, UnicodeError) else error
        reason = f"the search index cannot store it ({storable(str(detail))}); skipped"
        problems = [(storable(rel), line, storable(text)) for line, text in found]
        problems.append((storable(rel), None, reason))
        skipped = (storable(rel), mtime_ns, size)
        with contextlib.suppress(*_ROW_REFUSED), _savepoint(self.conn):
            self.conn.execute("INSERT OR REPLACE INTO skipped VALUES (?, ?, ?, 0)", skipped)
            self.conn.executemany("INSERT INTO problems VALUES (?, ?, ?)", problems)
