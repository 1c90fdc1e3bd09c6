"""Sets of posts as bits of one Python integer: bit `r` set for rowid `r`.

A selection of 50,000 posts out of 100,000 must be intersected, ordered and
counted by facet within the app's 50 ms, and a Python loop over its rows
costs most of that. As integers, `&`, `&~` and `int.bit_count` run in C
over 64-bit words (a few microseconds for 100k posts); a set is turned
into one byte per rowid (`flags`) when it must be walked in an order, and
that walk is C too (`operator.itemgetter`, `itertools.compress`).

Everything here is pure computation over one state of the index: the
caller drops what it built when the index changes.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from itertools import compress
from operator import itemgetter

Bits = int
"""Rowids as the set bits of an integer."""

_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")


def bits_of(rowids: Iterable[int], size: int) -> Bits:
    """The set of `rowids`, each below `size`."""
    digits = bytearray(b"0") * size
    for rowid in rowids:
        digits[rowid] = 0x31  # "1"
    # Base 2 is read in linear time; the lowest rowid is the last digit.
    return int(digits[::-1], 2)


def flags_of(bits: Bits, size: int) -> bytes:
    """One byte per rowid below `size`: 1 where the rowid is in the set, else 0."""
    digits = format(bits, "b").encode("ascii")[::-1].translate(_TO_FLAGS)
    return digits + bytes(size - len(digits))


class Ordering:
    """Every rowid in one order (newest first, by title...), and the means of
    keeping that order for any subset at C speed."""

    def __init__(self, rowids: list[int]) -> None:
        self.rowids = rowids
        self._places: array[int] | None = None
        # itemgetter of one item gives that item, not a tuple of one.
        self._pick = itemgetter(*rowids) if len(rowids) > 1 else None

    def keep(self, flags: bytes) -> list[int]:
        """The rowids whose flag is set, in this order."""
        if self._pick is None:
            return [rowid for rowid in self.rowids if flags[rowid]]
        return list(compress(self.rowids, self._pick(flags)))

    def by_score(self, rowids: Iterable[int], scores: Mapping[int, float]) -> list[int]:
        """`rowids` (all in this order) by score, lowest first, then in this order."""
        places = self.places()
        return sorted(rowids, key=lambda rowid: (scores[rowid], places[rowid]))

    def places(self) -> array[int]:
        """Each rowid's place in this order, by rowid (made once, in C)."""
        if self._places is None:
            rowids = self.rowids
            places = array("q", bytes(8 * (max(rowids, default=0) + 1)))
            deque(map(places.__setitem__, rowids, range(len(rowids))), maxlen=0)
            self._places = places
        return self._places

    def head(self, flags: bytes, wanted: int, total: int) -> list[int]:
        """The first `wanted` of the `total` flagged rowids, in this order.

        Reads about as far into the order as they reach (the chunk read is
        sized by how dense the flags are, and doubles until enough are
        found), not all of it: the first screen of a big selection."""
        rowids = self.rowids
        found: list[int] = []
        start = 0
        span = max(256, len(rowids) * wanted // max(total, 1) * 3 // 2)
        while len(found) < wanted and start < len(rowids):
            found.extend(Ordering(rowids[start : start + span]).keep(flags))
            start += span
            span *= 2
        return found[:wanted]


class Members:
    """A few rowids (a rare tag's posts), counted within any set's flags in C."""

    __slots__ = ("_pick", "rowids")

    def __init__(self, rowids: Sequence[int]) -> None:
        self.rowids = tuple(rowids)
        self._pick = itemgetter(*self.rowids) if len(self.rowids) > 1 else None

    def count_in(self, flags: bytes) -> int:
        """How many of these rowids are flagged."""
        if self._pick is None:
            return sum(flags[rowid] for rowid in self.rowids)
        return sum(self._pick(flags))
