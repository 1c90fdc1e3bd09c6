"""The article pane's matches: the search's words, or a find in the post (`/`).

The words are marked as lines are drawn; `next_match`/`previous_match` go
from one to the next (a match in a wide block scrolls that block to show it)
and the border says "match 3 of 12". A long post's matches are counted in a
worker, so typing stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass
from re import Pattern

from rich.cells import cell_len
from textual import on, work
from textual.message import Message
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.tui.article_find import find_pattern
from reader.tui.article_matches import Matches
from reader.tui.article_render import ArticleStyles, mark_line, match_lines, match_pattern
from reader.tui.widgets.article_lines import ArticleLines


class ArticleFinding(ArticleLines):
    """Rendered lines with the search's (or the find's) matches marked and stepped through."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pattern: Pattern[str] | None = None
        self._marked: dict[int, Strip] = {}
        """Lines with the search words marked, made as they are drawn."""
        self._matches = Matches()
        self._find: str | None = None
        """What `/` in the article looks for (instead of the search's words), if anything."""
        self._find_origin: float | None = None
        """Where the reader was when the find started: Escape goes back there."""
        self._find_jump = False
        """The find's matches are being counted: go to the first once they are."""

    @property
    def match_count(self) -> int:
        return len(self._matches.lines)

    @property
    def match_index(self) -> int:
        """Which match the last jump went to (0-based), -1 before any jump."""
        return self._matches.index

    def _search_changed(self) -> None:
        """Only the search changed: mark the lines again as they are drawn, and count
        the matches of a long post in a worker."""
        self._set_pattern()
        self._matches.reset([], counting=True)
        self._show_matches()
        self.refresh()
        self._count_matches(self._pattern, self._plain[:], self._matches.scan)

    def _render_started(self) -> None:
        self._set_pattern()

    def _lines_added(self, plain: list[str], start: int) -> None:
        if start == 0:
            self._marked.clear()
            self._matches.reset(match_lines(plain, self._pattern))
        else:
            self._matches.lines.extend(match_lines(plain, self._pattern, start))
        self._show_matches()

    def _set_pattern(self) -> None:
        data = self.data
        if self._find is not None:
            self._pattern = find_pattern(self._find)
        else:
            self._pattern = match_pattern(data.terms, data.prefixes, data.phrases)
        self._marked.clear()
        self._matches.scan = object()  # Counts made for an older pattern or post are dropped.

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

    def _show_matches(self) -> None:
        searching = bool(self.data.terms or self._find) and self.data.post is not None
        self.border_subtitle = self._matches.subtitle(searching, self.complete)

    def _marked_line(self, index: int, strip: Strip) -> Strip:
        """Line `index` with its matches marked (made as it is drawn, and kept)."""
        if self._pattern is None:
            return strip
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
        return marked

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

    def _forget_find(self) -> None:
        self._find = self._find_origin = None

    def _first_found(self) -> None:
        origin = round(self._find_origin or 0)
        if not self.next_match(1, origin) and self._find_origin is not None:
            self.scroll_to(y=self._find_origin, animate=False, immediate=True)

    def next_match(self, step: int = 1, top: int | None = None) -> bool:
        """Scroll to the next match (`step` -1: the previous one); False if there is none.

        The first jump goes to the first match below `top` (the view's top line).
        A match in a wide block scrolls that block sideways to show it."""
        top = round(self.scroll_y) if top is None else top
        line = self._matches.step(step, top)
        if line is None:
            return False
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)
        self._reveal_match(line)
        self._show_matches()
        self.refresh()  # The current match's style moves with it.
        return True

    def _reveal_match(self, line: int) -> None:
        block = self._blocks.block_of(line)
        which = self._matches.current_in_line(line)
        if block is None or which is None or self._pattern is None:
            return
        text = self._plain[line]
        found = list(self._pattern.finditer(text))
        if which >= len(found):
            return
        indent = self._blocks.blocks[block].indent
        start = cell_len(text[: found[which].start()]) - indent
        end = cell_len(text[: found[which].end()]) - indent
        self._blocks.reveal(block, start, end, self.block_window)
