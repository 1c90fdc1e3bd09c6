"""The sidebar: "All posts", "Bookmarks", the saved searches, then every tag with its count.

The screen sends the data down (`tags`, `counts`, `wanted`, totals, saved
searches); the sidebar says what the user asked for with messages:
`Sidebar.Changed` carries the new tag part of the filter, `RunSearch` and
`DeleteSearch` name a saved search. It never touches the list itself.

Keys may come faster than the screen answers (space, j, space in one go):
the sidebar builds each change on the last one it sent, not on the data the
screen last sent down, so no change is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from reader.catalog import Filter
from reader.tui.session import (
    add_tag,
    choose_all,
    choose_tag,
    exclude_tag,
    sidebar_part,
    toggle_bookmarks,
)
from reader.tui.widgets.line_list import LineList
from reader.userdata.searches import SavedSearch

ALL_POSTS = "All posts"
BOOKMARKS = "Bookmarks"
SAVED_HEADING = "Saved searches"
TAGS_HEADING = "Tags"
FIXED_ROWS = 2  # "All posts" and "Bookmarks" come first.
CHOSEN_MARK = "+"
EXCLUDED_MARK = "−"
SAVED_MARK = "⌕"

RowKind = Literal["all", "bookmarks", "heading", "saved", "tag"]


@dataclass(frozen=True, slots=True)
class Row:
    kind: RowKind
    name: str
    count: int = 0
    query: str = ""


@dataclass(frozen=True, slots=True)
class SidebarData:
    """Everything the sidebar shows, sent down by the screen in one piece."""

    wanted: Filter = field(default_factory=Filter)
    tags: tuple[tuple[str, int], ...] = ()
    """Every tag of the store with its count under the current filter and search,
    in the store's order (most used first), whatever the counts."""
    total: int = 0
    bookmarked_total: int = 0
    saved: tuple[SavedSearch, ...] = ()


def sidebar_rows(data: SidebarData) -> list[Row]:
    rows = [Row("all", ALL_POSTS, data.total), Row("bookmarks", BOOKMARKS, data.bookmarked_total)]
    if data.saved:
        rows.append(Row("heading", SAVED_HEADING))
        rows.extend(Row("saved", saved.name, query=saved.query) for saved in data.saved)
        rows.append(Row("heading", TAGS_HEADING))
    rows.extend(Row("tag", tag, count) for tag, count in data.tags)
    return rows


