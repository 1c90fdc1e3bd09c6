"""One imported entry, whatever its format, and the one cleaner every field passes.

Every format module builds entries through `make_entry`, so the store's
hostile-input rules hold for every field of every format in one place: control
characters cleaned, one-line fields on one line, titles and bodies within
their budgets. Markup stays text: a title `<b>x</b>` is written as it is, and
bodies arrive as Markdown from the HTML step, which escapes what it keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from reader.budgets import MAX_POST_BYTES, MAX_TITLE_CHARS, cut
from reader.safetext import clean, clean_line

MAX_FIELD_CHARS = 4096
"""Authors, tags, links and ids longer than this are cut: no name is this long."""

MAX_SUMMARY_CHARS = 64 * 1024
MAX_BODY_CHARS = MAX_POST_BYTES // 8
"""Far under the store's 32 MB post budget even when every character takes 4 bytes."""


class SourceError(Exception):
    """A source that cannot be imported: `FILE:LINE: reason` (or `FILE: reason`)."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")
        self.source = source
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Comment:
    author: str
    date: dt.datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class Entry:
    """What one post file is made from; built by `make_entry` only."""

    id: str
    """Stable across imports: a feed's id or guid, `wxr:SITE:POST_ID`, `url:URL`."""
    title: str
    body: str
    """Markdown."""
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    summary: str = ""
    permalink: str = ""
    draft: bool = False
    folder: str = ""
    """A folder under the store (`pages` for WordPress pages), else the top."""
    comments: tuple[Comment, ...] = ()
    saved: bool = False
    """A read-later entry: bookmarked when first imported."""
    read: bool | None = None
    """Read or unread as the export says; None when it says nothing."""
    stub: bool = False
    """A read-later entry whose article `reader fetch` may fill in."""


def _line(text: str, limit: int = MAX_FIELD_CHARS) -> str:
    return cut(" ".join(clean_line(text).split()), limit)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        text = _line(value)
        if text and text.casefold() not in {key.casefold() for key in seen}:
            seen[text] = None
    return tuple(seen)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0)


def make_entry(
    *,
    id: str,
    title: str,
    body: str,
    date: dt.datetime | None = None,
    updated: dt.datetime | None = None,
    authors: Iterable[str] = (),
    tags: Iterable[str] = (),
    summary: str = "",
    permalink: str = "",
    draft: bool = False,
    folder: str = "",
    comments: Iterable[Comment] = (),
    saved: bool = False,
    read: bool | None = None,
    stub: bool = False,
) -> Entry:
    """An entry with every field cleaned and within its budget."""
    return Entry(
        id=_line(id),
        title=_line(title, MAX_TITLE_CHARS) or _line(permalink, MAX_TITLE_CHARS) or "Untitled",
        body=cut(clean(body).strip("\n"), MAX_BODY_CHARS),
        date=_utc(date),
        updated=_utc(updated),
        authors=_unique(authors),
        tags=_unique(tags),
        summary=cut(clean(summary).strip(), MAX_SUMMARY_CHARS),
        permalink=_line(permalink),
        draft=draft,
        folder=folder,
        comments=tuple(
            Comment(_line(c.author), _utc(c.date), cut(clean(c.text).strip(), MAX_SUMMARY_CHARS))
            for c in comments
        ),
        saved=saved,
        read=read,
        stub=stub,
    )
