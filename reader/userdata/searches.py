"""searches.toml: named saved searches and the recent-search history.

```toml
version = 1
history = ["tag:leadership generous", "charity"]   # newest first, at most 50

[[saved]]
name = "Leadership"
query = "tag:leadership"
```

Keys the reader does not know, in a saved search or at the top, are kept as
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


@dataclass(frozen=True)
class SavedSearch:
    name: str
    query: str
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
            extra = {key: value for key, value in entry.items() if key not in ("name", "query")}
            searches.saved.append(SavedSearch(clean_line(name), clean_line(query), extra))
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
        document["saved"] = [{"name": s.name, "query": s.query, **s.extra} for s in searches.saved]
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

    def save(self, name: str, query: str) -> None:
        """Save a search; an existing name gets the new query and keeps its place."""
        name, query = clean_line(name).strip(), clean_line(query).strip()
        if not name:
            raise ValueError("a saved search needs a name")

        def change(searches: _Searches) -> None:
            for index, existing in enumerate(searches.saved):
                if existing.name == name:
                    searches.saved[index] = replace(existing, query=query)
                    return
            searches.saved.append(SavedSearch(name, query))

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
