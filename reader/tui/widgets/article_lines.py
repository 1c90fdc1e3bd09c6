"""The article pane's lines: rendered off the UI loop, laid out at the reading width.

Rendering runs in an exclusive thread worker and hands lines back a batch at
a time (`article_batches`), so the first screen appears at once and a 2 MB
post never freezes the app. The text is `reading_width` columns wide, centred
in a wider pane (`full_width`: all of it); a new width or theme renders again
and comes back to the same place in the text. When the user scrolls, the pane
posts `Scrolled` with the place of the top line in the post's text.

`ArticleLines` is the base of `Article`: the find-in-post layer and the pane's
keys build on it through the hooks `_render_started` and `_lines_added`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import events, on, work
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.model import Post
from reader.render.document import Document, Heading, Link
from reader.tui.article_batches import Batch, render_batches
from reader.tui.article_blocks import WideBlocks
from reader.tui.article_find import READING_WIDTH, place_title
from reader.tui.article_place import HEADER, line_of, place_of
from reader.tui.article_render import ArticleStyles, make_console, styles_of
from reader.tui.widgets.article_data import ArticleData
from reader.tui.widgets.line_view import LineView


class ArticleLines(LineView):
    """A post's rendered lines, their layout, and the reader's place in them."""

    data: reactive[ArticleData] = reactive(ArticleData(), init=False)
    reading_width: reactive[int] = reactive(READING_WIDTH, init=False)
    """Columns of text (`reading_width` in config.toml), centred in a wider pane; 0: all."""
    full_width: reactive[bool] = reactive(False, init=False)
    """`w`: the text takes the pane's whole width for now."""

    @dataclass
    class Scrolled(Message):
        """The user scrolled a post to `place` (not sent for the app's own scrolling).

        A place is a position in the post's source (see `article_place`), so it
        means the same at any width.
        """

        post_id: str
        place: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Strip] = []
        self._plain: list[str] = []
        """The text of each line, where the search words are looked for."""
        self._records = Document()
        """Links, images, footnotes and their references, headings: what the reader
        can jump to in the lines rendered so far (its own `lines` stay empty)."""
        self._blocks = WideBlocks()
        """Code and tables: each scrolls sideways on its own."""
        self._offsets: list[int] = []
        """Where each line starts in the body (`article_place`)."""
        self._restore: float | None = None
        """The place to scroll to once the lines that hold it are laid out."""
        self._quiet = False
        self._generation = 0
        self._rendered_width = 0
        self._mark_console = make_console(10)
        self._rendered_styles: ArticleStyles | None = None
        self.complete = True
        """False while a post is still being rendered (tests and benchmarks wait on it)."""

    def on_mount(self) -> None:
        # The app read config.toml; an article made later takes its reading width.
        width = getattr(self.app, "reading_width", READING_WIDTH)
        if isinstance(width, int):
            self.set_reactive(ArticleLines.reading_width, width)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def plain_lines(self) -> list[str]:
        """The rendered text, one string per line (for tests and the command line)."""
        return [strip.text for strip in self._lines]

    @property
    def links(self) -> list[Link]:
        """The post's links rendered so far, numbered as in the text."""
        return self._records.links

    @property
    def images(self) -> list[Link]:
        """The post's images rendered so far (their sources as targets)."""
        return self._records.images

    @property
    def references(self) -> list[Link]:
        """The post's footnote references rendered so far."""
        return self._records.references

    @property
    def headings(self) -> list[Heading]:
        """The post's headings rendered so far, with their lines."""
        return self._records.headings

    @property
    def blocks(self) -> WideBlocks:
        """The wide blocks (code, tables) and how far each is scrolled sideways."""
        return self._blocks

    def _scroll_quietly(self, y: float) -> None:
        self._quiet = True
        try:
            self.scroll_to(y=y, animate=False, immediate=True)
        finally:
            self._quiet = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._show_place()
        post = self.data.post
        # Fewer lines (the first batch of a new render) pull the scroll back
        # when the layout catches up: that is not the user's doing.
        clamped = new_value < old_value and new_value >= self.max_scroll_y
        user = not (self._quiet or clamped)
        if user and post is not None and round(old_value) != round(new_value):
            self._restore = None  # The user has moved on: do not jump back.
            self.post_message(self.Scrolled(post.id, place_of(self._offsets, round(new_value))))

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        # A scroll is refused until the scrollbar for the new lines exists:
        # a place waiting for that is restored now.
        if shown:
            self._try_restore(self._generation)

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._rendered_width:
            self._start_render()
        else:
            self._lay_out()  # The same lines, centred again.

    def watch_reading_width(self) -> None:
        self._start_render()

    def watch_full_width(self) -> None:
        self._start_render()

    def _text_width(self) -> int:
        """The width the text is rendered at: the reading width, unless the pane is narrower."""
        width = self.content_width
        limit = 0 if self.full_width else self.reading_width
        return min(width, limit) if limit > 0 else width

    @property
    def _margin(self) -> int:
        return max(0, (self.content_width - self._rendered_width) // 2)

    @property
    def block_window(self) -> int:
        """The cells a wide block is drawn in: from the text's left edge to the pane's right."""
        return max(1, self.content_width - self._margin)

    def _lay_out(self) -> None:
        # A shorter first batch may pull the scroll back: that is not the user's doing.
        self._quiet = True
        try:
            # Only wide blocks scroll sideways, each on its own: the view never does.
            self.virtual_size = Size(self.content_width, len(self._lines))
        finally:
            self._quiet = False
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Focus changes come here too: render again only if the theme changed.
        if self.is_mounted and self._styles() != self._rendered_styles:
            self._start_render()

    @property
    def content_width(self) -> int:
        return self.scrollable_content_region.width

    def _styles(self) -> ArticleStyles:
        return styles_of(lambda name: self.get_component_rich_style(name, partial=True))

    def _render_started(self) -> None:
        """A render of the post begins (the find layer sets its pattern here)."""

    def _lines_added(self, plain: list[str], start: int) -> None:
        """`plain` was added at line `start` (0: a new render); the find layer counts matches."""

    def _start_render(self) -> None:
        width = self.content_width
        if width <= 0:
            # Hidden (the narrow list): render when shown, whatever the width then.
            self._rendered_width = 0
            return
        self._generation += 1
        self._rendered_width = width = self._text_width()
        post = self.data.post
        if post is None:
            empty = Strip([Segment(self.data.empty_text)])
            batch = Batch([empty], [empty.text], [HEADER], first=True, last=True)
            self._add_lines(self._generation, batch)
            return
        if self._restore is None and self._lines and self.scroll_y:
            # The same post again (a new width, a theme, a note): stay at the
            # same place in the text, whatever line it lands on now.
            self._restore = place_of(self._offsets, round(self.scroll_y))
        self.complete = False
        self._rendered_styles = styles = self._styles()
        self._render_started()
        self._render_post(post, self.data.note, width, styles, self._generation)

    @work(thread=True, exclusive=True, group="article-render")
    def _render_post(
        self,
        post: Post,
        note: str | None,
        width: int,
        styles: ArticleStyles,
        generation: int,
    ) -> None:
        worker = get_current_worker()
        footer = self.data.footer
        for batch in render_batches(post, note, width, styles, lambda: worker.is_cancelled, footer):
            self.post_message(self.LinesRendered(generation, batch))

    @dataclass
    class LinesRendered(Message):
        """The render worker's next lines of a post (posted to the article itself)."""

        generation: int
        batch: Batch

    @on(LinesRendered)
    def _lines_rendered(self, event: LinesRendered) -> None:
        event.stop()
        self._add_lines(event.generation, event.batch)

    def _add_lines(self, generation: int, batch: Batch) -> None:
        if generation != self._generation:
            return  # A newer post or width took over.
        start = 0 if batch.first else len(self._lines)
        if batch.first:
            self._lines, self._plain, self._offsets = [], [], []
            self._records = Document()
            self._blocks.reset()
            self._mark_console = make_console(self._rendered_width)
        self._lines.extend(batch.lines)
        self._plain.extend(batch.plain)
        self._offsets.extend(batch.offsets)
        self._records.add_records(batch.records, 0)  # Already numbered from the top.
        self._blocks.add(batch.records.blocks, len(batch.lines))
        self.complete = batch.last
        self._lines_added(batch.plain, start)
        self._lay_out()
        self._show_place()
        if self._restore is not None:
            # After the refresh: the new virtual size must be laid out before
            # the scroll can go past the old end.
            self.call_after_refresh(self._try_restore, generation)
        self.refresh()

    def _try_restore(self, generation: int) -> None:
        """Scroll to the place waiting to be restored, once its lines are there and laid out.

        Until then the place stays pending: a re-render (a new width, a theme)
        maps the same place again instead of losing it.
        """
        place = self._restore
        if place is None or generation != self._generation:
            return
        line = line_of(self._offsets, place, self.complete)
        if line is None:
            return  # Not rendered that far yet: the next batch tries again.
        if line > 0 and not self.allow_vertical_scroll:
            # A scroll is refused until the layout has made the scrollbar for
            # these lines: `watch_show_vertical_scrollbar` comes back here then.
            return
        self._restore = None
        self._scroll_quietly(line)

    def _show_place(self) -> None:
        height = self.scrollable_content_region.height
        title = place_title(self._records.headings, round(self.scroll_y), height, len(self._lines))
        if title != self.border_title:
            self.border_title = title
