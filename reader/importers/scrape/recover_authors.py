"""Find who wrote a post, from its body only (docs/design.md §1.1).

The scrape's `Posted By` line names the publishing account, so it is never an
author. Rules, first hit wins:

- `bio-line`: the first line is a bio, "Sophie Livingstone is Chief Executive of …";
- `written-by`: the first line says "Blog written by A and B" or "This guest
  blog was written by X";
- `closing-line`: a closing line gives a full name ("follow Jane Smith on Twitter").

A closing line that gives less than a full name ("comments about Deborah’s
blog", "follow Dr Kippin on Twitter") never becomes an author: it confirms an
author found by another rule, or is kept as a hint. Guessing a full name from
a first name would put words in the source's mouth.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.importers.scrape.recover_text import (
    FULL_NAME,
    HONORIFIC,
    SOME_NAME,
    first_sentence,
    is_person_name,
)

_ROLE_TEXT = """chief executive director founder co-founder cofounder chair chairman chairwoman
    co-chair ceo cfo coo head manager trustee fellow leader officer president partner
    consultant researcher professor lecturer editor coordinator co-ordinator adviser
    advisor member campaigner volunteer specialist analyst secretary deputy principal
    governor mp councillor student graduate author writer journalist minister
    commissioner ambassador lead associate programme program policy"""
_ROLE_WORDS = frozenset(_ROLE_TEXT.split())
_ROLE_WINDOW = 8  # a bio names the role within its first few words

_BIO = re.compile(rf"(?P<name>{FULL_NAME}),?\s+(?:is|was|has been)\s+(?P<rest>.+)")
_WRITTEN_BY = re.compile(
    r"(?:this\s+)?(?:guest\s+)?(?:blog|post|article|piece)(?:\s+post)?\s+"
    r"(?:was\s+|is\s+|has\s+been\s+)?(?:written|authored)\s+by\s+(?P<names>.+)",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_LEADING_NAME = re.compile(rf"{FULL_NAME}")
_CLOSING = (
    re.compile(rf"\b(?:about|on|to|of)\s+(?P<name>{SOME_NAME})[’']s\s+(?:blog|post|piece|article)"),
    re.compile(
        rf"\bfollow\s+(?P<name>{SOME_NAME})\s+on\s+"
        r"(?:Twitter|X|LinkedIn|Instagram|Mastodon|Bluesky|Threads)"
    ),
)
_CLOSING_WINDOW = 3  # closing lines are the last few of the body
_HONORIFIC_ONLY = re.compile(rf"{HONORIFIC}\s+")


@dataclass(frozen=True, slots=True)
class AuthorFinding:
    authors: tuple[str, ...] = ()
    source: str | None = None
    """The rule that found the authors: bio-line, written-by or closing-line."""
    confirmed_by: str | None = None
    """`closing-line` when a closing line names one of the authors again."""
    hint: str | None = None
    """A partial name from a closing line when no author was found."""


def bio_name(line: str) -> str | None:
    """The person a bio line introduces: `Dr Henry Kippin is executive director …`."""
    match = _BIO.match(line)
    if match is None or not is_person_name(match["name"]):
        return None
    role_words = re.findall(r"[\w-]+", match["rest"].lower())[:_ROLE_WINDOW]
    if not any(word in _ROLE_WORDS for word in role_words):
        return None
    return match["name"]


def written_by_names(line: str) -> tuple[str, ...]:
    """Writers named by a `Blog written by A and B` line (full names only)."""
    match = _WRITTEN_BY.match(line)
    if match is None:
        return ()
    text = first_sentence(match["names"]).rstrip(".!")
    names: list[str] = []
    for part in _NAME_SPLIT.split(text):
        found = _LEADING_NAME.match(part)
        if found and is_person_name(found[0]) and found[0] not in names:
            names.append(found[0])
    return tuple(names)


def closing_name(texts: Sequence[str]) -> str | None:
    """A name in one of the last lines: `Deborah`, `Dr Kippin`, `Jane Smith`."""
    for text in reversed(texts[-_CLOSING_WINDOW:]):
        for pattern in _CLOSING:
            match = pattern.search(text)
            if match and is_person_name(match["name"]):
                return match["name"]
    return None


def is_full_name(name: str) -> bool:
    """Two or more name words besides any title (`Dr Kippin` is not)."""
    return len(_HONORIFIC_ONLY.sub("", name, count=1).split()) >= 2


def _confirms(partial: str, authors: Sequence[str]) -> bool:
    words = _HONORIFIC_ONLY.sub("", partial, count=1).split()
    for author in authors:
        parts = _HONORIFIC_ONLY.sub("", author, count=1).split()
        if words and (words == parts[: len(words)] or words == parts[-len(words) :]):
            return True
    return False


def find_authors(texts: Sequence[str], posted_by: str) -> AuthorFinding:
    """Authors of a post from its non-blank body lines.

    `posted_by` is never a source of names: it is taken only to make sure an
    organisation's account is never presented as an author.
    """
    authors: tuple[str, ...] = ()
    source: str | None = None
    if texts:
        first = texts[0]
        bio = bio_name(first)
        if bio:
            authors, source = (bio,), "bio-line"
        else:
            written = written_by_names(first)
            if written:
                authors, source = written, "written-by"
    closing = closing_name(texts)
    if not is_person_name(posted_by):
        # An organisation's account is never a writer, even if a rule matched
        # its name. A person's account may be, but only on the body's word.
        account = posted_by.casefold()
        authors = tuple(name for name in authors if name.casefold() != account)
        if closing and closing.casefold() == account:
            closing = None
    if authors:
        confirmed = "closing-line" if closing and _confirms(closing, authors) else None
        return AuthorFinding(authors, source, confirmed_by=confirmed)
    if closing and is_full_name(closing):
        return AuthorFinding((closing,), "closing-line")
    return AuthorFinding(hint=closing)
