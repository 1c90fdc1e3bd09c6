"""What the sidebar's counts and the header's subtitle say of a selection (no widgets here)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.catalog import Selection


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


def counts_line(selection: Selection) -> str:
    """The header's subtitle: how many posts are shown of how many."""
    noun = "post" if selection.total == 1 else "posts"
    return f"{len(selection.rows):,} of {selection.total:,} {noun}"
