"""What the sidebar's counts and the header's subtitle say of a selection (no widgets here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reader.catalog import FacetCounts, Filter, Selection

GROUP_TITLES: dict[str, str] = {
    "tags": "Tags",
    "sections": "Sections",
    "authors": "Authors",
    "years": "Years",
}
CHOICE_NAMES: dict[str, str] = {
    "tags": "tag",
    "sections": "section",
    "authors": "author",
    "years": "year",
}


@dataclass(frozen=True, slots=True)
class FacetGroup:
    """One sidebar group: every value of the store, in the store's order, with its count."""

    group: str
    values: tuple[tuple[str, int], ...] = ()
    """Counts under the current filter when `counted`, else the store's totals."""
    counted: bool = True
    """False while the group is folded: its counts were not read."""
    labels: Mapping[str, str] = field(default_factory=dict)
    """What to show for a value instead of itself (a section's page title)."""


def facet_rows(store: FacetCounts, counts: FacetCounts | None) -> tuple[tuple[str, int], ...]:
    """Every value of `store` with its count in `counts` (None: the store's own).

    The store's order whatever the filter, so the row under the cursor stays
    under it; values with no post in the selection stay listed (with 0, drawn
    dimmed) so that OR mode and exclusions can still reach them. A value the
    store list has not caught up with comes last.
    """
    if counts is None:
        return tuple(store)
    found = dict(counts)
    known = dict(store)
    rows = [(value, found.get(value, 0)) for value, _total in store]
    rows.extend((value, count) for value, count in counts if value not in known)
    return tuple(rows)


def choice_line(wanted: Filter) -> str:
    """What the sidebar has chosen, in the search language: `+tag:go −year:2020`."""
    parts: list[str] = []
    for group, (chosen, excluded) in wanted.facet_choices().items():
        name = CHOICE_NAMES[group]
        parts.extend(f"+{name}:{_quoted(value)}" for value in chosen)
        parts.extend(f"−{name}:{_quoted(value)}" for value in excluded)
    return " ".join(parts)


def _quoted(value: str) -> str:
    return f'"{value}"' if " " in value else value


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
