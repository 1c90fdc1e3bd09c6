"""A saved search as the whole view: the filter on screen to and from what searches.toml keeps.

Pure functions, no widgets: the main screen saves `view_of(wanted)` under a
name and shows `filter_of(saved)` when the user chooses it again.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import get_args

from reader.catalog import Filter, SortOrder, TagMode
from reader.tui.session import has_facets
from reader.tui.summary import choice_line
from reader.userdata.searches import SavedSearch, SearchView


def implied_sort(query: str) -> SortOrder:
    """The order a view takes when nothing else was chosen: relevance while searching."""
    return "relevance" if query.strip() else "date"


_CHOICES = tuple(field.name for field in fields(SearchView) if field.name != "sort")
"""What a saved view keeps as the filter has it: the facet choices, AND/OR, the scope.
(The order is kept only when it was chosen; the mode is checked when read back.)"""


def view_of(wanted: Filter) -> SearchView:
    """Everything of `wanted` besides its text, the order only when it was chosen."""
    sort = "" if wanted.sort == implied_sort(wanted.query) else wanted.sort
    return SearchView(sort=sort, **{name: getattr(wanted, name) for name in _CHOICES})


def filter_of(saved: SavedSearch) -> Filter:
    """The whole view a saved search stands for (it replaces what is on screen)."""
    view = saved.view
    sorts: tuple[SortOrder, ...] = get_args(SortOrder)
    modes: tuple[TagMode, ...] = get_args(TagMode)
    sort = next((s for s in sorts if s == view.sort), implied_sort(saved.query))
    mode: TagMode = next((m for m in modes if m == view.tag_mode), "and")
    chosen = {name: getattr(view, name) for name in _CHOICES}
    return Filter(query=saved.query, sort=sort, **{**chosen, "tag_mode": mode})


def is_empty_view(wanted: Filter) -> bool:
    """Nothing chosen: no search, no facet value, not the bookmarks (nothing worth a name)."""
    return not (wanted.query.strip() or has_facets(wanted) or wanted.bookmarked_only)


def describe(wanted: Filter) -> str:
    """A short line for the view: `"social change" · +funding · −politics · OR · bookmarks`."""
    parts: list[str] = []
    if wanted.query.strip():
        parts.append(wanted.query.strip())
    parts.extend(f"+{tag}" for tag in wanted.tags)
    parts.extend(f"−{tag}" for tag in wanted.exclude_tags)
    others = choice_line(replace(wanted, tags=(), exclude_tags=()))
    if others:
        parts.append(others)
    if len(wanted.tags) > 1 and wanted.tag_mode == "or":
        parts.append("OR")
    if wanted.bookmarked_only:
        parts.append("bookmarks")
    if wanted.sort != implied_sort(wanted.query):
        parts.append(f"by {wanted.sort}")
    return " · ".join(parts) or "all posts"
