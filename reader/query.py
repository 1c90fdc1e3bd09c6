"""The search language: what the user types, parsed into a plan for the index.

    words            every word must match (`lead*` matches by prefix)
    "exact phrase"   the words in this order
    -word -"phrase"  exclude posts that match
    a OR b           either one (binds tighter than the implied AND)
    tag:NAME         a tag (repeatable; `tag:"two words"`); -tag:NAME excludes
    author:NAME      a word or words of an author's name
    section:NAME     a section (the post's top folder; `section:"two words"`)
    year:YYYY        posts dated in that year
    after:P before:P a period P is YYYY, YYYY-MM or YYYY-MM-DD; `after:P`
                     keeps posts dated in P or later, `before:P` those dated
                     before P starts, so `after:2016 before:2017` is 2016
    is:bookmarked    is:unread, is:draft (and -is:... for the opposite)

Whatever the user types is answered. Unbalanced quotes run to the end of the
input; operators that cannot apply (`OR` at the ends, `tag:` with no name, a
date that is not one, an unknown `is:`) are read as plain words; characters
that mean something to FTS5 or SQL never reach either as syntax, because a
word is reduced to its letters and digits here and quoted by the SQL builder.

This module is pure: no I/O, no SQLite. `reader.index.sql` turns a `Plan`
into parameterised SQL.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

# Letters and digits, as SQLite's unicode61 tokenizer sees them (categories
# L* and N*); everything else, underscore included, separates words.
_TOKEN = re.compile(r"[^\W_]+")
_PERIOD = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_FIELDS = frozenset({"tag", "author", "after", "before", "is", "section", "year"})
_FLAGS = frozenset({"bookmarked", "unread", "draft"})
_YEAR = re.compile(r"\d{1,4}")

Field = Literal["all", "authors"]
FlagName = Literal["bookmarked", "unread", "draft"]
FacetGroup = Literal["sections", "years"]


@dataclass(frozen=True, slots=True)
class Text:
    """Words to find in the text: one word, or a phrase of several in order."""

    words: tuple[str, ...]
    """Casefolded letters-and-digits tokens; never empty."""
    prefix: bool = False
    """The last word matches as a prefix."""
    field: Field = "all"


@dataclass(frozen=True, slots=True)
class Tag:
    """A post tag, matched without regard to case."""

    name: str


@dataclass(frozen=True, slots=True)
class Facet:
    """A post's section or year, matched without regard to case."""

    group: FacetGroup
    value: str


@dataclass(frozen=True, slots=True)
class Flag:
    """One of the user's marks (bookmarked, not yet read), or a draft."""

    name: FlagName


Atom = Text | Tag | Facet | Flag


@dataclass(frozen=True, slots=True)
class Plan:
    """A parsed search: which posts match, independent of how it is run."""

    clauses: tuple[tuple[Atom, ...], ...] = ()
    """Every clause must hold; a clause holds if any of its atoms does."""
    excluded: tuple[Atom, ...] = ()
    """No excluded atom may hold."""
    after: dt.date | None = None
    """Keep posts dated on or after this day."""
    before: dt.date | None = None
    """Keep posts dated before this day."""

    @property
    def is_empty(self) -> bool:
        """True when the search asks for nothing: every post matches."""
        return not (self.clauses or self.excluded or self.after or self.before)

    @property
    def terms(self) -> tuple[str, ...]:
        """Words to highlight in a body: those of positive text atoms (not
        author names), in order, once each."""
        seen: dict[str, None] = {}
        for clause in self.clauses:
            for atom in clause:
                if isinstance(atom, Text) and atom.field == "all":
                    seen.update(dict.fromkeys(atom.words))
        return tuple(seen)

    @property
    def prefix_terms(self) -> frozenset[str]:
        """The highlight words that match as prefixes."""
        return frozenset(
            atom.words[-1]
            for clause in self.clauses
            for atom in clause
            if isinstance(atom, Text) and atom.prefix and atom.field == "all"
        )


def tokenize(text: str) -> tuple[str, ...]:
    """Split text into casefolded words the way the index does."""
    return tuple(_TOKEN.findall(text.casefold()))


@dataclass(frozen=True, slots=True)
class _Item:
    """One piece of the input: an atom, a date bound, or the OR keyword."""

    atom: Atom | None = None
    negated: bool = False
    bound: tuple[str, dt.date] | None = None
    is_or: bool = False


_OR_WORD: Atom = Text(("or",))


