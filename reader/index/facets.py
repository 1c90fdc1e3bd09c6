"""The index's facet groups held in memory: tags, sections, authors, years.

A selection must be counted by facet within the app's budget, so no query
runs per row and no Python loop runs per post. Each group's posts are read
once per state of the index (one `group_concat` per group), each value's
posts kept as a set of bits (`reader.index.bitsets`) when it has many, or as
a tuple of rowids when it has few (a rare tag: bits would cost a whole
store's width each). A selection is a set of bits too, so a value's count is
`(value & chosen).bit_count()`, or, for a rare value, a C lookup of its few
rowids in the selection's flags. A group is read only when first asked for.
A group's totals over the whole store come from the counts the last refresh
stored (`reader.index.totals`) while they hold, so opening counts nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.catalog import FACET_GROUPS, order_counts
from reader.index import totals as stored_totals
from reader.index.bitsets import Bits, Members, bits_of, flags_of

Column = Callable[[str, Sequence[object]], list[str]]
"""Runs a one-column query (`SELECT x AS value ...`) and returns its values as text."""

_TOTALS = {
    "tags": "SELECT tag || char(31) || count(*) AS value FROM post_tags GROUP BY tag",
    "authors": "SELECT author || char(31) || count(*) AS value FROM post_authors GROUP BY author",
    "sections": "SELECT section || char(31) || count(*) AS value FROM posts"
    " WHERE section <> '' GROUP BY section",
    "years": "SELECT year || char(31) || count(*) AS value FROM posts"
    " WHERE year IS NOT NULL GROUP BY year",
}
_POSTS = {
    "tags": "SELECT tag || char(31) || group_concat(post) AS value FROM post_tags GROUP BY tag",
    "authors": "SELECT author || char(31) || group_concat(post) AS value FROM post_authors"
    " GROUP BY author",
    "sections": "SELECT section || char(31) || group_concat(rowid) AS value FROM posts"
    " WHERE section <> '' GROUP BY section",
    "years": "SELECT year || char(31) || group_concat(rowid) AS value FROM posts"
    " WHERE year IS NOT NULL GROUP BY year",
}
_SIZE = (
    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'posts'), 0),"
    " coalesce((SELECT max(rowid) FROM posts), 0)) + 1 AS value"
)
"""One more than any rowid the posts (and the FTS table's dead rows) ever had."""
_EVERY_ROWID = "SELECT '[' || group_concat(rowid) || ']' AS value FROM posts"
DENSE = 400
"""A value with at least one post in this many is kept as bits; else as rowids.
Bits cost the store's width (12 KB at 100k posts) whatever the count; a
rowid in a tuple costs about 40 bytes."""


@dataclass(frozen=True, slots=True)
class Posts:
    """One value's posts: as bits (many), or as a few rowids."""

    bits: Bits | None
    members: Members | None

    def as_bits(self, size: int) -> Bits:
        if self.bits is not None:
            return self.bits
        assert self.members is not None
        return bits_of(self.members.rowids, size)

    def count_in(self, chosen: Chosen, size: int) -> int:
        """How many of the value's posts are chosen."""
        if self.bits is not None:
            return (self.bits & chosen.bits).bit_count()
        assert self.members is not None
        return self.members.count_in(chosen.flags(size))


class Chosen:
    """A selection's posts as bits, and as flags (built once, when a rare value asks)."""

    def __init__(self, bits: Bits) -> None:
        self.bits = bits
        self._flags: bytes | None = None

    def flags(self, size: int) -> bytes:
        if self._flags is None or len(self._flags) < size:
            self._flags = flags_of(self.bits, size)
        return self._flags


class FacetCache:
    """Facet values of every post, their totals, spellings and posts, for one index state."""

    def __init__(self, column: Column) -> None:
        self._column = column
        self.forget()

    def forget(self) -> None:
        """Drop everything: the index changed."""
        self._totals: dict[str, list[tuple[str, int]]] = {}
        self._spellings: dict[str, dict[str, list[str]]] = {}
        self._posts: dict[str, dict[str, Posts]] = {}
        self._size: int | None = None
        self._all: Bits | None = None
        self._stored_fresh: bool | None = None

    def size(self) -> int:
        """The width of every set of this state: one more than the highest rowid."""
        if self._size is None:
            self._size = int(self._column(_SIZE, ())[0])
        return self._size

    def everything(self, rowids: Sequence[int] | None = None) -> Bits:
        """Every post of the store; `rowids`, when given, are every post's
        rowid in any order (the catalog's list), read instead of the index."""
        if self._all is None and rowids is not None:
            self._all = bits_of(rowids, self.size())
        if self._all is None:
            # One JSON array, read in C: no `int` parsed per post.
            listed = self._column(
                "SELECT '[' || group_concat(rowid) || ']' AS value FROM posts", ()
            )
            self._all = bits_of(json.loads(listed[0]) if listed else (), self.size())
        return self._all

    def totals(self, group: str) -> list[tuple[str, int]]:
        """Every value of the group with its post count over the store."""
        found = self._totals.get(group)
        if found is None:
            found = self._totals[group] = order_counts(group, self._stored(group))
        return found

    def stored_fresh(self) -> bool:
        """Whether the totals the last refresh stored hold for this state
        (`reader.index.totals`): then no total is counted from the rows."""
        if self._stored_fresh is None:
            self._stored_fresh = self._column(stored_totals.FRESH, ()) == ["1"]
        return self._stored_fresh

    def post_total(self) -> int | None:
        """How many posts the store holds, if the stored totals say (else None)."""
        if not self.stored_fresh():
            return None
        found = self._column(stored_totals.TOTAL, ())
        return int(found[0]) if found else None

    def _stored(self, group: str) -> dict[str, int]:
        """Every value as the index stores it (each spelling apart), with its count."""
        counts: dict[str, int] = {}
        if self.stored_fresh():
            items = self._column(stored_totals.GROUP, (group,))
        else:
            items = self._column(_TOTALS[group], ())
        for item in items:
            value, _, count = item.rpartition("\x1f")
            counts[value] = int(count)
        return counts

    def spellings(self, group: str, name: str) -> list[str]:
        """The store's values of the group equal to `name` ignoring case."""
        table = self._spellings.get(group)
        if table is None:
            table = {}
            for value in self._stored(group):
                table.setdefault(value.casefold(), []).append(value)
            self._spellings[group] = table
        return table.get(name.strip().casefold(), [])

    def rows_with(self, group: str, values: Iterable[str]) -> Bits:
        """The posts with any of these values of the group."""
        table = self._values(group)
        size = self.size()
        found = 0
        for value in values:
            posts = table.get(value)
            if posts is not None:
                found |= posts.as_bits(size)
        return found

    def counter(self, group: str) -> Counting:
        """A function counting the group's values over a selection, bound to this state."""
        table = self._values(group)
        size = self.size()

        def count(chosen: Chosen) -> list[tuple[str, int]]:
            counts = {value: posts.count_in(chosen, size) for value, posts in table.items()}
            return order_counts(group, {value: n for value, n in counts.items() if n})

        return count

    def warm(self, groups: Sequence[str] = FACET_GROUPS) -> None:
        """Read these groups' values now, so their first count is as quick as the rest."""
        self.everything()
        for group in groups:
            self._values(group)
            self.totals(group)

    def _values(self, group: str) -> dict[str, Posts]:
        """Each value of the group with its posts, read in one query."""
        found = self._posts.get(group)
        if found is None:
            size = self.size()
            found = {}
            for item in self._column(_POSTS[group], ()):
                value, _, listed = item.rpartition("\x1f")
                rowids: list[int] = json.loads(f"[{listed}]")
                if len(rowids) * DENSE >= size:
                    found[value] = Posts(bits_of(rowids, size), None)
                else:
                    found[value] = Posts(None, Members(rowids))
            self._posts[group] = found
        return found


Counting = Callable[[Chosen], list[tuple[str, int]]]
"""Counts one group's values over a selection."""
