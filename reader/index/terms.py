"""The posts each recent FTS5 expression matched, kept for the next keystroke.

Typing `leadership` then ` change` asks the index for `leadership` twice:
the second search is the first's posts and those of `change`. Each part of a
MATCH (one word, phrase or OR of them: `Where.match_all`) is looked up once
and kept here as a set of bits (`reader.index.bitsets`), so the second
search reads only the new word's posts and ANDs the two in C.

The sets hold for one state of the index only: `forget` drops them all, and
the catalog calls it whenever the index changed (its refresh, or another
process's: `PRAGMA data_version`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from reader.index.bitsets import Bits

KEPT = 64
"""Expressions kept: a few searches' worth of words, a few MB at 100k posts."""


class TermSets:
    """A small LRU of FTS5 expression -> the rowids it matches, as bits."""

    def __init__(self, kept: int = KEPT) -> None:
        self._kept = kept
        self._sets: OrderedDict[str, Bits] = OrderedDict()

    def get(self, expression: str, load: Callable[[str], Bits]) -> Bits:
        """The posts matching `expression`, from memory or from `load`."""
        found = self._sets.get(expression)
        if found is not None:
            self._sets.move_to_end(expression)
            return found
        found = self._sets[expression] = load(expression)
        if len(self._sets) > self._kept:
            self._sets.popitem(last=False)
        return found

    def forget(self) -> None:
        """Drop every set: the index changed."""
        self._sets.clear()

    def __len__(self) -> int:
        return len(self._sets)
