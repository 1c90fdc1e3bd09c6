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


# The same lines and objects, written by SQLite from the index's columns, so
# that `reader list` costs no Python work per post. `?2` is a JSON array of
# the bookmarked ids. Stored dates are ISO 8601 (`iso`), and SQLite's
# json_quote escapes exactly as `json.dumps(ensure_ascii=False)` does. One
# printf per post: a chain of `||` would copy the growing text at each step.
_MARKED = "p.id IN (SELECT value FROM json_each(?2))"
"""Whether a post is bookmarked; with no bookmark at all, `0` (and no `?2`)."""


def line_sql(any_marked: bool) -> str:
    """`post_line` of each post."""
    marked = _MARKED if any_marked else "0"
    return (
        "printf('%s\t%s\t%s\t%s', coalesce(substr(nullif(p.date, ''), 1, 10), '—'),"
        f" CASE WHEN {marked} THEN '*' ELSE ' ' END, p.id, p.title)"
    )


def _json_list(column: str) -> str:
    """A `SEPARATOR`-joined column as the indented JSON list `print_json` writes."""
    items = f"replace(json_quote({column}), '\\u001f', '\",\n      \"')"
    return f"CASE WHEN {column} = '' THEN '[]' ELSE printf('[\n      %s\n    ]', {items}) END"


_JSON_FORMAT = (
    '  {\n    "id": %s,\n    "title": %s,\n    "date": %s,\n    "updated": %s,'
    '\n    "authors": %s,\n    "tags": %s,\n    "path": %s,\n    "bookmarked": %s,'
    '\n    "section": %s,\n    "draft": %s,\n    "summary": %s\n  }'
)


def json_sql(any_marked: bool) -> str:
    """`listed_json` of each post, as `print_json` indents it inside the list."""
    marked = _MARKED if any_marked else "0"
    return (
        f"printf('{_JSON_FORMAT}', json_quote(p.id), json_quote(p.title),"
        " json_quote(nullif(p.date, '')), json_quote(nullif(p.updated, '')),"
        f" {_json_list('p.authors')}, {_json_list('p.tags')}, json_quote(p.path),"
        f" CASE WHEN {marked} THEN 'true' ELSE 'false' END,"
        " json_quote(p.section), CASE WHEN p.draft THEN 'true' ELSE 'false' END,"
        " json_quote(p.summary))"
    )


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
