"""How posts look on the command line: JSON objects and plain-text rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def listed_json(row: PostSummary, bookmarked: frozenset[str]) -> dict[str, Any]:
    """A post as `reader list --json` gives it: `post_json` and its facets."""
    return {
        **post_json(row, bookmarked),
        "section": row.section,
        "draft": row.draft,
        "summary": row.summary,
    }


def post_line(row: PostSummary, bookmarked: frozenset[str]) -> str:
    """One tab-separated line: date, mark, id, title — easy to cut and grep."""
    mark = "*" if row.id in bookmarked else " "
    return f"{display_date(row.date)}\t{mark}\t{row.id}\t{row.title}"


def facets_json(
    groups: Mapping[str, Sequence[tuple[str, int]]], titles: Mapping[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Every facet group as a list of {value, count}; a section also has its
    page's title (or null), and a year's value is a number."""
    out: dict[str, list[dict[str, Any]]] = {}
    for group, counts in groups.items():
        items: list[dict[str, Any]] = []
        for value, count in counts:
            item: dict[str, Any] = {"value": int(value) if group == "years" else value}
            if group == "sections":
                item["title"] = titles.get(value)
            item["count"] = count
            items.append(item)
        out[group] = items
    return out
