"""Finding in one post, and saying where in it the reader is: helpers for the article pane.

`find_pattern` is what `/` in the article (or Ctrl+F) looks for: the typed
text as it is, any case, not the index's words. `place_title` is the
article's border for a long post: the heading above the top line and how
far down it is. No widgets here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from reader.render.document import Heading

READING_WIDTH = 88
"""Columns of text in the article by default: lines longer than this are hard to read."""
LONG = 2
"""A post is long, and its border says where the reader is, past this many screens."""


def find_pattern(text: str) -> re.Pattern[str] | None:
    """The text to find, literally and in any case; None for nothing (or only spaces)."""
    if not text.strip():
        return None
    return re.compile(re.escape(text), re.IGNORECASE)


def place_title(headings: Sequence[Heading], top: int, height: int, total: int) -> str:
    """ "Heading · 42%" for the view from line `top`, `height` lines high, of `total`;
    empty for a post that fits in `LONG` screens."""
    if height <= 0 or total <= height * LONG:
        return ""
    percent = min(100, round(100 * min(top + height, total) / total))
    index = bisect_right([heading.line for heading in headings], top) - 1
    if index < 0:
        return f"{percent}%"
    text = " ".join(headings[index].text.split())
    if len(text) > 40:
        text = text[:39] + "…"
    return f"{text} · {percent}%"
