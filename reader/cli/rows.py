"""How posts look on the command line: JSON objects and plain-text rows."""

from __future__ import annotations

from typing import Any

from reader.model import PostSummary, display_date, iso


def post_json(row: PostSummary, bookmarked: frozenset[str]) -> dict[str, Any]:
    """The JSON object of docs/design.md §4 for one post."""
    return {
        "id": row.id,
        "title": row.title,
        "date": iso(row.date),
        "updated": iso(row.updated),
        "authors": list(row.authors),
        "tags": list(row.tags),
        "path": row.path,
        "bookmarked": row.id in bookmarked,
    }


def post_line(row: PostSummary, bookmarked: frozenset[str]) -> str:
    """One tab-separated line: date, mark, id, title — easy to cut and grep."""
    mark = "*" if row.id in bookmarked else " "
    return f"{display_date(row.date)}\t{mark}\t{row.id}\t{row.title}"
