"""A cursor list that renders only its visible rows (Textual's line API).

A widget per row costs seconds at a few thousand rows; this list holds no
per-row objects at all. Subclasses say how many rows there are and how one
row looks; the base class owns the cursor, scrolling, the mouse and a small
cache of rendered rows, so 100,000 rows cost no more than forty.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from reader.tui.widgets.line_view import LineView


class LineList(LineView, can_focus=True):
    """A vertical list of one-line rows with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="up"),
        Binding("home,g", "first", "First", show=False, id="first"),
        Binding("end,G", "last", "Last", show=False, id="last"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
    ]

    DEFAULT_CSS = """
    LineList {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    CURSOR_CLASS: ClassVar[str] = ""
    """Component class that styles the cursor row (set by subclasses)."""

    CLICK_ACTIVATES: ClassVar[bool] = False
    """True when one click acts like Enter; otherwise it takes a double click."""

    cursor: reactive[int] = reactive(0, init=False)
    """Index of the highlighted row (clamped to the rows there are)."""

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(256)

    # --- for subclasses -------------------------------------------------

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, index: int, width: int, is_cursor: bool) -> Text:
        """The text of one row; styles come from component classes."""
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after the cursor lands on a different row."""

    def row_activated(self) -> None:
        """Enter, or a double click, on the cursor row."""

    # --- data changes ---------------------------------------------------

    def rows_changed(self, keep_cursor: int | None = None) -> None:
        """Call after the rows changed: forget rendered rows, resize, repaint."""
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        target = 0 if keep_cursor is None else keep_cursor
        target = max(0, min(target, self.row_count - 1))
        self.set_reactive(LineList.cursor, target)
        self._scroll_cursor_into_view()
        self.refresh()
        self.cursor_moved()

    def refresh_rows(self) -> None:
        """Repaint every row (marks or styles changed, the rows did not)."""
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count)
        self._scroll_cursor_into_view()

    def on_focus(self, event: events.Focus) -> None:
        # The cursor looks different when the list has focus.
        self.refresh_rows()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh_rows()

    # --- rendering ------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style()
        if index >= self.row_count or width <= 0:
            return Strip.blank(width, base)
        is_cursor = index == self.cursor
        key = (index, is_cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            text = self.render_row(index, width, is_cursor)
            text.truncate(width, overflow="ellipsis", pad=True)
            if is_cursor and self.CURSOR_CLASS:
                text.stylize(self.row_style(self.CURSOR_CLASS))
            segments = [
                Segment(segment.text, base + segment.style if segment.style else base)
                for segment in text.render(self.app.console)
            ]
            strip = Strip(segments, width).crop_extend(0, width, base)
            self._strips[key] = strip
        return strip

    def row_style(self, *names: str) -> Style:
        """The partial Rich style of component classes, merged left to right."""
        style = Style()
        for name in names:
            style += self.get_component_rich_style(name, partial=True)
        return style

    # --- the cursor -----------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._strips.clear()
        self._scroll_cursor_into_view()
        self.refresh()
        if old != new:
            self.cursor_moved()

    def move_cursor(self, index: int) -> None:
        if self.row_count:
            self.cursor = max(0, min(index, self.row_count - 1))

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_y) + offset.y
        if 0 <= index < self.row_count:
            self.focus()
            self.move_cursor(index)
            if event.chain >= 2 or self.CLICK_ACTIVATES:
                self.row_activated()
