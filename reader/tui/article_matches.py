"""The article's search matches: the line of each, which one `n` went to, and the count.

`Matches` is a plain object the article pane owns: the pane finds the
matches in its lines (or has a worker count a long post's) and asks this
where `n` and `N` go and what the border says. No widgets here.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Matches:
    """The matches of the search in the lines of one render."""

    def __init__(self) -> None:
        self.lines: list[int] = []
        """The line of every match, in order (a line twice if it has two)."""
        self.index = -1
        """Which match the last jump went to (0-based), -1 before any jump."""
        self.counting = False
        """A worker is counting them: the count so far is a lower bound."""
        self.scan = object()
        """Stands for the current pattern and lines; a count made for another is dropped."""

    def reset(self, lines: list[int], *, counting: bool = False) -> None:
        """New lines or a new pattern: these matches, no jump yet, older counts dropped."""
        self.lines, self.index, self.counting = lines, -1, counting
        self.scan = object()

    def counted(self, scan: object, hits: list[int]) -> bool:
        """A worker's count for `scan`; False (and ignored) if it answers an older one."""
        if scan is not self.scan:
            return False
        self.lines, self.counting = hits, False
        return True

    def subtitle(self, searching: bool, complete: bool) -> str:
        """The border's line: "match 3 of 12 · n/N", "12 matches", "40+ matches" meanwhile."""
        count = len(self.lines)
        if not searching:
            return ""
        if self.index >= 0 and count:
            return f"match {self.index + 1:,} of {count:,} · n/N"
        more = "" if complete and not self.counting else "+"
        plural = "match" if count == 1 else "matches"
        return f"{count:,}{more} {plural}" + (" · n/N" if count else "")

    def step(self, step: int, top: int) -> int | None:
        """Go to the next match (`step` -1: the previous one) and return its line;
        None if there is none. The first jump goes to the first match below `top`
        (the top of the view), or above it going back."""
        if not self.lines:
            return None
        if self.index < 0:
            if step > 0:
                after = [i for i, line in enumerate(self.lines) if line >= top]
                index = after[0] if after else 0
            else:
                before = [i for i, line in enumerate(self.lines) if line < top]
                index = before[-1] if before else len(self.lines) - 1
        else:
            index = (self.index + step) % len(self.lines)
        self.index = index
        return self.lines[index]

    def marks_at(self, line: int) -> tuple[int | None, bool, bool]:
        """How to draw `line`: which of its matches is the current one, whether the
        current one is a phrase that came from the line before (split by the wrap),
        and whether the current match touches the line (drawn afresh as it moves)."""
        current = self.current_in_line(line)
        previous = self.current_in_line(line - 1) if line else None
        carried = previous is not None and previous == self.count_in_line(line - 1) - 1
        return current, carried, current is not None or previous is not None

    def count_in_line(self, line: int) -> int:
        """How many matches start in `line`."""
        return bisect_right(self.lines, line) - bisect_left(self.lines, line)

    def current_in_line(self, line: int) -> int | None:
        """Which match of `line` (0-based) is the current one, if it is there."""
        index = self.index
        if not 0 <= index < len(self.lines) or self.lines[index] != line:
            return None
        first = index
        while first > 0 and self.lines[first - 1] == line:
            first -= 1
        return index - first
