"""The article pane's search matches: counting them, the border's count, `n` and `N`.

A mixin of `Article`, which owns the lines and the pattern; this part keeps
`_matches` (the line of every match, a line twice if it has two) and which
one `n` went to, and counts a long post's matches in a worker.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from re import Pattern

from textual import on, work
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.worker import get_current_worker

from reader.tui.article_render import match_lines


class ArticleMatches(ScrollView):
    """Search matches of the article pane (mixed into `Article`)."""

    _matches: list[int]
    _match_index: int
    _pattern: Pattern[str] | None
    _plain: list[str]
    _scan: object
    _counting: bool
    complete: bool

    def _searching(self) -> bool:
        """True when a post is shown for a search (the border then shows the count)."""
        raise NotImplementedError

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def match_index(self) -> int:
        """Which match the last jump went to (0-based), -1 before any jump."""
        return self._match_index

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
        scan, counted, hits = event.scan, event.counted, event.hits
        if scan is not self._scan:
            return
        # Lines rendered while the worker counted are counted here.
        hits.extend(match_lines(self._plain[counted:], self._pattern, counted))
        self._matches = hits
        self._counting = False
        self._show_matches()

    def _show_matches(self) -> None:
        count = len(self._matches)
        if not self._searching():
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

    def _count_in_line(self, line: int) -> int:
        """How many matches start in `line`."""
        return bisect_right(self._matches, line) - bisect_left(self._matches, line)

    def _current_in_line(self, line: int) -> int | None:
        """Which match of `line` (0-based) is the current one, if it is there."""
        index = self._match_index
        if not 0 <= index < len(self._matches) or self._matches[index] != line:
            return None
        first = index
        while first > 0 and self._matches[first - 1] == line:
            first -= 1
        return index - first
