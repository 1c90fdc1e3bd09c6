"""Word wrapping for prose: break at spaces, split a word only when it is wider than a line.

Rich's own wrapping does the same but does not say where each line starts, which
we need to know which lines a link lands on.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

_WORD = re.compile(r"\S+\s*|\s+")


def _fold(word: str, start: int, width: int) -> list[int]:
    """Offsets (absolute) at which a word wider than the line is cut into pieces."""
    cuts: list[int] = []
    used = 0
    for index, char in enumerate(word):
        size = get_character_cell_size(char)
        if used + size > width and used:
            cuts.append(start + index)
            used = 0
        used += size
    return cuts


def _break_offsets(plain: str, width: int) -> list[int]:
    """Where each wrapped line after the first starts in one line of plain text."""
    offsets: list[int] = []
    used = 0
    for match in _WORD.finditer(plain):
        word = match.group()
        start = match.start()
        body = word.rstrip()
        body_len = cell_len(body)
        if used and used + body_len > width:
            offsets.append(start)
            used = 0
        if body_len > width:
            cuts = _fold(body, start, width)
            offsets.extend(cuts)
            tail = body[cuts[-1] - start :] if cuts else body
            used = cell_len(tail) + cell_len(word) - body_len
        else:
            used += cell_len(word)
    return offsets


def wrap(text: Text, width: int) -> list[tuple[Text, int]]:
    """Wrap `text` to `width` cells; each line comes with its start offset in `text`.

    Explicit newlines end a line. Trailing spaces are trimmed from every line.
    """
    width = max(width, 1)
    result: list[tuple[Text, int]] = []
    plain = text.plain
    base = 0
    for segment in plain.split("\n"):
        end = base + len(segment)
        piece = text[base:end]
        if cell_len(segment) <= width:
            offsets: list[int] = []
        else:
            offsets = _break_offsets(segment, width)
        starts = [0, *offsets]
        for line, start in zip(piece.divide(offsets), starts, strict=True):
            line.rstrip()
            result.append((line, base + start))
        base = end + 1
    return result
