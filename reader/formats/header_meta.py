"""Pelican and MultiMarkdown metadata: `Key: value` lines at the top of a file.

    Title: This Week in Rust 153
    Date: 2016-10-25
    Category: This Week in Rust

    Hello and welcome...

The header runs to the first blank line and is not part of the body. It is
read only when the file has no other front matter, and strictly, so that an
ordinary first paragraph ("Note: this is...") stays body text:

- the first line's key is one the reader knows (`Title`, `Date`, `Modified`,
  `Tags`, `Category`, `Author`, `Authors`, `Slug`, `Summary`);
- every line of the block is `Key: value`, or an indented line continuing
  the value above it (MultiMarkdown allows that);
- a key is a word or a few (`Short Title`), never a sentence.

Values are text; the post reader turns them into dates, tags and names.
"""

from __future__ import annotations

import re
from typing import Any

KNOWN_KEYS = frozenset(
    ("title", "date", "modified", "tags", "category", "author", "authors", "slug", "summary")
)
"""Keys one of which must open the header."""

# A space after the colon, as Pelican and MultiMarkdown write it: `https://x` is no key.
_LINE = re.compile(
    r"(?P<key>[A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+){0,2}):(?:[ \t]+(?P<value>.*))?"
)
_MAX_LINES = 64
"""A header longer than this is a page of prose that happens to hold colons."""


def split_header(text: str) -> tuple[dict[str, Any], str, str] | None:
    """The header's keys, its raw text and the body after it; None when there is no header."""
    first = _LINE.fullmatch(text[: text.find("\n")] if "\n" in text else text)
    if first is None or first["key"].lower() not in KNOWN_KEYS:
        return None
    if not (first["value"] or "").strip():
        return None
    data: dict[str, Any] = {}
    key = ""
    end = 0
    for count, line in enumerate(text.split("\n")):
        if not line.strip():
            break
        if count >= _MAX_LINES:
            return None
        if line[0] in " \t" and key:
            data[key] = f"{data[key]} {line.strip()}".strip()
        else:
            found = _LINE.fullmatch(line)
            if found is None:
                return None
            key = found["key"]
            data[key] = (found["value"] or "").strip()  # the last of a repeated key wins
        end += len(line) + 1
    block = text[:end]
    return data, block, text[end:].lstrip("\n")
