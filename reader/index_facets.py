"""The index's facet groups held in memory: tags, sections, authors, years.

A selection is a list of rowids; counting its facets must not cost a query
per row, so each post's values are read once per state of the index (one
`group_concat` per column) and turned into a set of rowids per value. Those
sets answer the sidebar's filters, and they count a large selection in C:
each value's count is the size of its set's intersection with the
selection, or, for a selection of most posts, its set's size less the
intersection with the posts left out (set intersection walks the smaller
set). A small selection is counted row by row. For 100k posts the four
groups cost about 0.5 s of CPU to read once, and the sets ~45 MB beyond the
tags by rowid that the list always needed.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, repeat

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
SMALL_SELECTION = 2000
"""Up to this many rows, counting row by row beats a pass over every value's set."""
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
        self._sets: dict[str, dict[str, frozenset[int]]] = {}
        self._all: frozenset[int] | None = None
        self._rowid_list: list[int] | None = None

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
        sets = self._value_sets(group)
        found = [sets[value] for value in values if value in sets]
        if len(found) == 1:
            return found[0]
        return frozenset().union(*found)

    def counter(self, group: str) -> Counting:
        """A function counting the group's values over a selection, bound to this state."""
        sets = self._value_sets(group)
        # A post has one section and one year, and a store has few of either:
        # their sets count any selection, and no table by rowid is kept.
        by_row = self._row_counter(group) if group in _MULTI else None

        def count(chosen: Chosen) -> list[tuple[str, int]]:
            if by_row is not None and len(chosen.rowids) <= SMALL_SELECTION:
                return by_row(chosen.rowids)
            left_out = chosen.left_out(self._everything())
            if left_out is not None:
                counts = {value: len(rows) - len(rows & left_out) for value, rows in sets.items()}
            else:
                counts = {value: len(rows & chosen.rows()) for value, rows in sets.items()}
            return order_counts(group, {value: n for value, n in counts.items() if n})

        return count

    def _row_counter(self, group: str) -> Callable[[Sequence[int]], list[tuple[str, int]]]:
        # A rowid the index no longer has (a selection made before a refresh)
        # counts for nothing.
        many = self._values(group)
        return lambda rowids: order_counts(
            group, Counter(chain.from_iterable(map(many.get, rowids, repeat(()))))
        )

    def _everything(self) -> frozenset[int]:
        if self._all is None:
            self._all = frozenset(self._rowids())
        return self._all

    def _value_sets(self, group: str) -> dict[str, frozenset[int]]:
        found = self._sets.get(group)
        if found is None:
            rows: dict[str, list[int]] = {}
            if group in _MULTI:
                for rowid, values in self._values(group).items():
                    for value in values:
                        rows.setdefault(value, []).append(rowid)
            else:
                for rowid, value in zip(self._rowids(), self._texts(group), strict=True):
                    if value:
                        rows.setdefault(value, []).append(rowid)
            found = self._sets[group] = {value: frozenset(ids) for value, ids in rows.items()}
        return found

    def warm(self) -> None:
        """Read every group's values now, so the first count is as quick as the rest."""
        for group in FACET_GROUPS:
            self.counter(group)
            self.totals(group)

    def _rowids(self) -> list[int]:
        if self._rowid_list is None:
            sql = "SELECT rowid AS value FROM posts ORDER BY rowid"
            self._rowid_list = list(map(int, self._column(sql, ())))
        return self._rowid_list

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


class Chosen:
    """A selection's rowids, with the sets its counts need built once for all groups."""

    def __init__(self, rowids: Sequence[int]) -> None:
        self.rowids = rowids
        self._rows: set[int] | None = None
        self._left_out: frozenset[int] | None = None

    def rows(self) -> set[int]:
        if self._rows is None:
            self._rows = set(self.rowids)
        return self._rows

    def left_out(self, everything: frozenset[int]) -> frozenset[int] | None:
        """The posts not chosen, when they are the fewer; else None."""
        if 2 * len(self.rowids) <= len(everything):
            return None
        if self._left_out is None:
            self._left_out = everything.difference(self.rows())
        return self._left_out


Counting = Callable[[Chosen], list[tuple[str, int]]]


class LazyFacets(Mapping[str, FacetCounts]):
    """A selection's facet counts, each group counted when it is first read.

    The app's list shows tags only; the other groups cost nothing until a
    sidebar or `reader facets` asks for them. `count` answers one group.
    """

    def __init__(self, count: Callable[[str], FacetCounts]) -> None:
        self._count = count
        self._done: dict[str, FacetCounts] = {}

    def __getitem__(self, group: str) -> FacetCounts:
        if group not in FACET_GROUPS:
            raise KeyError(group)
        found = self._done.get(group)
        if found is None:
            found = self._done[group] = self._count(group)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(FACET_GROUPS)

    def __len__(self) -> int:
        return len(FACET_GROUPS)
