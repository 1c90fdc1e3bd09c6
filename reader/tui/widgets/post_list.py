"""The post list: date, bookmark mark and title of every post in the selection.

Data comes down from the screen (`listing`, `marks`); the list says what the
user did by posting `Highlighted` and `Opened` up. Only visible rows are
drawn, and the screen has read them ahead in a worker, so a 100k-post
selection never costs the UI loop more than a screenful of rows. Rows are
built from plain strings with `Text`, so a title is never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from reader.catalog import Marks, Rows, Selection
from reader.model import display_date
from reader.tui.listing import EMPTY_SELECTION, Listing
from reader.tui.widgets.line_list import LineList

LOAD_SPAN = 100
"""Rows asked for together: a page read for one row serves its neighbours."""
BOOKMARK_MARK = "★"
MISSING_TEXT = "missing"

__all__ = ["BOOKMARK_MARK", "EMPTY_SELECTION", "PostList"]


class PostList(LineList):
    """Posts of the current selection, one line each, only visible rows rendered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "post-list--date",
        "post-list--title",
        "post-list--guessed",
        "post-list--read",
        "post-list--unread",
        "post-list--bookmarked",
        "post-list--missing",
        "post-list--cursor",
        "post-list--empty",
        "post-list--note",
    }

    DEFAULT_CSS = """
    PostList > .post-list--note {
        color: $text-muted;
        text-style: italic;
    }
    """

    CURSOR_CLASS: ClassVar[str] = "post-list--cursor"

    listing: reactive[Listing] = reactive(Listing(), always_update=True, init=False)
    marks: reactive[Marks] = reactive(Marks(), always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor landed on a post (None when the list is empty)."""

        post_id: str | None

    @dataclass
    class Opened(Message):
        """The user asked to read a post (Enter or a double click)."""

        post_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last_reported: str | None = None
        self._loading_pages: set[tuple[int, int]] = set()

    @property
    def selection(self) -> Selection:
        return self.listing.selection

    @property
    def row_count(self) -> int:
        # One line of explanation while loading, or when nothing matches.
        return max(1, len(self.listing.selection.rows))

    @property
    def highlighted_id(self) -> str | None:
        """The post under the cursor now (not when the last message was handled)."""
        rows = self.listing.selection.rows
        if not 0 <= self.cursor < len(rows):
            return None
        if not rows.is_loaded(self.cursor):
            return None  # Being read (after a jump); `_page_read` reports it.
        return rows[self.cursor].id

    def is_missing(self, post_id: str | None) -> bool:
        return post_id is not None and post_id in self.listing.missing

    def watch_listing(self, old: Listing, new: Listing) -> None:
        # The screen worked out where the cursor goes, off the UI loop.
        self.rows_changed(new.cursor)

    def watch_marks(self) -> None:
        self.refresh_rows()

    def cursor_moved(self) -> None:
        post_id = self.highlighted_id
        if post_id is None and self.listing.selection.rows:
            return  # The cursor's row is being read; it is reported when it arrives.
        if post_id != self._last_reported or post_id is None:
            self._last_reported = post_id
            self.post_message(self.Highlighted(post_id))

    def row_activated(self) -> None:
        post_id = self.highlighted_id
        if post_id is not None:
            self.post_message(self.Opened(post_id))

    def action_open(self) -> None:
        self.row_activated()

    def _load_rows(self, rows: Rows, index: int) -> None:
        page = (id(rows), index // LOAD_SPAN)
        if page not in self._loading_pages:
            self._loading_pages.add(page)
            self._read_page(rows, index, page)

    @dataclass
    class RowsRead(Message):
        """A worker read the rows near one (posted to the list itself)."""

        rows: Rows
        page: tuple[int, int]

    @work(thread=True, group="post-list-rows", exit_on_error=False)
    def _read_page(self, rows: Rows, index: int, page: tuple[int, int]) -> None:
        try:
            rows.load_around(index)
        finally:
            self.post_message(self.RowsRead(rows, page))

    @on(RowsRead)
    def _page_read(self, event: RowsRead) -> None:
        event.stop()
        self._loading_pages.discard(event.page)
        if event.rows is self.listing.selection.rows:
            self.refresh_rows()
            self.cursor_moved()  # The cursor's post may have been one of them.

    def _note(self, post_id: str) -> list[tuple[str, Style]]:
        """The bookmark's note after the title, in the Bookmarks list."""
        note = self.listing.notes.get(post_id)
        if not note:
            return []
        return [("  " + " ".join(note.split()), self.row_style("post-list--note"))]

    def render_row(self, index: int, width: int, is_cursor: bool) -> Text:
        listing = self.listing
        rows = listing.selection.rows
        if not rows:
            if not listing.loaded:
                message = listing.status or "Loading posts…"
            else:
                message = "No bookmarks yet: b bookmarks a post." if listing.saved_order else ""
                message = message or listing.status or "No posts match."
            return Text(" " + message, style=self.row_style("post-list--empty"))
        if not rows.is_loaded(index):
            # A jump past the rows read ahead: draw a placeholder and read the
            # page in a worker, never on the UI loop.
            self._load_rows(rows, index)
            return Text(" …", style=self.row_style("post-list--empty"))
        row = rows[index]
        marks = self.marks
        if row.id in listing.missing:
            return Text.assemble(
                " ",
                (MISSING_TEXT.ljust(10), self.row_style("post-list--missing")),
                " ",
                (BOOKMARK_MARK, self.row_style("post-list--bookmarked")),
                " ",
                (row.title, self.row_style("post-list--missing")),
                no_wrap=True,
                end="",
            )
        read = row.id in marks.read
        title_names = ["post-list--title", "post-list--read" if read else "post-list--unread"]
        if row.title_guessed:
            title_names.append("post-list--guessed")
        mark = BOOKMARK_MARK if row.id in marks.bookmarked else " "
        return Text.assemble(
            " ",
            (display_date(row.date).ljust(10), self.row_style("post-list--date")),
            " ",
            (mark, self.row_style("post-list--bookmarked")),
            " ",
            (row.title, self.row_style(*title_names)),
            *self._note(row.id),
            no_wrap=True,
            end="",
        )
