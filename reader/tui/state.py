"""Small pure helpers behind the main screen's state (no widgets here)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reader.catalog import Filter, Selection, SortOrder

SORT_LABELS: dict[SortOrder, str] = {
    "date": "newest first",
    "oldest": "oldest first",
    "title": "by title",
    "relevance": "by relevance",
}


def tag_rows(
    all_tags: Sequence[tuple[str, int]], selection: Selection
) -> tuple[tuple[str, int], ...]:
    """Every tag of the store with its count in the selection.

    The order is the store's (most used first, then by name) whatever the
    filter: choosing a tag changes the counts in place, so the row under the
    cursor stays under it. Tags with no post in the selection stay listed
    (with 0, drawn dimmed) so that OR mode and exclusions can still reach them.
    """
    counts = dict(selection.tag_counts)
    store = dict(all_tags)
    for tag in counts:
        store.setdefault(tag, 0)  # A tag the store list has not caught up with.
    order = sorted(store.items(), key=lambda item: (-item[1], item[0]))
    return tuple((tag, counts.get(tag, 0)) for tag, _total in order)


def next_sort(wanted: Filter) -> Filter:
    """Newest → oldest → title → relevance (only while searching) → newest."""
    order: list[SortOrder] = ["date", "oldest", "title"]
    if wanted.query.strip():
        order.append("relevance")
    position = order.index(wanted.sort) if wanted.sort in order else -1
    return replace(wanted, sort=order[(position + 1) % len(order)])


def with_query(wanted: Filter, query: str) -> Filter:
    """The filter with new search text.

    A new search starts by relevance, whatever the list was sorted by;
    clearing it goes back to newest first. In between, `s` decides.
    """
    searching, was_searching = bool(query.strip()), bool(wanted.query.strip())
    sort = wanted.sort
    if searching and not was_searching:
        sort = "relevance"
    elif not searching and (was_searching or sort == "relevance"):
        sort = "date"
    return replace(wanted, query=query, sort=sort)


def counts_line(selection: Selection) -> str:
    """The header's subtitle: how many posts are shown of how many."""
    noun = "post" if selection.total == 1 else "posts"
    return f"{len(selection.rows):,} of {selection.total:,} {noun}"
