"""The index's facet groups held in memory: tags, sections, authors, years.

A selection is a list of rowids; counting its facets must not cost a query
per row, so each post's values are read once per state of the index (one
`group_concat` per column) and counted in Python. Sets of rowids per value
answer the sidebar's filters, as they did for tags alone. For 100k posts
the four groups cost about 0.2 s to read once and ~40 MB.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain

from reader.catalog import FACET_GROUPS, FacetCounts, order_counts
from reader.index_schema import SEPARATOR

Column = Callable[[str, Sequence[object]], list[str]]
"""Runs a one-column query (`SELECT x AS value ...`) and returns its values as text."""

_MULTI = {"tags": "post_tags", "authors": "post_authors"}
"""Groups a post may have several values of, and their tables."""
_SINGLE = {"sections": "section", "years": "year"}
"""Groups a post has at most one value of, and their columns of `posts`."""
_TOTALS = {
    "tags": "SELECT tag || char(31) || count(*) AS value FROM post_tags GROUP BY tag",
    "authors": "SELECT author || char(31) || count(*) AS value FROM post_authors GROUP BY author",
    "sections": "SELECT section || char(31) || count(*) AS value FROM posts"
    " WHERE section <> '' GROUP BY section",
    "years": "SELECT year || char(31) || count(*) AS value FROM posts"
    " WHERE year IS NOT NULL GROUP BY year",
}
_ROWS = {
    "tags": "SELECT post AS value FROM post_tags WHERE tag = ?",
    "authors": "SELECT post AS value FROM post_authors WHERE author = ?",
    "sections": "SELECT rowid AS value FROM posts WHERE section = ?",
    "years": "SELECT rowid AS value FROM posts WHERE year = ?",
}
_VALUES = {
    "tags": "tags",
    "authors": "authors",
    "sections": "section",
    "years": "coalesce(year, '')",
}


class FacetCache:
    """Facet values of every post, their totals, spellings and posts, for one index state."""

    def __init__(self, column: Column) -> None:
        self._column = column
        self.forget()

    def forget(self) -> None:
        """Drop everything: the index changed."""
        self._totals: dict[str, list[tuple[str, int]]] = {}
        self._spellings: dict[str, dict[str, list[str]]] = {}
        self._many: dict[str, dict[int, tuple[str, ...]]] = {}
        self._one: dict[str, dict[int, str]] = {}
        self._rows: dict[tuple[str, str], frozenset[int]] = {}

    def totals(self, group: str) -> list[tuple[str, int]]:
        """Every value of the group with its post count over the store."""
        found = self._totals.get(group)
        if found is None:
            counts: dict[str, int] = {}
            for item in self._column(_TOTALS[group], ()):
                value, _, count = item.rpartition("\x1f")
                counts[value] = int(count)
            found = self._totals[group] = order_counts(group, counts)
        return found

    def spellings(self, group: str, name: str) -> list[str]:
        """The store's values of the group equal to `name` ignoring case."""
        table = self._spellings.get(group)
        if table is None:
            table = {}
            for value, _ in self.totals(group):
                table.setdefault(value.casefold(), []).append(value)
            self._spellings[group] = table
        return table.get(name.strip().casefold(), [])

    def rows_with(self, group: str, values: Iterable[str]) -> frozenset[int]:
        """Rowids of the posts with any of these values of the group."""
        found: set[int] = set()
        for value in values:
            rows = self._rows.get((group, value))
            if rows is None:
                param: object = int(value) if group == "years" else value
                rows = frozenset(map(int, self._column(_ROWS[group], (param,))))
                self._rows[(group, value)] = rows
            found.update(rows)
        return frozenset(found)

    def counter(self, group: str) -> Callable[[Sequence[int]], list[tuple[str, int]]]:
        """A function counting the group's values over rowids, bound to this state."""
        if group in _MULTI:
            many = self._values(group)
            return lambda rowids: order_counts(
                group, Counter(chain.from_iterable(map(many.__getitem__, rowids)))
            )
        one = self._value(group)

        def count(rowids: Sequence[int]) -> list[tuple[str, int]]:
            counts = Counter(map(one.__getitem__, rowids))
            counts.pop("", None)
            return order_counts(group, counts)

        return count

    def warm(self) -> None:
        """Read every group's values now, so the first count is as quick as the rest."""
        for group in FACET_GROUPS:
            self.counter(group)
            self.totals(group)

    def _rowids(self) -> list[int]:
        return list(map(int, self._column("SELECT rowid AS value FROM posts ORDER BY rowid", ())))

    def _texts(self, group: str) -> list[str]:
        return self._column(f"SELECT {_VALUES[group]} AS value FROM posts ORDER BY rowid", ())

    def _values(self, group: str) -> dict[int, tuple[str, ...]]:
        found = self._many.get(group)
        if found is None:
            intern = sys.intern
            found = self._many[group] = {
                rowid: tuple(map(intern, text.split(SEPARATOR))) if text else ()
                for rowid, text in zip(self._rowids(), self._texts(group), strict=True)
            }
        return found

    def _value(self, group: str) -> dict[int, str]:
        found = self._one.get(group)
        if found is None:
            intern = sys.intern
            found = self._one[group] = {
                rowid: intern(text)
                for rowid, text in zip(self._rowids(), self._texts(group), strict=True)
            }
        return found


class LazyFacets(Mapping[str, FacetCounts]):
    """A selection's facet counts, each group counted when it is first read.

    The app's list shows tags only; the other groups cost nothing until a
    sidebar or `reader facets` asks for them.
    """

    def __init__(
        self,
        rowids: Sequence[int],
        counters: Mapping[str, Callable[[Sequence[int]], list[tuple[str, int]]]],
        known: Mapping[str, FacetCounts],
    ) -> None:
        self._rowids = rowids
        self._counters = counters
        self._done: dict[str, FacetCounts] = dict(known)

    def __getitem__(self, group: str) -> FacetCounts:
        found = self._done.get(group)
        if found is None:
            found = self._done[group] = self._counters[group](self._rowids)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(FACET_GROUPS)

    def __len__(self) -> int:
        return len(FACET_GROUPS)
