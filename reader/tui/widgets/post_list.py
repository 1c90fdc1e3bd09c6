"""The post list: date, bookmark mark and title of every post in the selection.

Data comes down from the screen (`selection`, `marks`); the list says what
the user did by posting `Highlighted` and `Opened` up. Rows are built from
plain strings with `Text`, so a title is never read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from reader.catalog import Marks, Selection
from reader.model import display_date
from reader.tui.widgets.line_list import LineList

BOOKMARK_MARK = "★"
KEEP_CURSOR_SCAN = 2_000
"""How far down a new selection the list looks for the post the cursor was on."""
EMPTY_SELECTION = Selection(rows=(), tag_counts=(), total=0, bookmarked_total=0)


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
        "post-list--cursor",
        "post-list--empty",
    }

    CURSOR_CLASS: ClassVar[str] = "post-list--cursor"

    selection: reactive[Selection] = reactive(EMPTY_SELECTION, always_update=True, init=False)
    marks: reactive[Marks] = reactive(Marks(), always_update=True, init=False)
    loaded: reactive[bool] = reactive(False, init=False)
    """False until the first selection arrives (the empty-list text waits for it)."""

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

    @property
    def row_count(self) -> int:
        # One line of explanation while loading, or when nothing matches.
        return max(1, len(self.selection.rows))

    @property
    def highlighted_id(self) -> str | None:
        rows = self.selection.rows
        return rows[self.cursor].id if 0 <= self.cursor < len(rows) else None

    def watch_selection(self, old: Selection, new: Selection) -> None:
        # Keep the cursor on the same post when it is still listed.
        # Only the first rows are looked at: reading all 100k rows of an index-backed
        # selection would cost more than the query did.
        keep = 0
        current = self._last_reported
        if current is not None:
            for index, row in enumerate(new.rows[:KEEP_CURSOR_SCAN]):
                if row.id == current:
                    keep = index
                    break
        self.rows_changed(keep)

    def watch_marks(self) -> None:
        self.refresh_rows()

    def watch_loaded(self) -> None:
        self.rows_changed(self.cursor)

    def cursor_moved(self) -> None:
        post_id = self.highlighted_id
        if post_id != self._last_reported or post_id is None:
            self._last_reported = post_id
            self.post_message(self.Highlighted(post_id))

    def row_activated(self) -> None:
        post_id = self.highlighted_id
        if post_id is not None:
            self.post_message(self.Opened(post_id))

    def go_to(self, post_id: str) -> bool:
        """Put the cursor on a post; False when it is not listed."""
        for index, row in enumerate(self.selection.rows):
            if row.id == post_id:
                self.move_cursor(index)
                return True
        return False

    def action_open(self) -> None:
        self.row_activated()

    def render_row(self, index: int, width: int, is_cursor: bool) -> Text:
        rows = self.selection.rows
        if not rows:
            message = " No posts match." if self.loaded else " Loading posts…"
            return Text(message, style=self.row_style("post-list--empty"))
        row = rows[index]
        marks = self.marks
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
            no_wrap=True,
            end="",
        )
