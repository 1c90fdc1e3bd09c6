"""A whole selection as `reader list` prints it, written by SQLite a page at a time.

`reader list` at 100k posts must answer in a fraction of one `grep` over the
store, so no `PostSummary` is built. A line (what `reader.cli.rows.post_line`
writes) is three columns joined by one f-string; a JSON object (`listed_json`,
indented as `print_json` indents it inside the list) is written by SQLite from
the index's columns. Every post of the store, newest first, is one scan of
the date index; any other selection is read by its rowids.

Stored dates are ISO 8601 (`reader.model.iso`), and SQLite's json_quote
escapes exactly as `json.dumps(ensure_ascii=False)` does. One printf per
post: a chain of `||` would copy the growing text at each step.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    from reader.index.facade import IndexCatalog

Form = Literal["lines", "json", "json-bytes"]
"""Plain lines (text); JSON objects as text; the same as UTF-8 bytes."""

_PAGE = 2000

_MARKED = "p.id IN (SELECT value FROM json_each(?2))"
"""Whether a post is bookmarked, `?2` being a JSON array of the bookmarked ids;
with no bookmark at all, `0` (and no `?2`)."""

_JSON_FORMAT = (
    '  {\n    "id": %s,\n    "title": %s,\n    "date": %s,\n    "updated": %s,'
    '\n    "authors": %s,\n    "tags": %s,\n    "path": %s,\n    "bookmarked": %s,'
    '\n    "section": %s,\n    "draft": %s,\n    "summary": %s\n  }'
)


_LINE_COLUMNS = "p.date, p.id, p.title"
"""What `post_line` shows of a post; Python joins them (cheaper than SQLite's printf)."""


def _lines(rows: list[Any], bookmarked: frozenset[str]) -> list[str]:
    """`post_line` of each (date, id, title): date, mark, id, title, tab-separated."""
    return [
        f"{date[:10] if date else '—'}\t{'*' if post_id in bookmarked else ' '}\t{post_id}\t{title}"
        for date, post_id, title in rows
    ]


def _json_list(column: str) -> str:
    """A `SEPARATOR`-joined column as the indented JSON list `print_json` writes."""
    items = f"replace(json_quote({column}), '\\u001f', '\",\n      \"')"
    return f"CASE WHEN {column} = '' THEN '[]' ELSE printf('[\n      %s\n    ]', {items}) END"


def _json_sql(any_marked: bool) -> str:
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


@overload
def listing_pages(
    catalog: IndexCatalog,
    rowids: Sequence[int] | None,
    bookmarked: frozenset[str],
    form: Literal["lines", "json"],
) -> Iterator[list[str]]: ...


@overload
def listing_pages(
    catalog: IndexCatalog,
    rowids: Sequence[int] | None,
    bookmarked: frozenset[str],
    form: Literal["json-bytes"],
) -> Iterator[list[bytes]]: ...


def listing_pages(
    catalog: IndexCatalog,
    rowids: Sequence[int] | None,
    bookmarked: frozenset[str],
    form: Form,
) -> Iterator[list[Any]]:
    """The posts' lines or JSON objects, a page at a time, in the order of
    `rowids` (None: every post, newest first).

    A post deleted meanwhile is left out. The first page goes out as soon
    as it is read, and a 100k-post list costs its pages, not 100k objects.
    """
    lines = form == "lines"
    marks: tuple[str, ...] = ()
    if lines:
        select = _LINE_COLUMNS
    else:
        select = _json_sql(bool(bookmarked))
        if form == "json-bytes":
            # JSON goes out as SQLite's UTF-8 bytes, never decoded and encoded again.
            select = f"CAST({select} AS BLOB)"
        marks = (json.dumps(sorted(bookmarked)),) if bookmarked else ()
    for page in _pages(catalog, rowids, select, marks):
        yield _lines(page, bookmarked) if lines else [row[0] for row in page]


def _pages(
    catalog: IndexCatalog, rowids: Sequence[int] | None, select: str, marks: tuple[str, ...]
) -> Iterator[list[Any]]:
    """Rows of `SELECT {select} FROM posts p` in pages, in the order of `rowids`
    (None: every post, newest first)."""
    if rowids is None:
        yield from _everything(catalog, select, marks)
        return
    sql = (
        f"SELECT {select} FROM json_each(?1) AS j JOIN posts AS p ON p.rowid = j.value"
        " ORDER BY j.key"
    )
    for start in range(0, len(rowids), _PAGE):
        page = json.dumps(list(rowids[start : start + _PAGE]))
        yield catalog.query(sql, (page, *marks))


def _everything(catalog: IndexCatalog, select: str, marks: tuple[str, ...]) -> Iterator[list[Any]]:
    """Every post, newest first (`IndexQueries` orders them so too), in pages
    read along the date index: no list of rowids, no lookup by rowid."""
    sql = f"SELECT {select} FROM posts p ORDER BY p.date_key DESC, p.id DESC"
    # `?2` is the marks, as in the query by rowids; `?1` is unused here.
    params = ("[]", *marks) if marks else ()
    yield from catalog.query_pages(sql, params, _PAGE)
