"""bookmarks.toml: posts the user marked for later, across every store.

```toml
version = 1

[[bookmarks]]
store = "/home/me/blogs/posts"        # paths.store_key() of the store
post_id = "2016/generous-leadership"
title = "Generous leadership"         # the title when it was bookmarked
added = 2024-05-01T09:30:00Z
note = "read again before the offsite" # optional
```

A bookmark outlives its post: when the post is gone it stays in the file and
is shown as missing, with the title saved here. Keys the reader does not
know, in an entry or at the top, are kept as written when it saves a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.safetext import clean, clean_line
from reader.userdata.errors import UserDataError
from reader.userdata.paths import config_dir
from reader.userdata.tomlfile import ShapeError, TomlFile

BOOKMARKS_VERSION = 1


@dataclass(frozen=True)
class Bookmark:
    store: str
    post_id: str
    title: str
    added: dt.datetime
    """Aware, in UTC."""
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """The entry's other keys (added by hand), written back untouched."""


_KNOWN_KEYS = ("store", "post_id", "title", "added", "note")


@dataclass
class _Bookmarks:
    """The whole file: the bookmarks in file order, and the top level's other keys."""

    marks: list[Bookmark] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _require_text(*keys: str) -> None:
    """TOML holds only Unicode: a key with bytes that are not UTF-8 (a folder
    named in another encoding) cannot be saved, so say so before trying."""
    for key in keys:
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            raise UserDataError(
                f"{key}: this path is not UTF-8, so a"
                " bookmark cannot name it; rename the folder to bookmark its posts"
            ) from None


def bookmarks_path() -> Path:
    return config_dir() / "bookmarks.toml"