class Sidebar(LineList):
    """Tags with counts; Enter chooses one, Space adds, `x` excludes; saved searches run."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose_tag", "Show tag", id="choose_tag"),
        Binding("space", "toggle_tag", "Add tag", id="add_tag"),
        Binding("x,minus", "exclude_tag", "Exclude tag", id="exclude_tag"),
        Binding("delete", "delete_search", "Delete saved search", id="delete_search"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sidebar--name",
        "sidebar--count",
        "sidebar--zero",
        "sidebar--chosen",
        "sidebar--excluded",
        "sidebar--fixed",
        "sidebar--heading",
        "sidebar--saved",
        "sidebar--cursor",
    }

    CURSOR_CLASS: ClassVar[str] = "sidebar--cursor"
    CLICK_ACTIVATES: ClassVar[bool] = True

    data: reactive[SidebarData] = reactive(SidebarData(), always_update=True, init=False)

    @dataclass
    class Changed(Message):
        """The user changed the sidebar part of the filter.

        Only `tags`, `exclude_tags` and `bookmarked_only` of `wanted` are the
        sidebar's to say; the screen keeps the rest (the search may have moved on).
        """

        wanted: Filter

    @dataclass
    class RunSearch(Message):
        """The user chose a saved search."""

        query: str
        name: str = ""

    @dataclass
    class DeleteSearch(Message):
        """The user asked to delete a saved search."""

        name: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Tags"
        self._rows: list[Row] = sidebar_rows(SidebarData())
        self._sent: Filter | None = None
        """The last change sent that the screen has not sent back yet."""

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, index: int) -> Row | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def tag_at(self, index: int) -> str | None:
        row = self.row_at(index)
        return row.name if row is not None and row.kind == "tag" else None

    def index_of_tag(self, tag: str) -> int:
        for index, row in enumerate(self._rows):
            if row.kind == "tag" and row.name == tag:
                return index
        raise ValueError(tag)

    @property
    def wanted(self) -> Filter:
        """The filter as the user last set it here (maybe not yet answered)."""
        return self._sent if self._sent is not None else self.data.wanted

    def watch_data(self, old: SidebarData, new: SidebarData) -> None:
        if self._sent is not None and sidebar_part(new.wanted) == sidebar_part(self._sent):
            self._sent = None
        self.border_title = f"Tags · {new.wanted.tag_mode.upper()}"
        # Stay on the same row when the order changes under the cursor.
        current = self.row_at(self.cursor)
        self._rows = sidebar_rows(new)
        keep = self.cursor
        if current is not None:
            for index, row in enumerate(self._rows):
                if (row.kind, row.name) == (current.kind, current.name):
                    keep = index
                    break
        self.rows_changed(keep)

    # --- moving: headings are skipped -------------------------------------------

    def move_cursor(self, index: int) -> None:
        step = 1 if index >= self.cursor else -1
        index = max(0, min(index, self.row_count - 1))
        while 0 <= index < self.row_count and self._rows[index].kind == "heading":
            index += step
        if not 0 <= index < self.row_count:
            return
        super().move_cursor(index)

    # --- drawing ------------------------------------------------------------------

    def render_row(self, index: int, width: int, is_cursor: bool) -> Text:
        row = self._rows[index]
        wanted = self.wanted
        if row.kind == "heading":
            return Text(row.name, style=self.row_style("sidebar--heading"), end="")
        if row.kind == "all":
            chosen = not wanted.tags and not wanted.exclude_tags and not wanted.bookmarked_only
            return self._line(row.name, row.count, CHOSEN_MARK if chosen else " ", width, True)
        if row.kind == "bookmarks":
            mark = CHOSEN_MARK if wanted.bookmarked_only else " "
            return self._line(row.name, row.count, mark, width, True)
        if row.kind == "saved":
            chosen = wanted.query.strip() == row.query.strip()
            return self._line(row.name, None, CHOSEN_MARK if chosen else SAVED_MARK, width, False)
        mark = " "
        if row.name in wanted.tags:
            mark = CHOSEN_MARK
        elif row.name in wanted.exclude_tags:
            mark = EXCLUDED_MARK
        return self._line(row.name, row.count, mark, width, False)

    def _line(self, name: str, count: int | None, mark: str, width: int, fixed: bool) -> Text:
        names = ["sidebar--name"]
        if fixed:
            names.append("sidebar--fixed")
        if mark == CHOSEN_MARK:
            names.append("sidebar--chosen")
        elif mark == EXCLUDED_MARK:
            names.append("sidebar--excluded")
        elif mark == SAVED_MARK:
            names.append("sidebar--saved")
        elif count == 0 and not fixed:
            names.append("sidebar--zero")  # Nothing under this filter: dimmed.
        number = "" if count is None else f"{count:,}"
        count_names = ["sidebar--count"] + ([] if count else ["sidebar--zero"])
        # Name on the left, count on the right; a long name gives way with "…".
        room = max(1, width - len(number) - 3)
        label = Text(name, no_wrap=True, end="")
        label.truncate(room, overflow="ellipsis")
        gap = max(1, width - 2 - label.cell_len - len(number))
        return Text.assemble(
            (mark, self.row_style(*names)),
            " ",
            (label.plain, self.row_style(*names)),
            " " * gap,
            (number, self.row_style(*count_names)),
            no_wrap=True,
            end="",
        )

    # --- what the user asks -------------------------------------------------

    def _send(self, wanted: Filter) -> None:
        self._sent = wanted
        self.refresh_rows()  # The marks show the choice at once; counts follow.
        self.post_message(self.Changed(wanted))

    def action_choose_tag(self) -> None:
        """Enter: show only this tag, all posts, the bookmarks, or run a saved search."""
        wanted = self.wanted
        row = self.row_at(self.cursor)
        if row is None or row.kind == "heading":
            return
        if row.kind == "all":
            self._send(choose_all(wanted))
        elif row.kind == "bookmarks":
            self._send(toggle_bookmarks(wanted))
        elif row.kind == "saved":
            self.post_message(self.RunSearch(row.query, row.name))
        else:
            self._send(choose_tag(wanted, row.name))

    def row_activated(self) -> None:
        self.action_choose_tag()

    def action_toggle_tag(self) -> None:
        """Space: add the tag to the chosen set, or take it out."""
        tag = self.tag_at(self.cursor)
        if tag is None:
            self.action_choose_tag()
            return
        self._send(add_tag(self.wanted, tag))

    def action_exclude_tag(self) -> None:
        """x: hide posts with this tag, or stop hiding them."""
        tag = self.tag_at(self.cursor)
        if tag is None:
            return
        self._send(exclude_tag(self.wanted, tag))

    def action_delete_search(self) -> None:
        """Delete: forget the saved search under the cursor."""
        row = self.row_at(self.cursor)
        if row is None or row.kind != "saved":
            self.app.bell()
            return
        self.post_message(self.DeleteSearch(row.name))
