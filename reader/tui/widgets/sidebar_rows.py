"""The sidebar's rows worked out from what the screen sends down (no drawing here).

"All posts" and "Bookmarks" come first, then the saved searches, then the
facet groups: Tags, Sections, Authors, Years. A group with one value or none
is left out; when more than one group is shown each gets a heading row that
folds it open and shut, and a folded group's values are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reader.catalog import Filter
from reader.tui.summary import GROUP_TITLES, FacetGroup
from reader.userdata.searches import SavedSearch

ALL_POSTS = "All posts"
BOOKMARKS = "Bookmarks"
SAVED_HEADING = "Saved searches"
OPEN_MARK = "▾"
SHUT_MARK = "▸"

RowKind = Literal["all", "bookmarks", "heading", "saved", "group", "value"]


@dataclass(frozen=True, slots=True)
class Row:
    kind: RowKind
    name: str
    count: int | None = 0
    """None: not counted (the group was folded when the answer came)."""
    query: str = ""
    group: str = ""
    """The facet group of a `group` or `value` row."""
    label: str = ""
    """What to show instead of `name` (a section's page title); empty: the name."""

    @property
    def shown(self) -> str:
        return self.label or self.name


@dataclass(frozen=True, slots=True)
class SidebarData:
    """Everything the sidebar shows, sent down by the screen in one piece."""

    wanted: Filter = field(default_factory=Filter)
    tags: tuple[tuple[str, int], ...] = ()
    """Every tag of the store with its count under the current filter and search,
    in the store's order (most used first), whatever the counts."""
    total: int = 0
    bookmarked_total: int = 0
    saved: tuple[SavedSearch, ...] = ()
    groups: tuple[FacetGroup, ...] = ()
    """The groups besides tags, in the store's order, as the last answer counted them."""


def shown_groups(data: SidebarData) -> list[FacetGroup]:
    """The groups worth showing: more than one value in the store."""
    groups = [FacetGroup("tags", data.tags), *data.groups]
    return [group for group in groups if len(group.values) > 1]


def sidebar_rows(data: SidebarData, open_groups: frozenset[str]) -> list[Row]:
    """Every row of the sidebar, folded groups showing their heading only."""
    rows = [Row("all", ALL_POSTS, data.total), Row("bookmarks", BOOKMARKS, data.bookmarked_total)]
    groups = shown_groups(data)
    if data.saved:
        rows.append(Row("heading", SAVED_HEADING))
        rows.extend(Row("saved", saved.name, query=saved.query) for saved in data.saved)
    foldable = len(groups) > 1
    for group in groups:
        is_open = not foldable or group.group in open_groups
        if foldable:
            title = GROUP_TITLES[group.group]
            rows.append(Row("group", title, len(group.values), group=group.group))
        elif data.saved:
            rows.append(Row("heading", GROUP_TITLES[group.group]))
        if is_open:
            rows.extend(
                Row(
                    "value",
                    value,
                    count if group.counted else None,
                    group=group.group,
                    label=group.labels.get(value, ""),
                )
                for value, count in group.values
            )
    return rows
