"""The article pane: a post's header and its Markdown body, rendered off the UI loop.

The screen sends down what to show (`ArticleData`: the post, the search
words, the user's note, where to scroll). Rendering runs in an exclusive
thread worker and hands lines back a piece at a time, so the first screen
appears at once and a 2 MB post never freezes the app. The pane is a
line-API view: it only paints visible lines.

The words of the search are marked; `next_match`/`previous_match` scroll
from one to the next, and the border says "match 3 of 12". When the user
scrolls, the pane posts `Scrolled` so the screen can remember the place.
"""

from __future__ import annotations

from dataclasses import dataclass
from re import Pattern
from time import monotonic
from typing import ClassVar

from rich.segment import Segment
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.model import Post
from reader.tui.article_render import (
    ArticleStyles,
    Phrase,
    make_console,
    mark,
    match_lines,
    match_pattern,
    render_body,
    render_header,
)
from reader.tui.widgets.line_view import LineView


@dataclass(frozen=True, slots=True)
class ArticleData:
    """What the article pane shows."""

    post: Post | None = None
    terms: tuple[str, ...] = ()
    prefixes: frozenset[str] = frozenset()
    """Terms that match the start of words (`gain*`)."""
    phrases: tuple[Phrase, ...] = ()
    """What to mark: words and quoted phrases (each phrase one match); else `terms`."""
    empty_text: str = "No post to show."
    note: str | None = None
    scroll: float | None = None
    """Line to scroll to once it is rendered (where the reader left the post)."""


