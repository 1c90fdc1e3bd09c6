"""The sidebar: "All posts", "Bookmarks", the saved searches, then the facet groups.

The groups (Tags, Sections, Authors, Years; `sidebar_rows`) list every value
with its count under the filter and search. The screen sends the data down
(`SidebarData`); the sidebar says what the user asked for with messages:
`Sidebar.Changed` carries the new sidebar part of the filter, `Folded` a
group opened or shut (only open groups are counted), `RunSearch` and
`DeleteSearch` name a saved search. It never touches the list itself.

Keys may come faster than the screen answers (space, j, space in one go):
the sidebar builds each change on the last one it sent, not on the data the
screen last sent down, so no change is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from reader.catalog import Filter
from reader.tui.session import (
    DEFAULT_OPEN,
    add_value,
    choices,
    choose_all,
    choose_value,
    exclude_value,
    has_facets,
    sidebar_part,
    toggle_bookmarks,
)
from reader.tui.summary import GROUP_TITLES, choice_line
from reader.tui.widgets.line_list import LineList
from reader.tui.widgets.sidebar_rows import (
    ALL_POSTS,
    BOOKMARKS,
    OPEN_MARK,
    SAVED_HEADING,
    SHUT_MARK,
    Row,
    SidebarData,
    shown_groups,
    sidebar_rows,
)

__all__ = ["ALL_POSTS", "BOOKMARKS", "SAVED_HEADING", "Row", "Sidebar", "SidebarData"]

CHOSEN_MARK = "+"
EXCLUDED_MARK = "−"
SAVED_MARK = "⌕"


class Sidebar(LineList):
    """Facet values with counts; Enter chooses one (or folds a group), Space adds,
    `x` excludes; saved searches run."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose_tag", "Show value", id="choose_tag"),
        Binding("space", "toggle_tag", "Add value", id="add_tag"),
        Binding("x,minus", "exclude_tag", "Exclude value", id="exclude_tag"),
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
        "sidebar--group",
        "sidebar--saved",
        "sidebar--cursor",
    }

    CURSOR_CLASS: ClassVar[str] = "sidebar--cursor"
    CLICK_ACTIVATES: ClassVar[bool] = True

    data: reactive[SidebarData] = reactive(SidebarData(), always_update=True, init=False)

    @dataclass
    class Changed(Message):
        """The user changed the sidebar part of the filter.

        Only the facet choices and `bookmarked_only` of `wanted` are the
        sidebar's to say; the screen keeps the rest (the search may have moved on).
        """

        wanted: Filter

    @dataclass
    class Folded(Message):
        """The user folded a group open (`is_open`) or shut."""

        group: str
        is_open: bool

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
        self.open_groups: frozenset[str] = DEFAULT_OPEN
        """Groups folded open, kept while the app runs."""
        self._rows: list[Row] = sidebar_rows(SidebarData(), self.open_groups)
        self._sent: Filter | None = None
        """The last change sent that the screen has not sent back yet."""

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def row_at(self, index: int) -> Row | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def value_at(self, index: int) -> tuple[str, str] | None:
        """(group, value) of a facet value's row, or None."""
        row = self.row_at(index)
        return (row.group, row.name) if row is not None and row.kind == "value" else None

    def tag_at(self, index: int) -> str | None:
        found = self.value_at(index)
        return found[1] if found is not None and found[0] == "tags" else None

    def index_of(self, group: str, value: str) -> int:
        """The row of a value of a group (the group must be open)."""
        for index, row in enumerate(self._rows):
            if row.kind == "value" and (row.group, row.name) == (group, value):
                return index
        raise ValueError(f"{group}: {value}")

    def index_of_tag(self, tag: str) -> int:
        return self.index_of("tags", tag)

    def index_of_group(self, group: str) -> int:
        """The heading row of a group."""
        for index, row in enumerate(self._rows):
            if row.kind == "group" and row.group == group:
                return index
        raise ValueError(group)

    @property
    def wanted(self) -> Filter:
        """The filter as the user last set it here (maybe not yet answered)."""
        return self._sent if self._sent is not None else self.data.wanted

    def watch_data(self, old: SidebarData, new: SidebarData) -> None:
        if self._sent is not None and sidebar_part(new.wanted) == sidebar_part(self._sent):
            self._sent = None
        self._rebuild()

    def _rebuild(self) -> None:
        self._retitle()
        # Stay on the same row when the rows change under the cursor.
        current = self.row_at(self.cursor)
        self._rows = sidebar_rows(self.data, self.open_groups)
        keep = self.cursor
        if current is not None:
            for index, row in enumerate(self._rows):
                if (row.kind, row.group, row.name) == (current.kind, current.group, current.name):
                    keep = index
                    break
        self.rows_changed(keep)

    def _retitle(self) -> None:
        """The border says what is chosen, and how chosen tags and authors combine."""
        wanted = self.wanted
        groups = shown_groups(self.data)
        what = choice_line(wanted)
        if not what:
            what = GROUP_TITLES[groups[0].group] if len(groups) == 1 else "Facets"
        self.border_title = f"{what} · {wanted.tag_mode.upper()}"

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
        if row.kind == "group":
            # The fold mark stands where a value's choice mark would.
            fold = OPEN_MARK if row.group in self.open_groups else SHUT_MARK
            return self._line(row.name, row.count, fold, width, True, "sidebar--group")
        if row.kind == "all":
            chosen = not has_facets(wanted) and not wanted.bookmarked_only
            return self._line(row.name, row.count, CHOSEN_MARK if chosen else " ", width, True)
        if row.kind == "bookmarks":
            mark = CHOSEN_MARK if wanted.bookmarked_only else " "
            return self._line(row.name, row.count, mark, width, True)
        if row.kind == "saved":
            chosen = wanted.query.strip() == row.query.strip()
            return self._line(row.name, None, CHOSEN_MARK if chosen else SAVED_MARK, width, False)
        values, excluded = choices(wanted, row.group)
        mark = " "
        if row.name in values:
            mark = CHOSEN_MARK
        elif row.name in excluded:
            mark = EXCLUDED_MARK
        return self._line(row.shown, row.count, mark, width, False)

    def _line(
        self, name: str, count: int | None, mark: str, width: int, fixed: bool, *also: str
    ) -> Text:
        names = ["sidebar--name", *also]
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
        self._retitle()
        self.refresh_rows()  # The marks show the choice at once; counts follow.
        self.post_message(self.Changed(wanted))

    def fold(self, group: str, is_open: bool | None = None) -> None:
        """Fold a group open or shut (None: the other way)."""
        if is_open is None:
            is_open = group not in self.open_groups
        if is_open == (group in self.open_groups):
            return
        change = {group}
        self.open_groups = self.open_groups | change if is_open else self.open_groups - change
        self._rebuild()
        self.post_message(self.Folded(group, is_open))

    def action_choose_tag(self) -> None:
        """Enter: show only this value, all posts, the bookmarks, run a saved search,
        or fold a group open or shut."""
        wanted = self.wanted
        row = self.row_at(self.cursor)
        if row is None or row.kind == "heading":
            return
        if row.kind == "group":
            self.fold(row.group)
        elif row.kind == "all":
            self._send(choose_all(wanted))
        elif row.kind == "bookmarks":
            self._send(toggle_bookmarks(wanted))
        elif row.kind == "saved":
            self.post_message(self.RunSearch(row.query, row.name))
        else:
            self._send(choose_value(wanted, row.group, row.name))

    def row_activated(self) -> None:
        self.action_choose_tag()

    def action_toggle_tag(self) -> None:
        """Space: add the value to its group's chosen set, or take it out."""
        found = self.value_at(self.cursor)
        if found is None:
            self.action_choose_tag()
            return
        self._send(add_value(self.wanted, *found))

    def action_exclude_tag(self) -> None:
        """x: hide posts with this value, or stop hiding them."""
        found = self.value_at(self.cursor)
        if found is None:
            return
        self._send(exclude_value(self.wanted, *found))

    def action_delete_search(self) -> None:
        """Delete: forget the saved search under the cursor."""
        row = self.row_at(self.cursor)
        if row is None or row.kind != "saved":
            self.app.bell()
            return
        self.post_message(self.DeleteSearch(row.name))
