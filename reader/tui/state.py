"""Small pure helpers behind the main screen's state (no widgets here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.catalog import Filter, Selection, SortOrder

SORT_LABELS: dict[SortOrder, str] = {
    "date": "newest first",
    "title": "by title",
    "relevance": "by relevance",
}


def tag_rows(
    all_tags: Sequence[tuple[str, int]], selection: Selection
) -> tuple[tuple[str, int], ...]:
    """Every tag of the store with its count in the selection, by count then name.

    Tags with no post in the selection stay listed (with 0) so that OR mode
    and exclusions can still reach them.
    """
    counts = dict(selection.tag_counts)
    for tag, _count in all_tags:
        counts.setdefault(tag, 0)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def next_sort(wanted: Filter) -> Filter:
    """Date → title → relevance (only while searching) → date."""
    order: list[SortOrder] = ["date", "title"]
    if wanted.query.strip():
        order.append("relevance")
    position = order.index(wanted.sort) if wanted.sort in order else -1
    return replace(wanted, sort=order[(position + 1) % len(order)])


def with_query(wanted: Filter, query: str) -> Filter:
    """The filter with new search text; a search sorts by relevance until cleared."""
    searching = bool(query.strip())
    sort = wanted.sort
    if searching and not wanted.query.strip() and sort == "date":
        sort = "relevance"
    elif not searching and sort == "relevance":
        sort = "date"
    return replace(wanted, query=query, sort=sort)


def counts_line(selection: Selection) -> str:
    """The header's subtitle: how many posts are shown of how many."""
    noun = "post" if selection.total == 1 else "posts"
    return f"{len(selection.rows):,} of {selection.total:,} {noun}"
