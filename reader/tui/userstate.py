"""The user's own data about one store, for the app: bookmarks (with notes),
reading state (read posts, scroll positions), saved searches and history.

Every method does file I/O, so the app calls them from thread workers only.
Problems with the user's files become lines in `warnings`, which the screen
shows as notifications; they never stop the app. Each file loads or fails on
its own: an unusable reading state still shows every bookmark (and treats
every post as unread), a broken bookmarks file still shows the searches. A
change that cannot be saved raises one of `FAILURES`, which the screen
reports in one line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from reader.catalog import Marks
from reader.userdata.bookmarks import Bookmark, BookmarkFile
from reader.userdata.paths import store_key
from reader.userdata.readstate import ReadState, ReadStateError
from reader.userdata.searches import SavedSearch, SearchFile, SearchView
from reader.userdata.tomlfile import UserDataError

FAILURES = (UserDataError, ReadStateError, OSError, ValueError)
"""What saving the user's data may raise: reported, never a crash."""

T = TypeVar("T")


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
        self._read_broken = False
        self._told: set[str] = set()
        self._lock = threading.Lock()

    def _warn_once(self, message: str) -> None:
        # A lasting problem is told once, not on every re-read of the view.
        if message not in self._told:
            self._told.add(message)
            self.warnings.append(message)

    def _readstate(self) -> ReadState:
        with self._lock:
            if self._read is None:
                try:
                    self._read = ReadState(warnings=self.warnings)
                except ReadStateError:
                    self._read_broken = True
                    raise
                self._read_broken = False
            return self._read

    def _or_else(self, load: Callable[[], T], fallback: T) -> T:
        """`load()`, or `fallback` with one warning: one file never hides another."""
        try:
            return load()
        except FAILURES as error:
            self._warn_once(str(error))
            return fallback

    # -- reading -----------------------------------------------------------------

    def view(self) -> UserView:
        """Everything at once: the app starts with this, and re-reads it after a change.

        Never raises: a file that cannot be read shows as empty, with a warning.
        """
        bookmarks = tuple(
            self._or_else(lambda: self._bookmarks.for_store(self.store), list[Bookmark]())
        )
        read = self._or_else(lambda: self._readstate().read_ids(self.store), frozenset[str]())
        marks = Marks(bookmarked=frozenset(mark.post_id for mark in bookmarks), read=read)
        saved = tuple(self._or_else(self._searches.saved, list[SavedSearch]()))
        history = tuple(self._or_else(self._searches.history, list[str]()))
        return UserView(marks, bookmarks, saved, history)

    def scroll(self, post_id: str) -> float | None:
        return self._readstate().scroll(self.store, post_id)

    # -- changing ------------------------------------------------------------------

    def toggle_bookmark(self, post_id: str, title: str) -> bool:
        """Add or remove the bookmark; True when it was added, False when removed.

        Decided from the file as it is under its lock, not from any view the
        caller holds, so the answer says what was really done.
        """
        return self._bookmarks.toggle(self.store, post_id, title)

    def set_note(self, post_id: str, title: str, note: str) -> None:
        """Save a note on a post; a note implies a bookmark (added if there was none).

        A blank note clears the note and keeps the bookmark."""
        self._bookmarks.add(self.store, post_id, title, note=note)

    def _usable_readstate(self) -> ReadState | None:
        # Already reported as unusable: saving a read mark is only a
        # convenience, so do not repeat the error on every post opened.
        if self._read is None and self._read_broken:
            return None
        try:
            return self._readstate()
        except ReadStateError as error:
            self._warn_once(str(error))
            return None

    def mark_read(self, post_id: str) -> None:
        state = self._usable_readstate()
        if state is not None:
            state.mark_read(self.store, post_id)

    def set_scroll(self, post_id: str, offset: float) -> None:
        state = self._usable_readstate()
        if state is not None:
            state.set_scroll(self.store, post_id, offset)

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
