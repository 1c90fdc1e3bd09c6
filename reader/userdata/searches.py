"""searches.toml: named saved searches and the recent-search history.

```toml
version = 1
history = ["tag:leadership generous", "charity"]   # newest first, at most 50

[[saved]]
name = "Leadership"
query = "tag:leadership"
tags = ["change"]            # the rest of the view, each key only when it is not the default
exclude_tags = ["politics"]
tag_mode = "or"              # "and" (the default) or "or"
bookmarked_only = true
sort = "title"               # "date", "title" or "relevance"; absent: as a new search sorts
sections = ["releases"]      # the other facet groups, chosen and excluded, likewise
exclude_authors = ["Ann Lee"]
years = [2024]               # years are numbers
```

A saved search is the whole view the user saved, not only its text; files
written before the view was kept hold only `name` and `query` and still
read as they did. Keys the reader does not know, in a saved search or at the top, are kept as
written when it saves a change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.safetext import clean_line
from reader.userdata.paths import config_dir
from reader.userdata.tomlfile import ShapeError, TomlFile

SEARCHES_VERSION = 1
HISTORY_LIMIT = 50


TAG_MODES = ("and", "or")
SORTS = ("date", "title", "relevance")
_TEXT_KEYS = ("tags", "exclude_tags", "sections", "exclude_sections", "authors", "exclude_authors")
_YEAR_KEYS = ("years", "exclude_years")
_VIEW_KEYS = (*_TEXT_KEYS, *_YEAR_KEYS, "tag_mode", "bookmarked_only", "sort")


@dataclass(frozen=True)
class SearchView:
    """What a saved search shows besides its text: the sidebar's choice and the order."""

    tags: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    tag_mode: str = "and"
    bookmarked_only: bool = False
    sort: str = ""
    """"date", "title" or "relevance"; empty for the order a new search takes."""
    sections: tuple[str, ...] = ()
    exclude_sections: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    exclude_authors: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    exclude_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
    view: SearchView = field(default_factory=SearchView)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The entry's other keys (added by hand), written back untouched."""


@dataclass
class _Searches:
    saved: list[SavedSearch] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """The top level's other keys, written back untouched."""


def searches_path() -> Path:
    return config_dir() / "searches.toml"


def _remembered(history: list[str], query: str) -> list[str]:
    """`query` at the front, no duplicates, at most HISTORY_LIMIT entries."""
    return [query, *(entry for entry in history if entry != query)][:HISTORY_LIMIT]


def _strings(entry: dict[str, Any], key: str, number: int) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ShapeError(f"saved search {number}.{key}: must be an array of strings")
    return tuple(dict.fromkeys(clean_line(item) for item in value if item.strip()))


def _years(entry: dict[str, Any], key: str, number: int) -> tuple[int, ...]:
    value = entry.get(key, [])
    # bool is an int to Python, never a year to a user.
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    ):
        raise ShapeError(f"saved search {number}.{key}: must be an array of years (numbers)")
    return tuple(dict.fromkeys(value))


def _parse_view(entry: dict[str, Any], number: int) -> SearchView:
    """The view keys of one entry; a value this version does not know means the default."""
    bookmarked = entry.get("bookmarked_only", False)
    if not isinstance(bookmarked, bool):
        raise ShapeError(f"saved search {number}.bookmarked_only: must be true or false")
    mode, sort = entry.get("tag_mode", "and"), entry.get("sort", "")
    return SearchView(
        tag_mode=mode if mode in TAG_MODES else "and",
        bookmarked_only=bookmarked,
        sort=sort if sort in SORTS else "",
        tags=_strings(entry, "tags", number),
        exclude_tags=_strings(entry, "exclude_tags", number),
        sections=_strings(entry, "sections", number),
        exclude_sections=_strings(entry, "exclude_sections", number),
        authors=_strings(entry, "authors", number),
        exclude_authors=_strings(entry, "exclude_authors", number),
        years=_years(entry, "years", number),
        exclude_years=_years(entry, "exclude_years", number),
    )


