"""The user's own data about one store, for the app: bookmarks (with notes),
reading state (read posts, scroll positions), saved searches and history.

Every method does file I/O, so the app calls them from thread workers only.
Problems with the user's files become lines in `warnings`, which the screen
shows as notifications; they never stop the app. A change that cannot be
saved raises `UserDataError`, `OSError` or `sqlite3.Error` (see `FAILURES`),
which the screen reports in one line.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from reader.catalog import Marks
from reader.userdata.bookmarks import Bookmark, BookmarkFile
from reader.userdata.paths import store_key
from reader.userdata.readstate import ReadState
from reader.userdata.searches import SavedSearch, SearchFile, SearchView
from reader.userdata.tomlfile import UserDataError

FAILURES = (UserDataError, OSError, sqlite3.Error, ValueError)
"""What saving the user's data may raise: reported, never a crash."""


@dataclass(frozen=True, slots=True)
class UserView:
    """A snapshot of the user's data about the store, as the screen shows it."""

    marks: Marks = field(default_factory=Marks)
    bookmarks: tuple[Bookmark, ...] = ()
    """This store's bookmarks, newest saved first."""
    saved: tuple[SavedSearch, ...] = ()
    history: tuple[str, ...] = ()
    """Recent searches, newest first."""

    def note(self, post_id: str) -> str | None:
        for mark in self.bookmarks:
            if mark.post_id == post_id:
                return mark.note
        return None


class UserState:
    """Bookmarks, reading state and searches of one store."""

    def __init__(self, root: Path) -> None:
        self.store = store_key(root)
        self.warnings: list[str] = []
        self._bookmarks = BookmarkFile(warnings=self.warnings)
        self._searches = SearchFile(warnings=self.warnings)
        self._read: ReadState | None = None
        self._lock = threading.Lock()

    def _readstate(self) -> ReadState:
        with self._lock:
            if self._read is None:
                self._read = ReadState(warnings=self.warnings)
            return self._read

    # -- reading -----------------------------------------------------------------

    def view(self) -> UserView:
        """Everything at once: the app starts with this, and re-reads it after a change."""
        bookmarks = tuple(self._bookmarks.for_store(self.store))
        marks = Marks(
            bookmarked=frozenset(mark.post_id for mark in bookmarks),
            read=self._readstate().read_ids(self.store),
        )
        return UserView(
            marks, bookmarks, tuple(self._searches.saved()), tuple(self._searches.history())
        )

    def marks(self) -> Marks:
        return self.view().marks

    def scroll(self, post_id: str) -> float | None:
        return self._readstate().scroll(self.store, post_id)

    # -- changing ------------------------------------------------------------------

    def toggle_bookmark(self, post_id: str, title: str) -> bool:
        """Add or remove the bookmark; True when the post is now bookmarked."""
        return self._bookmarks.toggle(self.store, post_id, title)

    def set_note(self, post_id: str, title: str, note: str) -> None:
        """Save a note on a post; a note implies a bookmark (added if there was none).

        A blank note clears the note and keeps the bookmark."""
        self._bookmarks.add(self.store, post_id, title, note=note)

    def mark_read(self, post_id: str) -> None:
        self._readstate().mark_read(self.store, post_id)

    def set_scroll(self, post_id: str, offset: float) -> None:
        self._readstate().set_scroll(self.store, post_id, offset)

    def save_search(self, name: str, query: str, view: SearchView | None = None) -> None:
        self._searches.save(name, query, view)

    def delete_search(self, name: str) -> bool:
        return self._searches.delete(name)

    def remember(self, query: str) -> None:
        self._searches.remember(query)

    # -- housekeeping --------------------------------------------------------------

    def take_warnings(self) -> list[str]:
        taken = list(self.warnings)
        self.warnings.clear()
        return taken

    def close(self) -> None:
        with self._lock:
            if self._read is not None:
                self._read.close()
                self._read = None
