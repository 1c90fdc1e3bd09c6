"""Cutting a post into pieces at block boundaries, so a huge post shows its start first.

A cut is made only at a blank line followed by an unindented line, and never
inside a code fence, an HTML block that runs to its closing tag, an HTML comment,
front matter, or a paired store construct (`highlight`, `raw`, Zola `{% … %}`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

FIRST_PIECE = 8_000
"""Characters in the first piece: well over a screenful."""
PIECE = 32_000
"""Characters in each later piece."""

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RAW_HTML = re.compile(r" {0,3}<(pre|script|style|textarea)[\s>]", re.IGNORECASE)
_PAIRED = (
    (re.compile(r"\{\{[<%]\s*highlight\b"), re.compile(r"\{\{[<%]\s*/highlight\s*[>%]\}\}")),
    (re.compile(r"\{%-?\s*highlight\b"), re.compile(r"\{%-?\s*endhighlight\s*-?%\}")),
    (re.compile(r"\{%-?\s*raw\s*-?%\}"), re.compile(r"\{%-?\s*endraw\s*-?%\}")),
    (re.compile(r"\{\{-?\s*raw\s+`\s*$"), re.compile(r"^\s*`\s*-?\}\}")),
    (re.compile(r"\{%-?\s*\w+\(.*\)\s*-?%\}"), re.compile(r"\{%-?\s*end\s*-?%\}")),
)
_REFERENCE = re.compile(
    r"^ {0,3}\[([^\]\^][^\]]*)\]:[ \t]*<?(\S+?)>?(?:[ \t]+[\"'(](.*)[\"')])?[ \t]*$", re.MULTILINE
)
_FOOTNOTE_DEF = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of the source that starts and ends at block boundaries."""

    offset: int
    text: str


def _closer(line: str) -> re.Pattern[str] | str | None:
    """What ends the construct this line opens, if it opens one that spans blank lines."""
    fence = _FENCE.match(line)
    if fence:
        return fence.group(1)
    raw = _RAW_HTML.match(line)
    if raw and f"</{raw.group(1).lower()}" not in line.lower():
        return re.compile(f"</{raw.group(1)}>", re.IGNORECASE)
    if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
        return re.compile("-->")
    for opener, closer in _PAIRED:
        if opener.search(line) and not closer.search(line):
            return closer
    return None


def split_blocks(markdown: str, first: int = FIRST_PIECE, size: int = PIECE) -> Iterator[Piece]:
    """The source cut into pieces of about `first`, then `size`, characters; lazily."""
    start = 0
    position = 0
    target = first
    closer: re.Pattern[str] | str | None = None
    blank = False
    length = len(markdown)
    if markdown.startswith(("---", "+++")):
        marker = markdown[:3]
        end = markdown.find("\n" + marker, 3)
        position = length if end < 0 else markdown.find("\n", end + 1) + 1 or length
    while position < length:
        newline = markdown.find("\n", position)
        end = length if newline < 0 else newline + 1
        line = markdown[position:end]
        if closer is not None:
            if isinstance(closer, str):
                fence = _FENCE.match(line)
                if (
                    fence
                    and fence.group(1).startswith(closer)
                    and not line.strip().strip(closer[0])
                ):
                    closer = None
            elif closer.search(line):
                closer = None
        elif not line.strip():
            blank = True
        else:
            if blank and position - start >= target and not line.startswith((" ", "\t")):
                yield Piece(start, markdown[start:position])
                start = position
                target = size
            blank = False
            closer = _closer(line)
        position = end
    if start < length:
        yield Piece(start, markdown[start:])


def scan_references(markdown: str) -> tuple[dict[str, Any], set[str]]:
    """Link reference definitions and footnote labels anywhere in the source.

    Pieces are parsed one at a time, so each needs to know what the whole post defines.
    """
    references: dict[str, Any] = {}
    for match in _REFERENCE.finditer(markdown):
        label = " ".join(match.group(1).split()).lower().upper()
        references.setdefault(label, {"href": match.group(2), "title": match.group(3) or ""})
    labels = {match.group(1) for match in _FOOTNOTE_DEF.finditer(markdown)}
    return references, labels
