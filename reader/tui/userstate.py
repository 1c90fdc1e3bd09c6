"""The user's marks on one store (bookmarks, read posts), for the app.

Every method does file I/O, so the app calls them from thread workers only.
Problems with the user's files become lines in `warnings`, which the screen
shows as notifications; they never stop the app.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reader.catalog import Marks
from reader.userdata.bookmarks import BookmarkFile
from reader.userdata.paths import store_key
from reader.userdata.readstate import ReadState


class UserState:
    """Bookmarks and reading state of one store."""

    def __init__(self, root: Path) -> None:
        self.store = store_key(root)
        self.warnings: list[str] = []
        self._bookmarks = BookmarkFile(warnings=self.warnings)
        self._read: ReadState | None = None
        self._lock = threading.Lock()

    def _readstate(self) -> ReadState:
        with self._lock:
            if self._read is None:
                self._read = ReadState(warnings=self.warnings)
            return self._read

    def marks(self) -> Marks:
        return Marks(
            bookmarked=self._bookmarks.ids(self.store),
            read=self._readstate().read_ids(self.store),
        )

    def toggle_bookmark(self, post_id: str, title: str) -> bool:
        """Add or remove the bookmark; True when the post is now bookmarked."""
        return self._bookmarks.toggle(self.store, post_id, title)

    def mark_read(self, post_id: str) -> None:
        self._readstate().mark_read(self.store, post_id)

    def take_warnings(self) -> list[str]:
        taken = list(self.warnings)
        self.warnings.clear()
        return taken

    def close(self) -> None:
        with self._lock:
            if self._read is not None:
                self._read.close()
                self._read = None