def _dump_view(view: SearchView) -> dict[str, Any]:
    """Only the keys that differ from the default, so a text-only search stays as it was."""
    document: dict[str, Any] = {}
    for key in (*_TEXT_KEYS, *_YEAR_KEYS):
        values = getattr(view, key)
        if values:
            document[key] = list(values)
    if view.tag_mode != "and":
        document["tag_mode"] = view.tag_mode
    if view.bookmarked_only:
        document["bookmarked_only"] = True
    if view.sort:
        document["sort"] = view.sort
    return document


def _parse(document: dict[str, Any]) -> _Searches:
    saved = document.get("saved", [])
    if not isinstance(saved, list):
        raise ShapeError("saved: must be an array of tables ([[saved]])")
    searches = _Searches()
    names: set[str] = set()
    for number, entry in enumerate(saved, start=1):
        if not isinstance(entry, dict):
            raise ShapeError(f"saved search {number}: must be a table")
        name, query = entry.get("name"), entry.get("query")
        if not isinstance(name, str) or not name.strip():
            raise ShapeError(f"saved search {number}.name: must be a non-empty string")
        if not isinstance(query, str):
            raise ShapeError(f"saved search {number}.query: must be a string")
        if name not in names:  # A hand-edited duplicate: the first one stands.
            names.add(name)
            known = ("name", "query", *_VIEW_KEYS)
            extra = {key: value for key, value in entry.items() if key not in known}
            view = _parse_view(entry, number)
            searches.saved.append(SavedSearch(clean_line(name), clean_line(query), view, extra))
    history = document.get("history", [])
    if not isinstance(history, list) or not all(isinstance(entry, str) for entry in history):
        raise ShapeError("history: must be an array of strings")
    # Replaying oldest to newest applies the same rules as `remember`.
    for entry in reversed(history):
        if entry.strip():
            searches.history = _remembered(searches.history, clean_line(entry.strip()))
    searches.extra = {
        key: value for key, value in document.items() if key not in ("version", "saved", "history")
    }
    return searches


def _dump(searches: _Searches) -> dict[str, Any]:
    document: dict[str, Any] = dict(searches.extra)
    if searches.history:
        document["history"] = list(searches.history)
    if searches.saved:
        document["saved"] = [
            {"name": s.name, "query": s.query, **_dump_view(s.view), **s.extra}
            for s in searches.saved
        ]
    return document


class SearchFile:
    """Saved searches and history. Each change is a locked read-merge-write.

    Problems go to `warnings` (stderr when None); changing a file written by a
    newer reader raises `UserDataError`.
    """

    def __init__(self, path: Path | None = None, warnings: list[str] | None = None) -> None:
        self.path = path or searches_path()
        self._file = TomlFile(
            self.path, version=SEARCHES_VERSION, parse=_parse, dump=_dump, warnings=warnings
        )

    def saved(self) -> list[SavedSearch]:
        """Saved searches in the order they were first saved."""
        return list(self._file.load().saved)

    def save(self, name: str, query: str, view: SearchView | None = None) -> None:
        """Save a search and its view; an existing name gets the new ones and keeps its place."""
        name, query = clean_line(name).strip(), clean_line(query).strip()
        view = view or SearchView()
        if not name:
            raise ValueError("a saved search needs a name")

        def change(searches: _Searches) -> None:
            for index, existing in enumerate(searches.saved):
                if existing.name == name:
                    searches.saved[index] = replace(existing, query=query, view=view)
                    return
            searches.saved.append(SavedSearch(name, query, view))

        self._file.update(change)

    def delete(self, name: str) -> bool:
        """Forget a saved search; False when there was none of that name."""

        def change(searches: _Searches) -> bool:
            kept = [entry for entry in searches.saved if entry.name != name]
            found = len(kept) != len(searches.saved)
            searches.saved = kept
            return found

        return self._file.update(change)

    def history(self) -> list[str]:
        """Recent searches, newest first, at most 50, no duplicates."""
        return list(self._file.load().history)

    def remember(self, query: str) -> None:
        """Put a query at the front of the history; blank queries are ignored."""
        query = clean_line(query).strip()
        if not query:
            return

        def change(searches: _Searches) -> None:
            searches.history = _remembered(searches.history, query)

        self._file.update(change)
