"""The tag sidebar: "All posts", "Bookmarks", then every tag with its count.

The screen sends the data down (`tags`, `counts`, `wanted`, totals); the
sidebar says what the user asked for with one message, `Sidebar.Changed`,
carrying the new tag part of the filter. It never touches the list itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive

from reader.catalog import Filter
from reader.tui.widgets.line_list import LineList

ALL_POSTS = "All posts"
BOOKMARKS = "Bookmarks"
FIXED_ROWS = 2  # "All posts" and "Bookmarks" come before the tags.
CHOSEN_MARK = "+"
EXCLUDED_MARK = "−"


@dataclass(frozen=True, slots=True)
class SidebarData:
    """Everything the sidebar shows, sent down by the screen in one piece."""

    wanted: Filter = field(default_factory=Filter)
    tags: tuple[tuple[str, int], ...] = ()
    """Every tag of the store with its count under the current filter and search,
    by count then name."""
    total: int = 0
    bookmarked_total: int = 0


class Sidebar(LineList):
    """Tags with counts; Enter chooses one, Space adds, `x` excludes, `m` AND/OR."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose_tag", "Show tag", id="choose_tag"),
        Binding("space", "toggle_tag", "Add tag", id="add_tag"),
        Binding("x,minus", "exclude_tag", "Exclude tag", id="exclude_tag"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sidebar--name",
        "sidebar--count",
        "sidebar--zero",
        "sidebar--chosen",
        "sidebar--excluded",
        "sidebar--fixed",
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Tags"

    @property
    def row_count(self) -> int:
        return FIXED_ROWS + len(self.data.tags)

    def tag_at(self, index: int) -> str | None:
        offset = index - FIXED_ROWS
        tags = self.data.tags
        return tags[offset][0] if 0 <= offset < len(tags) else None

    def watch_data(self, old: SidebarData, new: SidebarData) -> None:
        self.border_title = f"Tags · {new.wanted.tag_mode.upper()}"
        # Stay on the same tag when the order changes under the cursor.
        keep = self.cursor
        offset = self.cursor - FIXED_ROWS
        current = old.tags[offset][0] if 0 <= offset < len(old.tags) else None
        if current is not None:
            for offset, (tag, _count) in enumerate(new.tags):
                if tag == current:
                    keep = FIXED_ROWS + offset
                    break
        self.rows_changed(keep)

    def render_row(self, index: int, width: int, is_cursor: bool) -> Text:
        data = self.data
        wanted = data.wanted
        if index == 0:
            chosen = not wanted.tags and not wanted.exclude_tags and not wanted.bookmarked_only
            return self._line(ALL_POSTS, data.total, CHOSEN_MARK if chosen else " ", width, True)
        if index == 1:
            mark = CHOSEN_MARK if wanted.bookmarked_only else " "
            return self._line(BOOKMARKS, data.bookmarked_total, mark, width, True)
        tag, count = data.tags[index - FIXED_ROWS]
        mark = " "
        if tag in wanted.tags:
            mark = CHOSEN_MARK
        elif tag in wanted.exclude_tags:
            mark = EXCLUDED_MARK
        return self._line(tag, count, mark, width, False)

    def _line(self, name: str, count: int, mark: str, width: int, fixed: bool) -> Text:
        names = ["sidebar--name"]
        if fixed:
            names.append("sidebar--fixed")
        if mark == CHOSEN_MARK:
            names.append("sidebar--chosen")
        elif mark == EXCLUDED_MARK:
            names.append("sidebar--excluded")
        number = str(count)
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
        self.post_message(self.Changed(wanted))

    def action_choose_tag(self) -> None:
        """Enter: show only this tag (or all posts, or the bookmarks)."""
        wanted = self.data.wanted
        if self.cursor == 0:
            self._send(replace(wanted, tags=(), exclude_tags=(), bookmarked_only=False))
        elif self.cursor == 1:
            self._send(replace(wanted, bookmarked_only=not wanted.bookmarked_only))
        elif (tag := self.tag_at(self.cursor)) is not None:
            self._send(replace(wanted, tags=(tag,), exclude_tags=()))

    def row_activated(self) -> None:
        self.action_choose_tag()

    def action_toggle_tag(self) -> None:
        """Space: add the tag to the chosen set, or take it out."""
        tag = self.tag_at(self.cursor)
        if tag is None:
            self.action_choose_tag()
            return
        wanted = self.data.wanted
        tags = tuple(t for t in wanted.tags if t != tag)
        if tag not in wanted.tags:
            tags += (tag,)
        excluded = tuple(t for t in wanted.exclude_tags if t != tag)
        self._send(replace(wanted, tags=tags, exclude_tags=excluded))

    def action_exclude_tag(self) -> None:
        """x: hide posts with this tag, or stop hiding them."""
        tag = self.tag_at(self.cursor)
        if tag is None:
            return
        wanted = self.data.wanted
        excluded = tuple(t for t in wanted.exclude_tags if t != tag)
        if tag not in wanted.exclude_tags:
            excluded += (tag,)
        tags = tuple(t for t in wanted.tags if t != tag)
        self._send(replace(wanted, tags=tags, exclude_tags=excluded))