def parse(text: str) -> Plan:
    """Parse anything the user typed; never raises."""
    items = list(_lex(text))
    clauses: list[list[Atom]] = []
    excluded: list[Atom] = []
    after: dt.date | None = None
    before: dt.date | None = None
    # An OR joins the positive atom before it with the one after it; any
    # other OR is stray and searched as the word "or".
    joinable = False
    pending_or = False
    for item in items:
        if item.is_or:
            if pending_or or not joinable:
                clauses.append([_OR_WORD])
                joinable = True
                pending_or = False
            else:
                pending_or = True
            continue
        if item.bound is not None:
            kind, day = item.bound
            if kind == "after":
                after = day if after is None else max(after, day)
            else:
                before = day if before is None else min(before, day)
        elif item.atom is not None and item.negated:
            excluded.append(item.atom)
        elif item.atom is not None:
            if pending_or and joinable:
                clauses[-1].append(item.atom)
            else:
                if pending_or:
                    clauses.append([_OR_WORD])
                clauses.append([item.atom])
            joinable = True
            pending_or = False
            continue
        if pending_or:
            clauses.append([_OR_WORD])
        joinable = False
        pending_or = False
    if pending_or:
        clauses.append([_OR_WORD])
    return Plan(
        clauses=tuple(dict.fromkeys(_dedupe(clause) for clause in clauses)),
        excluded=_dedupe(excluded),
        after=after,
        before=before,
    )


def _dedupe(atoms: list[Atom]) -> tuple[Atom, ...]:
    return tuple(dict.fromkeys(atoms))


def _lex(text: str) -> list[_Item]:
    items: list[_Item] = []
    i, end = 0, len(text)
    while i < end:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < end and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            phrase, i = _quoted(text, i)
            prefix = i < end and text[i] == "*"
            item = _text_item(phrase, prefix, negated)
            if item is not None:
                items.append(item)
            while i < end and text[i] == "*":
                i += 1
            continue
        start = i
        while i < end and not text[i].isspace() and text[i] != '"':
            i += 1
        bare = text[start:i]
        if bare == "OR" and not negated:
            items.append(_Item(is_or=True))
            continue
        name, colon, value = bare.partition(":")
        if colon and name.casefold() in _FIELDS:
            if not value and i < end and text[i] == '"':
                value, i = _quoted(text, i)
                bare = f"{bare}{value}"
            field_item = _field_item(name.casefold(), value, negated)
            if field_item is not None:
                items.append(field_item)
                continue
        item = _text_item(bare, bare.endswith("*"), negated)
        if item is not None:
            items.append(item)
    return items


def _quoted(text: str, start: int) -> tuple[str, int]:
    """The text inside quotes starting at `start`, and the index after them.

    An unclosed quote runs to the end, so a phrase being typed still searches.
    """
    close = text.find('"', start + 1)
    if close < 0:
        return text[start + 1 :], len(text)
    return text[start + 1 : close], close + 1


def _text_item(raw: str, prefix: bool, negated: bool, field: Field = "all") -> _Item | None:
    words = tokenize(raw)
    if not words:
        return None
    # `lead*` is a prefix; `lead-*` or `*` alone is punctuation.
    prefix = prefix and bool(re.search(r"[^\W_]\**$", raw))
    return _Item(atom=Text(words, prefix, field), negated=negated)


def _field_item(name: str, value: str, negated: bool) -> _Item | None:
    """An operator with its value, or None to read it as plain words."""
    value = value.strip()
    if not value:
        return None
    if name == "tag":
        return _Item(atom=Tag(value), negated=negated)
    if name == "section":
        return _Item(atom=Facet("sections", value), negated=negated)
    if name == "year":
        if not _YEAR.fullmatch(value):
            return None
        return _Item(atom=Facet("years", str(int(value))), negated=negated)
    if name == "author":
        return _text_item(value, value.endswith("*"), negated, field="authors")
    if name == "is":
        flag = value.casefold()
        if flag in _FLAGS:
            return _Item(atom=Flag(flag), negated=negated)  # type: ignore[arg-type]
        return None
    day = period_start(value)
    if day is None:
        return None
    # Excluding "after P" is asking for "before P", and the other way round.
    if negated:
        name = "before" if name == "after" else "after"
    return _Item(bound=(name, day))


def period_start(value: str) -> dt.date | None:
    """The first day of YYYY, YYYY-MM or YYYY-MM-DD; None if it is not a date."""
    match = _PERIOD.fullmatch(value)
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
