"""The article pane: a post's header and its Markdown body, rendered off the UI loop.

The screen sends down what to show (`ArticleData`: the post, the search
words, the user's note, where to scroll). Rendering runs in an exclusive
thread worker and hands lines back a piece at a time, so the first screen
appears at once and a 2 MB post never freezes the app. The pane is a
line-API view: it only paints visible lines.

The words of the search are marked; `next_match`/`previous_match` scroll
from one to the next, and the border says "match 3 of 12". When the user
scrolls, the pane posts `Scrolled` with the place of the top line in the
post's text, so the screen can remember it; a place comes back at any width,
once the lines that hold it are rendered and laid out.
"""

from __future__ import annotations

from dataclasses import dataclass
from re import Pattern
from typing import ClassVar

from rich.segment import Segment
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.model import Post
from reader.render.document import Heading, Link
from reader.render.footer import FooterSection
from reader.tui.article_batches import Batch, render_batches
from reader.tui.article_find import READING_WIDTH, find_pattern, place_title
from reader.tui.article_matches import Matches
from reader.tui.article_place import HEADER, line_of, place_of
from reader.tui.article_render import (
    STYLE_CLASSES,
    ArticleStyles,
    Phrase,
    make_console,
    mark_line,
    match_lines,
    match_pattern,
    styles_of,
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
    """The place to scroll to once it is rendered (where the reader left the post):
    a position in the post's text, not a line (see `article_place`)."""
    footer: tuple[FooterSection, ...] = ()
    """Sections drawn after the body (`reader.render.footer`): Linked from, Related."""


class Article(LineView, can_focus=True):
    """Scrollable view of one post."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Down", show=False, id="down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="up"),
        Binding("home,g", "top", "Top", show=False, id="first"),
        Binding("end,G", "bottom", "Bottom", show=False, id="last"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page_up"),
        # Code and tables are never wrapped: the article scrolls sideways to show them.
        Binding("left,h", "scroll_left", "Left", show=False, id="left"),
        Binding("right,l", "scroll_right", "Right", show=False, id="right"),
        Binding("w", "toggle_width", "Full width", show=False, id="full_width"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = set(STYLE_CLASSES)

    DEFAULT_CSS = """
    Article {
        overflow-x: auto;
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
        self._pattern: Pattern[str] | None = None
        self._marked: dict[int, Strip] = {}
        """Lines with the search words marked, made as they are drawn."""
        self._matches = Matches()
        self._links: list[Link] = []
        self._headings: list[Heading] = []
        self._wide = 0
        """The widest line's cells: the article scrolls sideways that far."""
        self._offsets: list[int] = []
        """Where each line starts in the body (`article_place`)."""
        self._find: str | None = None
        """What `/` in the article looks for (instead of the search's words), if anything."""
        self._find_origin: float | None = None
        """Where the reader was when the find started: Escape goes back there."""
        self._find_jump = False
        """The find's matches are being counted: go to the first once they are."""
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
            self.set_reactive(Article.reading_width, width)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def plain_lines(self) -> list[str]:
        """The rendered text, one string per line (for tests and the command line)."""
        return [strip.text for strip in self._lines]

    @property
    def links(self) -> list[Link]:
        """The post's links rendered so far, numbered as in the text."""
        return self._links

    @property
    def headings(self) -> list[Heading]:
        """The post's headings rendered so far, with their lines."""
        return self._headings

    @property
    def match_count(self) -> int:
        return len(self._matches.lines)

    @property
    def match_index(self) -> int:
        """Which match the last jump went to (0-based), -1 before any jump."""
        return self._matches.index

    def watch_data(self, old: ArticleData, new: ArticleData) -> None:
        same_post = old.post is not None and new.post is not None and old.post.id == new.post.id
        same_text = old.note == new.note and old.footer == new.footer
        if same_post and old.post is new.post and same_text and self._lines:
            # Only the search changed: mark the lines again as they are drawn,
            # and count the matches of a long post in a worker.
            self._set_pattern()
            self._matches.reset([], counting=True)
            self._show_matches()
            self.refresh()
            self._count_matches(self._pattern, self._plain[:], self._matches.scan)
            return
        if not same_post:
            self._find = self._find_origin = None
            self._scroll_quietly(0)
            self._restore = new.scroll
        self._start_render()

    def _set_pattern(self) -> None:
        data = self.data
        if self._find is not None:
            self._pattern = find_pattern(self._find)
        else:
            self._pattern = match_pattern(data.terms, data.prefixes, data.phrases)
        self._marked.clear()
        self._matches.scan = object()  # Counts made for an older pattern or post are dropped.

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

    def action_toggle_width(self) -> None:
        self.full_width = not self.full_width

    def _text_width(self) -> int:
        """The width the text is rendered at: the reading width, unless the pane is narrower."""
        width = self.content_width
        limit = 0 if self.full_width else self.reading_width
        return min(width, limit) if limit > 0 else width

    @property
    def _margin(self) -> int:
        return max(0, (self.content_width - self._rendered_width) // 2)

    def _lay_out(self) -> None:
        # A shorter first batch may pull the scroll back: that is not the user's doing.
        self._quiet = True
        try:
            wide = max(self._rendered_width, self._wide)
            self.virtual_size = Size(self._margin + wide, len(self._lines))
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
        lines, plain, offsets = batch.lines, batch.plain, batch.offsets
        if batch.first:
            self._lines, self._plain, self._offsets = lines, plain, offsets
            self._links, self._headings = batch.links, batch.headings
            self._wide = batch.width
            self._marked.clear()
            self._matches.reset(match_lines(plain, self._pattern))
            self._mark_console = make_console(self._rendered_width)
        else:
            self._matches.lines.extend(match_lines(plain, self._pattern, len(self._lines)))
            self._lines.extend(lines)
            self._plain.extend(plain)
            self._offsets.extend(offsets)
            self._links.extend(batch.links)
            self._headings.extend(batch.headings)
            self._wide = max(self._wide, batch.width)
        self.complete = batch.last
        self._lay_out()
        self._show_matches()
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

    # --- the search's matches ------------------------------------------------------

    @work(thread=True, exclusive=True, group="article-matches")
    def _count_matches(self, pattern: Pattern[str] | None, plain: list[str], scan: object) -> None:
        # Tens of milliseconds for a 2 MB post: too long for every keystroke on the UI loop.
        hits = match_lines(plain, pattern)
        if not get_current_worker().is_cancelled:
            self.post_message(self.MatchesCounted(scan, len(plain), hits))

    @dataclass
    class MatchesCounted(Message):
        """The count worker's answer (posted to the article itself)."""

        scan: object
        """Which scan this answers: a newer one makes it stale."""
        counted: int
        """Lines counted."""
        hits: list[int]

    @on(MatchesCounted)
    def _counted(self, event: MatchesCounted) -> None:
        event.stop()
        if event.scan is not self._matches.scan:
            return
        # Lines rendered while the worker counted are counted here.
        rest = match_lines(self._plain[event.counted :], self._pattern, event.counted)
        self._matches.counted(event.scan, event.hits + rest)
        self._show_matches()
        if self._find_jump:
            self._find_jump = False
            self._first_found()

    def _show_place(self) -> None:
        height = self.scrollable_content_region.height
        title = place_title(self._headings, round(self.scroll_y), height, len(self._lines))
        if title != self.border_title:
            self.border_title = title

    def _show_matches(self) -> None:
        searching = bool(self.data.terms or self._find) and self.data.post is not None
        self.border_subtitle = self._matches.subtitle(searching, self.complete)

    # --- finding in this post ---------------------------------------------------------

    @property
    def finding(self) -> bool:
        """A find (`/` in the article) is marked instead of the search's words."""
        return self._find is not None

    def find(self, text: str) -> None:
        """Find `text` in this post only, as it is typed: mark it and go to the first
        match from where the find started (counted in a worker, as a long post's are)."""
        if self._find_origin is None:
            self._find_origin = self.scroll_y
        self._find = text
        self._set_pattern()
        self._matches.reset([], counting=True)
        self._find_jump = True
        self._show_matches()
        self.refresh()
        self._count_matches(self._pattern, self._plain[:], self._matches.scan)

    def end_find(self, *, go_back: bool) -> None:
        """Stop finding: the search's words are marked again; `go_back`: to where the find
        started (Escape)."""
        origin = self._find_origin
        self._find, self._find_origin, self._find_jump = None, None, False
        self._set_pattern()
        self._matches.reset(match_lines(self._plain, self._pattern))
        self._show_matches()
        if go_back and origin is not None:
            self.scroll_to(y=origin, animate=False, immediate=True)
        self.refresh()

    def _first_found(self) -> None:
        origin = round(self._find_origin or 0)
        if not self.next_match(1, origin) and self._find_origin is not None:
            self.scroll_to(y=self._find_origin, animate=False, immediate=True)

    def next_match(self, step: int = 1, top: int | None = None) -> bool:
        """Scroll to the next match (`step` -1: the previous one); False if there is none.

        The first jump goes to the first match below `top` (the view's top line)."""
        top = round(self.scroll_y) if top is None else top
        line = self._matches.step(step, top)
        if line is None:
            return False
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self._show_matches()
        self.refresh()  # The current match's style moves with it.
        return True

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
            current, carried, fresh = self._matches.marks_at(index)
            marked = None if fresh else self._marked.get(index)
            if marked is None:
                marked = mark_line(
                    self._mark_console,
                    strip,
                    self._plain,
                    index,
                    self._pattern,
                    styles,
                    current,
                    carried,
                )
                if not fresh:  # Lines of the current match are drawn afresh as it moves.
                    self._marked[index] = marked
            strip = marked
        if self._margin:
            strip = Strip.join([Strip.blank(self._margin), strip])
        return strip.apply_style(base).crop_extend(scroll_x, scroll_x + width, base)

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