def now_utc() -> dt.datetime:
    # Whole seconds: the file is for people to read too.
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _as_utc(value: object, where: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        # A hand-written local datetime has no offset: read it as UTC.
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    raise ShapeError(f"{where}.added: must be a date and time")


def _required_text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value:
        raise ShapeError(f"{where}.{key}: must be a non-empty string")
    return value


def _optional_text(entry: dict[str, Any], key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, str):
        raise ShapeError(f"{where}.{key}: must be a string")
    return value


def _blank_to_none(note: str | None) -> str | None:
    return note if note and note.strip() else None


def _parse(document: dict[str, Any]) -> _Bookmarks:
    entries = document.get("bookmarks", [])
    if not isinstance(entries, list):
        raise ShapeError("bookmarks: must be an array of tables ([[bookmarks]])")
    found: list[Bookmark] = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"bookmark {number}"
        if not isinstance(entry, dict):
            raise ShapeError(f"{where}: must be a table")
        # Store and post id are keys: kept exactly as written, or a store
        # whose path holds a control character would lose its bookmarks on
        # the next save. Whoever prints them cleans them (`safetext.for_terminal`).
        store = _required_text(entry, "store", where)
        post_id = _required_text(entry, "post_id", where)
        if (store, post_id) in seen:
            continue  # A hand-edited duplicate: the first one stands.
        seen.add((store, post_id))
        # Title and note are only ever shown: cleaned once, here.
        title = _optional_text(entry, "title", where) or clean_line(post_id)
        note = _optional_text(entry, "note", where)
        found.append(
            Bookmark(
                store=store,
                post_id=post_id,
                title=clean_line(title),
                added=_as_utc(entry.get("added"), where),
                note=_blank_to_none(clean(note) if note else None),
                extra={key: value for key, value in entry.items() if key not in _KNOWN_KEYS},
            )
        )
    extra = {key: value for key, value in document.items() if key not in ("version", "bookmarks")}
    return _Bookmarks(found, extra)


def _dump(bookmarks: _Bookmarks) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for mark in bookmarks.marks:
        entry: dict[str, Any] = {
            "store": mark.store,
            "post_id": mark.post_id,
            "title": mark.title,
            "added": mark.added,
        }
        if mark.note is not None:  # TOML has no null: no note, no key.
            entry["note"] = mark.note
        entry.update(mark.extra)
        entries.append(entry)
    document = dict(bookmarks.extra)
    if entries:
        document["bookmarks"] = entries
    return document


def _newest_first(bookmarks: list[Bookmark]) -> list[Bookmark]:
    # Ties (same second) go to the one added later, i.e. later in the file.
    order = sorted(enumerate(bookmarks), key=lambda item: (item[1].added, item[0]), reverse=True)
    return [mark for _, mark in order]


def _find(bookmarks: list[Bookmark], store: str, post_id: str) -> int | None:
    for index, mark in enumerate(bookmarks):
        if mark.store == store and mark.post_id == post_id:
            return index
    return None


class BookmarkFile:
    """The bookmarks of every store. Each change is a locked read-merge-write.

    Problems (a file moved aside, a file from a newer reader) are appended to
    `warnings`, or printed to stderr when it is None. A change to a file from
    a newer reader raises `UserDataError`.
    """

    def __init__(self, path: Path | None = None, warnings: list[str] | None = None) -> None:
        self.path = path or bookmarks_path()
        self._file = TomlFile(
            self.path, version=BOOKMARKS_VERSION, parse=_parse, dump=_dump, warnings=warnings
        )

    # -- reading (no lock) ---------------------------------------------------

    def all(self) -> list[Bookmark]:
        """Every store's bookmarks, newest added first."""
        return _newest_first(self._file.load().marks)

    def for_store(self, store: str) -> list[Bookmark]:
        """One store's bookmarks, newest added first."""
        return _newest_first([mark for mark in self._file.load().marks if mark.store == store])

    def ids(self, store: str) -> frozenset[str]:
        return frozenset(mark.post_id for mark in self._file.load().marks if mark.store == store)

    def get(self, store: str, post_id: str) -> Bookmark | None:
        marks = self._file.load().marks
        index = _find(marks, store, post_id)
        return None if index is None else marks[index]

    @property
    def read_only(self) -> bool:
        """True when a newer reader wrote the file: changes would raise."""
        return self._file.read_only

    # -- changing (locked read-merge-write) ----------------------------------

    def add(self, store: str, post_id: str, title: str, note: str | None = None) -> Bookmark:
        """Bookmark a post. Already there: keep `added`, refresh the title,
        and replace the note when one is given (a blank note clears it)."""
        title = clean_line(title) or clean_line(post_id)
        _require_text(store, post_id)

        def change(data: _Bookmarks) -> Bookmark:
            marks = data.marks
            index = _find(marks, store, post_id)
            if index is None:
                mark = Bookmark(store, post_id, title, now_utc(), _blank_to_none(note))
                marks.append(mark)
                return mark
            mark = replace(marks[index], title=title)
            if note is not None:
                mark = replace(mark, note=_blank_to_none(note))
            marks[index] = mark
            return mark

        return self._file.update(change)

    def add_many(self, store: str, posts: list[tuple[str, str]]) -> None:
        """Bookmark several `(post_id, title)` of one store in one locked change
        (an import's saved links), as `add` does each."""
        _require_text(store, *(post_id for post_id, _title in posts))
        cleaned = [(post_id, clean_line(title) or clean_line(post_id)) for post_id, title in posts]

        def change(data: _Bookmarks) -> None:
            marks = data.marks
            # One lookup table, not a scan per post: a list may hold thousands.
            where = {mark.post_id: i for i, mark in enumerate(marks) if mark.store == store}
            for post_id, title in cleaned:
                index = where.get(post_id)
                if index is None:
                    where[post_id] = len(marks)
                    marks.append(Bookmark(store, post_id, title, now_utc(), None))
                else:
                    marks[index] = replace(marks[index], title=title)

        self._file.update(change)

    def remove(self, store: str, post_id: str) -> bool:
        """Forget a bookmark; False when there was none."""

        def change(data: _Bookmarks) -> bool:
            marks = data.marks
            index = _find(marks, store, post_id)
            if index is None:
                return False
            del marks[index]
            return True

        return self._file.update(change)

    def toggle(self, store: str, post_id: str, title: str) -> bool:
        """Add the bookmark or remove it; True when the post is now bookmarked.

        Decided from the file's contents under its lock, never from a view
        the caller holds, and the answer says which of the two was done.
        """
        title = clean_line(title) or clean_line(post_id)

        def change(data: _Bookmarks) -> bool:
            marks = data.marks
            index = _find(marks, store, post_id)
            if index is None:
                marks.append(Bookmark(store, post_id, title, now_utc()))
                return True
            del marks[index]
            return False

        return self._file.update(change)

    def set_note(self, store: str, post_id: str, note: str | None) -> None:
        """Replace a bookmark's note (None or blank removes it); no bookmark, no change."""

        def change(data: _Bookmarks) -> None:
            marks = data.marks
            index = _find(marks, store, post_id)
            if index is not None:
                marks[index] = replace(marks[index], note=_blank_to_none(note))

        self._file.update(change)
