"""The article pane: a post's header and its Markdown body, its keys and its mouse.

The screen sends down what to show (`ArticleData`: the post, the search
words, the user's note, where to scroll). The lines are rendered off the UI
loop (`article_lines`) and the search's words, or a find in the post, are
marked on them (`article_finding`). The pane is a line-API view: it only
paints visible lines.

Prose is wrapped at the reading width; code and tables are never wrapped and
scroll sideways inside their block (`h`/`l` move the wide block in view or
under the mouse, Shift+wheel the one under the mouse; `article_blocks`). A
footnote reference followed (from `L`, or a click) jumps to its footnote, and
Backspace or `[` comes back; a click on the footnote's number goes back to
where it is mentioned. `o` opens the image in view.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events, work
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.strip import Strip

from reader.render.document import Link
from reader.render.supers import superscript
from reader.tui.article_blocks import STEP
from reader.tui.article_images import open_image
from reader.tui.article_place import line_of, place_of
from reader.tui.article_render import STYLE_CLASSES
from reader.tui.widgets.article_data import ArticleData
from reader.tui.widgets.article_finding import ArticleFinding

__all__ = ["Article", "ArticleData"]


class Article(ArticleFinding, can_focus=True):
    """Scrollable view of one post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Down", show=False, id="down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="up"),
        Binding("home,g", "top", "Top", show=False, id="first"),
        Binding("end,G", "bottom", "Bottom", show=False, id="last"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        # Prose is wrapped; a code block or table wider than the pane scrolls on its own.
        Binding("left,h", "scroll_left", "Scroll code or table left", show=False, id="left"),
        Binding(
            "right,l",
            "scroll_right",
            "Scroll code or table right",
            show=False,
            id="right",
        ),
        Binding("w", "toggle_width", "Full width", show=False, id="full_width"),
        # Here `/` finds in the post: the screen's `/` (Search) stands aside
        # while the article has the focus, so the footer says what it does.
        Binding("slash", "screen.find", "Find", id="find_in_post"),
        # Back from a footnote first; else the screen's back through followed links.
        Binding(
            "backspace,left_square_bracket",
            "footnote_back",
            "Back from a footnote or link",
            show=False,
            id="link_back",
        ),
        # An image in view: `o` opens it; else the screen's `o` opens the post. The same
        # action and id as the screen's: one key to remap, ranked alike in the footer,
        # which shows this one while the article has the focus.
        Binding("o", "open_link", "Open link", id="open_link"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STYLE_CLASSES)

    DEFAULT_CSS = """
    Article {
        overflow-x: hidden;
        overflow-y: auto;
        /* Keep the scrollbar's room, so lines rendered for a width keep fitting. */
        scrollbar-gutter: stable;
    }
    /* The match n went to stands out from the others. */
    Article > .article--current-match {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pointer: int | None = None
        """The row of the view the mouse is over, if it is over the text (a row, not a
        line: the line under a still mouse changes as the article scrolls)."""
        self._trail: list[tuple[int, float, int]] = []
        """Where the reader was before each footnote followed (the render, the line and
        its place in the text): Backspace goes back, to the place after a re-render."""

    def watch_data(self, old: ArticleData, new: ArticleData) -> None:
        same_post = old.post is not None and new.post is not None and old.post.id == new.post.id
        same_text = old.note == new.note and old.footer == new.footer
        if same_post and old.post is new.post and same_text and self._lines:
            self._search_changed()
            return
        if not same_post:
            self._forget_find()
            self._trail.clear()
            self._scroll_quietly(0)
            self._restore = new.scroll
        self._start_render()

    def action_toggle_width(self) -> None:
        self.full_width = not self.full_width

    def render_line(self, y: int) -> Strip:
        _scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style()
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._marked_line(index, self._lines[index])
        styles = self._rendered_styles
        mark = styles.render.dim if styles is not None else base
        strip = self._blocks.crop(strip, index, self.block_window, mark)
        if self._margin:
            strip = Strip.join([Strip.blank(self._margin), strip])
        return strip.apply_style(base).crop_extend(0, width, base)

    def jump_to(self, line: int) -> None:
        """Scroll so `line` is at the top (the outline's jump); the place is saved as the user's."""
        self.scroll_to(y=line, animate=False, immediate=True)

    # Jumps are not animated: an animated scroll through 30,000 lines takes seconds.
    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    # --- wide blocks scroll sideways ------------------------------------------------

    def _block_in_view(self) -> int | None:
        """The wide block `h`/`l` move: the one under the mouse, else the first in view
        that is wider than the pane."""
        window = self.block_window
        pointer = self._pointer_line()
        if pointer is not None:
            index = self._blocks.block_of(pointer)
            if index is not None and self._blocks.is_cut(index, window):
                return index
        height = self.scrollable_content_region.height
        return self._blocks.first_cut(round(self.scroll_y), height, window)

    def scroll_block(self, index: int | None, cells: int) -> bool:
        """Move wide block `index` sideways by `cells`; False if there is none or it cannot."""
        if index is None or not self._blocks.scroll(index, cells, self.block_window):
            return False
        self.refresh()
        return True

    def action_scroll_left(self) -> None:
        self.scroll_block(self._block_in_view(), -STEP)

    def action_scroll_right(self) -> None:
        self.scroll_block(self._block_in_view(), STEP)

    def _line_at(self, event: events.MouseEvent) -> tuple[int, int] | None:
        """The line and the column in the text under the mouse, if it is over the text."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = round(self.scroll_y) + offset.y
        if line >= len(self._lines):
            return None
        column = offset.x - self._margin
        block = self._blocks.block_of(line)
        if block is not None:
            # Past a wide block's indent, its cells are scrolled.
            indent = self._blocks.blocks[block].indent
            if column >= indent:
                column += self._blocks.offset(block)
        return line, column

    def _pointer_line(self) -> int | None:
        if self._pointer is None:
            return None
        line = round(self.scroll_y) + self._pointer
        return line if line < len(self._lines) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        self._pointer = None if offset is None else offset.y

    def on_leave(self, event: events.Leave) -> None:
        self._pointer = None

    def _wheel_sideways(self, event: events.MouseEvent, cells: int) -> None:
        place = self._line_at(event)
        if place is not None and self.scroll_block(self._blocks.block_of(place[0]), cells):
            event.stop()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if event.shift or event.ctrl:
            self._wheel_sideways(event, STEP)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if event.shift or event.ctrl:
            self._wheel_sideways(event, -STEP)

    def _on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        self._wheel_sideways(event, STEP)

    def _on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        self._wheel_sideways(event, -STEP)

    # --- footnotes --------------------------------------------------------------------

    def follow_footnote(self, number: int) -> bool:
        """Jump to footnote `number`; Backspace or `[` comes back. False if it is not there."""
        note = next((note for note in self._records.footnotes if note.number == number), None)
        if note is None:
            return False
        top = round(self.scroll_y)
        self._trail.append((self._generation, self.scroll_y, place_of(self._offsets, top)))
        self.scroll_to(y=note.line, animate=False, immediate=True)
        return True

    def footnote_back(self) -> bool:
        """Back to where the reader was before the last footnote followed; False if none."""
        if not self._trail:
            return False
        generation, line, place = self._trail.pop()
        if generation != self._generation:  # A new width or theme: the lines moved.
            line = line_of(self._offsets, place, self.complete) or 0
        self.scroll_to(y=line, animate=False, immediate=True)
        return True

    def action_footnote_back(self) -> None:
        if not self.footnote_back():
            raise SkipAction()  # No footnote to come back from: the screen's back runs.

    def _back_to_reference(self, number: int) -> None:
        if self.footnote_back():
            return
        reference = next((ref for ref in self._records.references if ref.number == number), None)
        if reference is not None:
            height = self.scrollable_content_region.height
            line = reference.lines[0]
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        place = self._line_at(event)
        if place is None:
            return
        line, column = place
        text = self._plain[line]
        for note in self._records.footnotes:
            # The footnote's number starts its first line: "1. The note's text".
            if note.line == line and 0 <= column < cell_len(text.partition(". ")[0]) + 1:
                self._back_to_reference(note.number)
                return
        for reference in self._records.references:
            if line in reference.lines and _spans_column(
                text, superscript(f"({reference.number})"), column
            ):
                self.follow_footnote(reference.number)
                return

    # --- images -------------------------------------------------------------------------

    def image_in_view(self) -> Link | None:
        """The image `o` opens: the one under the mouse, else the first with a line in view."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        pointer = self._pointer_line()
        if pointer is not None:
            for image in self._records.images:
                if pointer in image.lines:
                    return image
        for image in self._records.images:
            if any(top <= line < top + height for line in image.lines):
                return image
        return None

    def action_open_link(self) -> None:
        image = self.image_in_view()
        if image is None:
            raise SkipAction()  # No image in view: `o` opens the post, as elsewhere.
        self.open_image(image)

    @work(thread=True, group="open-image")
    def open_image(self, image: Link) -> None:
        """Open an image's source in the opener (a file beside the post, or a web address)."""
        post = self.data.post
        root = getattr(self.app, "root", None)
        if post is None or root is None:
            return
        message, severity = open_image(self.app, image.target, post.path, root)
        self.app.call_from_thread(self.notify, message, severity=severity)


def _spans_column(text: str, needle: str, column: int) -> bool:
    """`needle` is in `text` over cell `column`."""
    start = text.find(needle)
    while start >= 0:
        left = cell_len(text[:start])
        if left <= column < left + cell_len(needle):
            return True
        start = text.find(needle, start + 1)
    return False
