"""The article pane: a post's header and its Markdown body, rendered off the UI loop.

The screen sends down what to show (`ArticleData`: the post and the search
words). Rendering runs in an exclusive thread worker and hands lines back a
piece at a time, so the first screen appears at once and a 2 MB post never
freezes the app. The pane is a line-API view: it only paints visible lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.model import Post
from reader.tui.article_render import ArticleStyles, render_body, render_header


@dataclass(frozen=True, slots=True)
class ArticleData:
    """What the article pane shows."""

    post: Post | None = None
    terms: tuple[str, ...] = ()
    empty_text: str = "No post to show."


class Article(ScrollView, can_focus=True):
    """Scrollable view of one post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Down", show=False, id="down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="up"),
        Binding("home,g", "top", "Top", show=False, id="first"),
        Binding("end,G", "bottom", "Bottom", show=False, id="last"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--title",
        "article--guessed",
        "article--meta",
        "article--tag",
        "article--rule",
        "article--match",
        "article--note",
    }

    DEFAULT_CSS = """
    Article {
        overflow-x: hidden;
        overflow-y: auto;
        /* Keep the scrollbar's room, so lines rendered for a width keep fitting. */
        scrollbar-gutter: stable;
    }
    """

    data: reactive[ArticleData] = reactive(ArticleData(), init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Strip] = []
        self._generation = 0
        self._rendered_width = 0
        self._base: Style | None = None
        self._rendered_styles: ArticleStyles | None = None
        self.complete = True
        """False while a post is still being rendered (tests and benchmarks wait on it)."""

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def plain_lines(self) -> list[str]:
        """The rendered text, one string per line (for tests and the command line)."""
        return [strip.text for strip in self._lines]

    def watch_data(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)
        self._start_render()

    def on_resize(self, event: events.Resize) -> None:
        if self.content_width != self._rendered_width:
            self._start_render()

    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor's CSS: too slow to ask per line.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        # Focus changes come here too: render again only if the theme changed.
        if self.is_mounted and self._styles() != self._rendered_styles:
            self._start_render()

    @property
    def content_width(self) -> int:
        return self.scrollable_content_region.width

    def _styles(self) -> ArticleStyles:
        def style(name: str):  # type: ignore[no-untyped-def]
            return self.get_component_rich_style(name, partial=True)

        return ArticleStyles(
            title=style("article--title"),
            guessed=style("article--guessed"),
            meta=style("article--meta"),
            tag=style("article--tag"),
            rule=style("article--rule"),
            match=style("article--match"),
            note=style("article--note"),
        )

    def _start_render(self) -> None:
        width = self.content_width
        if width <= 0:
            return
        self._generation += 1
        self._rendered_width = width
        post = self.data.post
        if post is None:
            self._set_lines(self._generation, [Strip([Segment(self.data.empty_text)])], True)
            return
        self.complete = False
        self._rendered_styles = styles = self._styles()
        self._render_post(post, self.data.terms, width, styles, self._generation)

    @work(thread=True, exclusive=True, group="article-render")
    def _render_post(
        self,
        post: Post,
        terms: tuple[str, ...],
        width: int,
        styles: ArticleStyles,
        generation: int,
    ) -> None:
        worker = get_current_worker()
        pending = render_header(post, width, styles)
        replace = True
        sent = monotonic()
        for batch in render_body(post.body, width, terms, styles):
            if worker.is_cancelled:
                return
            pending.extend(batch)
            # The first screen goes up at once, then a batch every quarter of a second.
            if replace or monotonic() - sent > 0.25:
                self.app.call_from_thread(self._add_lines, generation, pending, replace, False)
                pending, replace, sent = [], False, monotonic()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._add_lines, generation, pending, replace, True)

    def _set_lines(self, generation: int, lines: list[Strip], complete: bool) -> None:
        self._add_lines(generation, lines, True, complete)

    def _add_lines(
        self, generation: int, lines: list[Strip], replace: bool, complete: bool
    ) -> None:
        if generation != self._generation:
            return  # A newer post or width took over.
        if replace:
            self._lines = lines
        else:
            self._lines.extend(lines)
        self.complete = complete
        self.virtual_size = Size(self._rendered_width, len(self._lines))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style()
        if index >= len(self._lines):
            return Strip.blank(width, base)
        return self._lines[index].apply_style(base).crop_extend(scroll_x, scroll_x + width, base)

    # Jumps are not animated: an animated scroll through 30,000 lines takes seconds.
    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