class Article(LineView, can_focus=True):
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
        "article--current-match",
        "article--note",
    }

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

    data: reactive[ArticleData] = reactive(ArticleData(), init=False)

    @dataclass
    class Scrolled(Message):
        """The user scrolled a post to `line` (not sent for the app's own scrolling)."""

        post_id: str
        line: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: list[Strip] = []
        self._plain: list[str] = []
        """The text of each line, where the search words are looked for."""
        self._pattern: Pattern[str] | None = None
        self._marked: dict[int, Strip] = {}
        self._scan = object()
        """Stands for the current pattern and lines; a count made for another is dropped."""
        self._counting = False
        """Lines with the search words marked, made as they are drawn."""
        self._matches: list[int] = []
        self._match_index = -1
        self._restore: float | None = None
        self._quiet = False
        self._generation = 0
        self._rendered_width = 0
        self._mark_console = make_console(10)
        self._rendered_styles: ArticleStyles | None = None
        self.complete = True
        """False while a post is still being rendered (tests and benchmarks wait on it)."""

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def plain_lines(self) -> list[str]:
        """The rendered text, one string per line (for tests and the command line)."""
        return [strip.text for strip in self._lines]

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def match_index(self) -> int:
        """Which match the last jump went to (0-based), -1 before any jump."""
        return self._match_index

    def watch_data(self, old: ArticleData, new: ArticleData) -> None:
        same_post = old.post is not None and new.post is not None and old.post.id == new.post.id
        if same_post and old.post is new.post and old.note == new.note and self._lines:
            # Only the search changed: mark the lines again as they are drawn,
            # and count the matches of a long post in a worker.
            self._set_pattern()
            self._matches = []
            self._match_index = -1
            self._counting = True
            self._show_matches()
            self.refresh()
            self._count_matches(self._pattern, self._plain[:], self._scan)
            return
        if not same_post:
            self._scroll_quietly(0)
            self._restore = new.scroll
        self._start_render()

    def _set_pattern(self) -> None:
        data = self.data
        self._pattern = match_pattern(data.terms, data.prefixes, data.phrases)
        self._marked.clear()
        self._scan = object()  # Counts made for an older pattern or post are dropped.

    @work(thread=True, exclusive=True, group="article-matches")
    def _count_matches(self, pattern: Pattern[str] | None, plain: list[str], scan: object) -> None:
        # Tens of milliseconds for a 2 MB post: too long for every keystroke on the UI loop.
        hits = match_lines(plain, pattern)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._counted, scan, len(plain), hits)

    def _counted(self, scan: object, counted: int, hits: list[int]) -> None:
        if scan is not self._scan:
            return
        # Lines rendered while the worker counted are counted here.
        hits.extend(match_lines(self._plain[counted:], self._pattern, counted))
        self._matches = hits
        self._counting = False
        self._show_matches()

    def _scroll_quietly(self, y: float) -> None:
        self._quiet = True
        try:
            self.scroll_to(y=y, animate=False, immediate=True)
        finally:
            self._quiet = False

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        post = self.data.post
        if not self._quiet and post is not None and round(old_value) != round(new_value):
            self._restore = None  # The user has moved on: do not jump back.
            self.post_message(self.Scrolled(post.id, round(new_value)))

    def on_resize(self, event: events.Resize) -> None:
        if self.content_width != self._rendered_width:
            self._start_render()

    def notify_style_update(self) -> None:
        super().notify_style_update()
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
            current=style("article--current-match"),
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
        if self._restore is None and self._lines and self.scroll_y:
            # The same post again (a new width, a theme, a note): stay about here.
            self._restore = self.scroll_y
        self.complete = False
        self._rendered_styles = styles = self._styles()
        self._set_pattern()
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
        pending, plain = render_header(post, width, styles, note)
        replace = True
        sent = monotonic()
        for batch, batch_plain in render_body(post.body, width, styles):
            if worker.is_cancelled:
                return
            pending.extend(batch)
            plain.extend(batch_plain)
            # The first screen goes up at once, then a batch every quarter of a second.
            if replace or monotonic() - sent > 0.25:
                self.app.call_from_thread(
                    self._add_lines, generation, pending, plain, replace, False
                )
                pending, plain, replace, sent = [], [], False, monotonic()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._add_lines, generation, pending, plain, replace, True)

    def _set_lines(self, generation: int, lines: list[Strip], complete: bool) -> None:
        self._add_lines(generation, lines, [strip.text for strip in lines], True, complete)

    def _add_lines(
        self,
        generation: int,
        lines: list[Strip],
        plain: list[str],
        replace: bool,
        complete: bool,
    ) -> None:
        if generation != self._generation:
            return  # A newer post or width took over.
        if replace:
            self._lines, self._plain = lines, plain
            self._marked.clear()
            self._scan = object()
            self._counting = False
            self._matches = match_lines(plain, self._pattern)
            self._match_index = -1
            self._mark_console = make_console(self._rendered_width)
        else:
            self._matches.extend(match_lines(plain, self._pattern, len(self._lines)))
            self._lines.extend(lines)
            self._plain.extend(plain)
        self.complete = complete
        # A shorter first batch may pull the scroll back: that is not the user's doing.
        self._quiet = True
        try:
            self.virtual_size = Size(self._rendered_width, len(self._lines))
        finally:
            self._quiet = False
        self._show_matches()
        restore = self._restore
        if restore is not None and (complete or len(self._lines) > restore + self.size.height):
            self._restore = None
            # After the refresh: the new virtual size must be laid out before
            # the scroll can go past the old end.
            self.call_after_refresh(self._scroll_quietly, restore)
        self.refresh()

    # --- search matches -------------------------------------------------------------

    def _show_matches(self) -> None:
        count = len(self._matches)
        if not self.data.terms or self.data.post is None:
            self.border_subtitle = ""
        elif self._match_index >= 0 and count:
            self.border_subtitle = f"match {self._match_index + 1:,} of {count:,} · n/N"
        else:
            more = "" if self.complete and not self._counting else "+"
            plural = "match" if count == 1 else "matches"
            self.border_subtitle = f"{count:,}{more} {plural}" + (" · n/N" if count else "")

    def next_match(self, step: int = 1) -> bool:
        """Scroll to the next match (`step` -1: the previous one); False if there is none."""
        if not self._matches:
            return False
        if self._match_index < 0:
            # The first jump goes to the first match below the top of the view
            # (or above it, going back).
            top = round(self.scroll_y)
            if step > 0:
                after = [i for i, line in enumerate(self._matches) if line >= top]
                index = after[0] if after else 0
            else:
                before = [i for i, line in enumerate(self._matches) if line < top]
                index = before[-1] if before else len(self._matches) - 1
        else:
            index = (self._match_index + step) % len(self._matches)
        self._match_index = index
        line = self._matches[index]
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self._show_matches()
        self.refresh()  # The current match's style moves with it.
        return True

    def _current_in_line(self, line: int) -> int | None:
        """Which match of `line` (0-based) is the current one, if it is there."""
        index = self._match_index
        if not 0 <= index < len(self._matches) or self._matches[index] != line:
            return None
        first = index
        while first > 0 and self._matches[first - 1] == line:
            first -= 1
        return index - first

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base_style()
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._lines[index]
        if self._pattern is not None:
            styles = self._rendered_styles or ArticleStyles()
            current = self._current_in_line(index)
            marked = None if current is not None else self._marked.get(index)
            if marked is None:
                marked = mark(
                    self._mark_console,
                    strip,
                    self._plain[index],
                    self._pattern,
                    styles.match,
                    current,
                    styles.current,
                )
                if current is None:  # The current match's line is drawn afresh as it moves.
                    self._marked[index] = marked
            strip = marked
        return strip.apply_style(base).crop_extend(scroll_x, scroll_x + width, base)

    # Jumps are not animated: an animated scroll through 30,000 lines takes seconds.
    def action_top(self) -> None:
        self.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroll_end(animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)
