"""Sideways scrolling per block: code and tables wider than the pane move on their own.

Prose is wrapped and never scrolls sideways. A wide block (code, a table) is
never wrapped: it keeps an x-offset of its own, and only its lines move. The
prefix a container put before its lines (a list's indent, a quote's bar)
stays put. A cut edge is shown by a dim `‹` or `›` in the edge cell, so the
reader knows there is more. `WideBlocks` is a plain object the article pane
owns; no widgets here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from reader.render.document import Block

STEP = 4
"""Cells `h` and `l` (and one notch of Shift+wheel) move a block."""
LEFT_MARK = "‹"
RIGHT_MARK = "›"


class WideBlocks:
    """The wide blocks of one render, the block of each line and each block's x-offset."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._of_line: list[int] = []
        """For each line, the index of its wide block in `blocks`, or -1."""
        self._x: dict[int, int] = {}

    def reset(self) -> None:
        """A new render: no blocks, every offset back to 0."""
        self.blocks, self._of_line, self._x = [], [], {}

    def add(self, blocks: Sequence[Block], lines: int) -> None:
        """The blocks of the next `lines` lines (their line numbers count from the top)."""
        start = len(self._of_line)
        self._of_line.extend([-1] * lines)
        for block in blocks:
            if not block.wide:
                continue
            index = len(self.blocks)
            self.blocks.append(block)
            for line in range(max(block.start, start), min(block.end, len(self._of_line))):
                self._of_line[line] = index

    def block_of(self, line: int) -> int | None:
        """The index of the wide block `line` is in, if it is in one."""
        if 0 <= line < len(self._of_line):
            index = self._of_line[line]
            return index if index >= 0 else None
        return None

    def offset(self, index: int) -> int:
        """How far block `index` is scrolled, in cells."""
        return self._x.get(index, 0)

    def is_cut(self, index: int, window: int) -> bool:
        """The block is wider than the `window` cells it is drawn in."""
        return self.blocks[index].width > window

    def first_cut(self, top: int, height: int, window: int) -> int | None:
        """The first block with lines in view (`height` lines from `top`) that is cut."""
        seen: set[int] = set()
        for line in range(max(top, 0), min(top + height, len(self._of_line))):
            index = self._of_line[line]
            if index >= 0 and index not in seen:
                seen.add(index)
                if self.is_cut(index, window):
                    return index
        return None

    def scroll(self, index: int, cells: int, window: int) -> bool:
        """Move block `index` by `cells` (left when negative); False if it cannot move."""
        block = self.blocks[index]
        most = max(0, block.width - window)
        old = self.offset(index)
        new = min(max(old + cells, 0), most)
        self._x[index] = new
        return new != old

    def reveal(self, index: int, start: int, end: int, window: int) -> None:
        """Scroll block `index` so its cells `start`..`end` (after the indent) are in view."""
        block = self.blocks[index]
        shown = max(window - block.indent, 1)
        x = self.offset(index)
        if start >= x and end <= x + shown:
            return
        # The match a third of the way in, so some of what comes before it shows too.
        wanted = max(0, start - shown // 3)
        self._x[index] = min(wanted, max(0, block.width - window))

    def crop(self, strip: Strip, line: int, window: int, mark: Style) -> Strip:
        """Line `line` as drawn in `window` cells: a wide block's at its offset, its
        indent kept, with a `mark`-styled `‹` or `›` where it is cut; else as it is."""
        index = self.block_of(line)
        if index is None:
            return strip
        block = self.blocks[index]
        x = self.offset(index)
        length = strip.cell_length
        if x == 0 and length <= window:
            return strip
        indent = min(block.indent, length)
        shown = max(window - indent, 1)
        head = strip.crop(0, indent)
        body = strip.crop(indent + x, indent + x + shown)
        parts = [head, body]
        cut_left = x > 0 and length > indent
        cut_right = length > indent + x + shown
        if cut_left:
            parts[1] = Strip.join([Strip([Segment(LEFT_MARK, mark)]), body.crop(1, shown)])
        if cut_right:
            kept = parts[1].crop(0, shown - 1)
            parts[1] = Strip.join([kept, Strip([Segment(RIGHT_MARK, mark)])])
        return Strip.join(parts)
