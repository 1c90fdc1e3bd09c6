"""Find many phrases in a text at once, in time linear in the text.

Checking each of n phrases against each of n lines is quadratic: a scrape
post of 10,000 short lines took seconds to import. An Aho–Corasick automaton
(`pyahocorasick`) reads each text once for all the phrases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import ahocorasick  # type: ignore[import-not-found]  # a C extension without type information


class PhraseSearch:
    """Every occurrence of a fixed set of phrases (compared exactly: fold case first)."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton: Any = ahocorasick.Automaton()
        for phrase in phrases:
            if phrase:
                self._automaton.add_word(phrase, phrase)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> Iterator[tuple[int, str]]:
        """(start, phrase) for every occurrence in `text`, overlapping ones
        too, in the order of where they end."""
        if self._empty:
            return
        for last, phrase in self._automaton.iter(text):
            yield last - len(phrase) + 1, phrase
