"""The post model: what one post of a store is, independent of its file format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PostDate = dt.date | dt.datetime
"""A plain date (the scrape has no time) or a datetime, naive or with an offset."""

# Where a title came from. The first two are the author's own words; the rest
# were recovered by a rule and are shown to the user as guessed.
AUTHORED_TITLE_SOURCES = frozenset({"front-matter", "heading"})


@dataclass(frozen=True, slots=True)
class PostSummary:
    """What a list needs to know of a post: everything but the body.

    The search index keeps these without bodies; `Post` adds the body.
    Every string has already been through `safetext.clean`.
    """

    id: str
    """Path relative to the store root, POSIX separators, no extension; a
    bundle's `index` part dropped (`2016/generous/index.md` -> `2016/generous`)."""
    path: str
    """Path of the file relative to the store root, POSIX separators."""
    title: str
    date: PostDate | None = None
    updated: PostDate | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    title_source: str = "front-matter"
    """`front-matter`, `heading`, `filename`, or the importer's rule name."""
    summary: str = ""
    """The author's own summary (`summary`, `description` or `excerpt`), one line."""
    draft: bool = False
    """Marked as a draft (`draft: true`), or Jekyll's `published: false`."""

    @property
    def title_guessed(self) -> bool:
        return self.title_source not in AUTHORED_TITLE_SOURCES

    @property
    def section(self) -> str:
        """The post's top folder (`Linking notes/Aliases` -> `Linking notes`), or ''."""
        return section_of(self.id)

    @property
    def year(self) -> int | None:
        """The year of the post's date (as written, not moved to UTC)."""
        return None if self.date is None else self.date.year


@dataclass(frozen=True, slots=True)
class Post(PostSummary):
    """One whole post: the summary plus its Markdown body and other metadata."""

    body: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Everything else the front matter said (posted_by, permalink, ...)."""
    date_source: str | None = None
    """Where the date came from: `front-matter:KEY` (`KEY` lower-cased, a link
    key such as `permalink` included), `header:date`, `file-name` or `folder`;
    None when the post has no date."""

    @property
    def permalink(self) -> str | None:
        value = self.extra.get("permalink") or self.extra.get("url")
        return value if isinstance(value, str) and value else None


def section_folder(post_id: str) -> str:
    """The folder path of a post's section (`_posts/releases/x` -> `_posts/releases`), or ''.

    Folders that only file the posts are not sections: dates (`2020/12/`)
    and Jekyll's underscored ones (`_posts`, `_drafts`).
    """
    folders = post_id.split("/")[:-1]
    for depth, folder in enumerate(folders):
        if folder and not folder.isdigit() and not folder.startswith("_"):
            return "/".join(folders[: depth + 1])
    return ""


def section_of(post_id: str) -> str:
    """The name of a post's section: the last folder of `section_folder`, or ''."""
    return section_folder(post_id).rsplit("/", 1)[-1]


def date_sort_key(value: PostDate | None) -> tuple[int, str]:
    """Order plain dates and datetimes together; undated posts sort oldest,
    so newest first (the lists' order) puts them after every dated post."""
    if value is None:
        return (0, "")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return (1, value.isoformat())
    return (1, value.isoformat() + "T00:00:00")


def iso(value: PostDate | None) -> str | None:
    """ISO 8601 text for JSON output."""
    return None if value is None else value.isoformat()


def display_date(value: PostDate | None) -> str:
    """`YYYY-MM-DD` for lists; the time of day is noise in a list of posts."""
    if value is None:
        return "—"
    return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()


@dataclass(frozen=True, slots=True)
class LoadProblem:
    """A file the store could not read, or read with a fallback."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"
