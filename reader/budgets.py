"""Size budgets for everything read from outside: one place, so every reader agrees.

A store and a scrape are written by strangers. Past these sizes an input is
not a blog post but a mistake or an attack, and reading it whole would stall
the reader or exhaust memory; each is refused (or cut) with a one-line
message naming the file.
"""

from __future__ import annotations

MAX_POST_BYTES = 32 * 1024 * 1024
"""A post file larger than this is skipped."""

MAX_FRONT_MATTER_CHARS = 256 * 1024
"""Front matter longer than this is ignored; the post loads without it."""

MAX_TITLE_CHARS = 1000
"""A longer title is cut to this many characters, the last one `…`."""

MAX_USER_FILE_BYTES = 16 * 1024 * 1024
"""config.toml, bookmarks.toml or searches.toml larger than this is not the user's."""

MAX_SCRAPE_BYTES = 64 * 1024 * 1024
"""A scrape file for `reader import` larger than this is refused."""

ELLIPSIS = "…"


def megabytes(size: int) -> str:
    """`32 MB`: how a byte budget is named in messages."""
    return f"{size // (1024 * 1024)} MB"


def cut(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else its start and `…` (`limit` in all)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS
