"""Where the reader is in a post, as a position in its source text, not a line number.

Line numbers change with the width and the theme; the source does not. The
article pane keeps each rendered line's offset in the body (header lines
have -1), saves the *place* of the top line and maps it back after a render:

- place 0 is the top of the article (the header);
- place k + 1 is the body line that starts at offset k.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

HEADER = -1
"""The offset of the header's lines: before any of the body."""


def place_of(offsets: Sequence[int], top: int) -> int:
    """The place of line `top`: 0 in the header, else its body offset + 1."""
    if not 0 <= top < len(offsets):
        return 0
    return max(offsets[top], HEADER) + 1


def line_of(offsets: Sequence[int], place: float, complete: bool) -> int | None:
    """The first line at or past `place`; None while the render has not got that far.

    Offsets never decrease, so a binary search finds it. A place past the end
    of a complete render (the post got shorter) is its last line.
    """
    if place <= 0:
        return 0
    index = bisect_left(offsets, int(place) - 1)
    if index < len(offsets):
        return index
    if complete:
        return max(len(offsets) - 1, 0)
    return None
