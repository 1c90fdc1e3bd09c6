"""The `Catalog` served from the search index: list, counts and search.

Once the index exists it is the one source of data: the post list, the tag
counts and search results all come from it, and a post's body is read from
its file only when the post is opened (or a snippet is wanted).

A selection runs in two steps. SQLite finds the matching rowids (FTS5 for
words, SQL for dates and marks); Python then keeps those rowids in the order
of a cached list of all posts (newest first, or by title) and counts their
facets (tags, sections, authors, years) from cached tables of each post's
values (`reader.index.facets`). Facet filters, the commonest change in the
app, are answered from cached sets of rowids per value.

At a million posts, reading every rowid in order costs a fifth of a second:
the first list after opening reads one page along the date index and the
totals the last refresh stored (`reader.index.totals`), and a big answer
orders its first page only until more is read (`reader.index.rows.PagedOrder`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from reader.catalog import (
    FACET_GROUPS,
    FacetCounts,
    Filter,
    LazyFacets,
    Marks,
    Selection,
    SortOrder,
)
from reader.index.bitsets import Bits, Ordering, bits_of
from reader.index.errors import storage_errors
from reader.index.facets import Chosen, FacetCache
from reader.index.matching import Ranks, in_order, matched_bits, ranks_of
from reader.index.rows import COLUMNS, HEAD_ROWS, LazyRows, PagedOrder, gone, summary_from_row
from reader.index.schema import IndexDamaged, IndexUnusable
from reader.index.search_commands import SearchCommands
from reader.index.sql import Where, where_for
from reader.index.terms import TermSets
from reader.model import Post, PostSummary, section_folder
from reader.query import Plan, parse


class IndexQueries(SearchCommands):
    """A store's posts as the index knows them. Safe to use from several threads.

    `reader.index.IndexCatalog` adds opening, refreshing and rebuilding.
    """

    def __init__(self, root: Path, conn: sqlite3.Connection, db_path: Path) -> None:
        self.root = root
        self.db_path = db_path
        self._conn = conn
        self._lock = threading.RLock()
        self._cache: dict[int, PostSummary] = {}
        self._rowid_by_id: dict[str, int] = {}
        self._orders: dict[str, list[int]] = {}
        self._orderings: dict[str, Ordering] = {}
        self._facets = FacetCache(self._column)
        self._terms = TermSets()
        self._section_titles: dict[str, str] | None = None
        self._data_version: int | None = None

    # -- reading the index -------------------------------------------------------

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock, self._errors():
            return self._conn.execute(sql, params).fetchall()

    def query_pages(self, sql: str, params: Sequence[object], size: int) -> Iterator[list[Any]]:
        """The rows of a query, `size` at a time: for printing a whole
        answer while it is read. Each page is fetched under the lock."""
        with self._lock, self._errors():
            cursor = self._conn.execute(sql, params)
        while True:
            with self._lock, self._errors():
                page = cursor.fetchmany(size)
            if not page:
                return
            yield page

    @contextlib.contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite's errors as the index's: contention stays as it is (the
        caller may wait), anything else says the index is unusable or damaged."""
        try:
            yield
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise
            raise IndexUnusable(str(error)) from error
        except sqlite3.DatabaseError as error:
            raise IndexDamaged(str(error)) from error

    def _column(self, sql: str, params: Sequence[object] = ()) -> list[str]:
        """One column of a query's rows, as strings, fetched as a single value.

        Python's sqlite3 takes the GIL back for every row it returns; while
        another thread computes (the app's UI, an article being rendered),
        each of those hand-overs waits, and 50,000 rows took seconds instead
        of milliseconds. `group_concat` builds the whole column in SQLite, so
        the answer crosses over once. `LIMIT -1` keeps SQLite from flattening
        the subquery, which FTS5's auxiliary functions (bm25) do not allow.
        """
        wrapped = f"SELECT group_concat(value, char(30)) FROM ({sql} LIMIT -1)"
        joined: str | None = self._query(wrapped, params)[0][0]
        return [] if joined is None else joined.split("\x1e")

    def _rowids(self, sql: str, params: Sequence[object] = ()) -> list[int]:
        """The integers of a one-column query (`SELECT x AS value ...`), in its
        order: one JSON array, read in C, as `_column` reads text."""
        wrapped = f"SELECT '[' || group_concat(value) || ']' FROM ({sql} LIMIT -1)"
        listed: str | None = self._query(wrapped, params)[0][0]
        return [] if listed is None else list(json.loads(listed))

    def cached(self, rowid: int) -> PostSummary | None:
        return self._cache.get(rowid)

    def summaries(self, rowids: Sequence[int]) -> list[PostSummary]:
        """Summaries for rowids, in that order, from the cache or the index."""
        missing = [rowid for rowid in rowids if rowid not in self._cache]
        for start in range(0, len(missing), 5000):
            part = json.dumps(missing[start : start + 5000])
            sql = f"SELECT {COLUMNS} FROM posts p WHERE p.rowid IN (SELECT value FROM json_each(?))"
            for row in self._query(sql, (part,)):
                summary = summary_from_row(row)
                self._cache[row[0]] = summary
                self._rowid_by_id[summary.id] = row[0]
        return [self._cache.get(rowid) or gone(rowid) for rowid in rowids]

    def rowid_for(self, post_id: str) -> int | None:
        rowid = self._rowid_by_id.get(post_id)
        if rowid is None:
            rows = self._query("SELECT rowid FROM posts WHERE id = ?", (post_id,))
            rowid = rows[0][0] if rows else None
        return rowid

    def total(self) -> int:
        """Posts in the store."""
        with self._lock:
            self._check_version()
            return self._total()

    def _total(self) -> int:
        stored = self._facets.post_total()
        return len(self._order("date")) if stored is None else stored

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag with its post count, most used first, then by name."""
        with storage_errors(IndexUnusable), self._lock:
            self._check_version()
            return self._tag_totals()

    def _tag_totals(self) -> list[tuple[str, int]]:
        return self._facets.totals("tags")

    def all_facets(self) -> dict[str, list[tuple[str, int]]]:
        """Every facet group's values with their post counts over the store."""
        with self._lock:
            self._check_version()
            return {group: self._facets.totals(group) for group in FACET_GROUPS}

    def spellings(self, group: str, name: str) -> list[str]:
        """The store's values of a facet group equal to `name` ignoring case."""
        with self._lock:
            self._check_version()
            return self._facets.spellings(group, name)

    def tag_spellings(self, name: str) -> list[str]:
        """The store's tags equal to `name` ignoring case (`tag:AI` finds `ai`)."""
        return self.spellings("tags", name)

    def section_titles(self) -> dict[str, str]:
        """Titles that section pages give their sections, by section name.

        Read from the pages' files (a few, one per section at most) once per
        state of the index: the index keeps no section pages."""
        with self._lock:
            self._check_version()
            if self._section_titles is None:
                ids = self._column(
                    "SELECT min(id) AS value FROM posts WHERE section <> '' GROUP BY section"
                )
                folders = ["", *(section_folder(post_id) for post_id in ids)]
                from reader.store import section_titles

                self._section_titles = section_titles(self.root, folders)
            return self._section_titles

    def ids(self) -> list[str]:
        """Every post id (for resolving a unique prefix)."""
        return [row[0] for row in self._query("SELECT id FROM posts")]

    def summary(self, post_id: str) -> PostSummary | None:
        rowid = self.rowid_for(post_id)
        return None if rowid is None else self.summaries([rowid])[0]

    def post(self, post_id: str) -> Post | None:
        """The whole post, read from its file now (the index keeps no bodies)."""
        with storage_errors(IndexUnusable):
            rows = self._query("SELECT path FROM posts WHERE id = ?", (post_id,))
        if not rows:
            return None
        # The parsers load with the first post read: `reader list` never needs them.
        from reader.store import read_file

        post, _ = read_file(self.root / rows[0][0], rows[0][0])
        return post

    # -- caches --------------------------------------------------------------------

    def _order(self, order: str) -> list[int]:
        """Every live rowid, newest first (`date`), oldest first or by title (`title`)."""
        found = self._orders.get(order)
        if found is None and order == "oldest":
            found = self._orders[order] = self._order("date")[::-1]
        if found is None:
            by = "title COLLATE NOCASE, id" if order == "title" else "date_key DESC, id DESC"
            found = self._rowids(f"SELECT rowid AS value FROM posts ORDER BY {by}")
            self._orders[order] = found
        return found

    def _everything(self, order: str) -> Sequence[int]:
        """Every post in `order`: the cached list, or, before it is read, the
        first page along the date index (`PagedOrder`; the total is stored)."""
        total = self._facets.post_total()
        if order in self._orders or order == "title" or total is None:
            return self._order(order)
        by = "date_key DESC, id DESC" if order == "date" else "date_key, id"
        head = self._rowids(f"SELECT value FROM (SELECT rowid AS value FROM posts ORDER BY {by}"
                            f" LIMIT {HEAD_ROWS})")  # fmt: skip

        def whole() -> list[int]:
            with self._lock:
                self._check_version()
                return self._order(order)

        return PagedOrder(head, total, whole)

    def _ordering(self, order: str) -> Ordering:
        """`_order` made ready to keep its order for any set of posts."""
        found = self._orderings.get(order)
        if found is None:
            found = self._orderings[order] = Ordering(self._order(order))
        return found

    def warm(self) -> None:
        """Load the caches now (in a worker), so the first filter is as quick as the rest."""
        # Step by step, each under the lock: a query asked for meanwhile
        # runs between two steps instead of after all of them.
        steps: tuple[Callable[[], object], ...] = (
            # With each post's place in it, for answers by relevance.
            lambda: self._ordering("date").places(),
            lambda: self._facets.everything(self._order("date")),
            # Tags only: every list counts them; the other groups are read
            # when a sidebar or `reader facets` first asks.
            lambda: self._facets.warm(("tags",)),
        )
        for step in steps:
            with self._lock:
                self._check_version()
                step()

    def _check_version(self) -> None:
        """Drop the caches if any connection (this process's refresh, another
        process) has changed the database since they were filled."""
        version: int = self._query("PRAGMA data_version")[0][0]
        if version != self._data_version:
            self.forget_cache()
            self._data_version = version

    def refreshed(self, changed: bool) -> None:
        """After a refresh: what was read from the index is dropped if the
        refresh changed it, and kept if not (the start-up refresh nearly
        always finds nothing, and the user's next search must not pay for
        reading it all again). Section titles come from the section pages,
        which the refresh does not count: they are read again either way."""
        with self._lock:
            if changed:
                self.forget_cache()
            self._section_titles = None

    def forget_rows(self) -> None:
        """Drop everything cached, summaries by rowid too: for a new database
        in place of the old one, whose rowids start again from 1."""
        with self._lock:
            self._cache = {}
            self._data_version = None
            self.forget_cache()

    def forget_cache(self) -> None:
        """Drop what was read from the index, after it changed.

        Summaries by rowid stay: within one database a rowid is never reused
        (AUTOINCREMENT, kept across an in-place rebuild), and a changed post
        gets a new one. A replaced database file is another matter: see
        `forget_rows`."""
        with self._lock:
            self._rowid_by_id = {}
            self._orders = {}
            self._orderings = {}
            self._facets.forget()
            self._terms.forget()
            self._section_titles = None

    # -- filtering -------------------------------------------------------------------

    def where(self, plan: Plan, wanted: Filter, marks: Marks) -> Where:
        return where_for(plan, wanted, marks, self._facets.spellings)

    def select(self, wanted: Filter, marks: Marks) -> Selection:
        # One select at a time: its caches must all come from one state of
        # the index, and a refresh drops them only between selects.
        with storage_errors(IndexUnusable), self._lock:
            self._check_version()
            return self._select(wanted, marks)

    def _select(self, wanted: Filter, marks: Marks) -> Selection:
        plan = parse(wanted.query)
        where = self.where(plan, wanted, marks)
        order: SortOrder = wanted.sort
        listed = order if order in ("title", "oldest") else "date"
        chosen: Chosen | None = None
        rowids: Sequence[int]
        if where.is_everything:
            rowids = self._everything(listed)
        else:
            base = self._ordering(listed)
            keep, ranks = self._matching(where, with_rank=order == "relevance")
            for group, values in where.facets_out:
                keep &= ~self._facets.rows_with(group, values)
            rowids = in_order(base, keep, ranks, self._facets.size())
            chosen = Chosen(keep)
        facets = LazyFacets(lambda group: self._facet_counts(chosen, group))
        return Selection(
            rows=LazyRows(self, rowids),
            tag_counts=facets["tags"],
            total=self._total(),
            bookmarked_total=self._bookmarked_total(marks),
            terms=plan.terms,
            plan=plan,
            facets=facets,
        )

    def _facet_counts(self, chosen: Chosen | None, group: str) -> FacetCounts:
        """One facet group counted over a selection (None: the whole store).

        Under the lock and from the caches of the index as it is now: a
        group read after a refresh counts the selection's rows that remain."""
        with self._lock:
            self._check_version()
            if chosen is None:
                return self._facets.totals(group)
            return self._facets.counter(group)(chosen)

    def _matching(self, where: Where, *, with_rank: bool) -> tuple[Bits, Ranks | None]:
        """The posts meeting the positive conditions, and their bm25 when asked."""
        keep = self._facets.everything(self._orders.get("date"))
        for group, values in where.facets_any:
            keep &= self._facets.rows_with(group, values)
        ranks: Ranks | None = None
        if where.match is not None:
            for part in where.match_all:
                keep &= self._terms.get(part, self._matched)
            if where.match_none is not None:
                keep &= ~self._terms.get(where.match_none, self._matched)
            if with_rank:
                ranks = ranks_of(self._query, where.match, keep.bit_count(), self._facets.size())
        if where.conditions:
            sql = "SELECT p.rowid AS value FROM posts p WHERE " + " AND ".join(where.conditions)
            keep &= bits_of(self._rowids(sql, where.params), self._facets.size())
        return keep, ranks

    def _matched(self, expression: str) -> Bits:
        """The posts an FTS5 expression matches (`reader.index.matching`)."""
        return matched_bits(self._query, expression, self._facets.size())

    def _bookmarked_total(self, marks: Marks) -> int:
        if not marks.bookmarked:
            return 0
        sql = "SELECT count(*) FROM posts WHERE id IN (SELECT value FROM json_each(?))"
        count: int = self._query(sql, (json.dumps(sorted(marks.bookmarked)),))[0][0]
        return count

    def close(self) -> None:
        with self._lock:
            self._conn.close()
