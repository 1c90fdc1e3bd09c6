"""A saved search as the whole view: the filter on screen to and from what searches.toml keeps.

Pure functions, no widgets: the main screen saves `view_of(wanted)` under a
name and shows `filter_of(saved)` when the user chooses it again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

from reader.catalog import Filter, SortOrder, TagMode
from reader.tui.session import has_facets
from reader.tui.summary import choice_line
from reader.userdata.searches import SavedSearch, SearchView


def implied_sort(query: str) -> SortOrder:
    """The order a view takes when nothing else was chosen: relevance while searching."""
    return "relevance" if query.strip() else "date"


def view_of(wanted: Filter) -> SearchView:
    """Everything of `wanted` besides its text, the order only when it was chosen."""
    sort = "" if wanted.sort == implied_sort(wanted.query) else wanted.sort
    return SearchView(
        tags=wanted.tags,
        exclude_tags=wanted.exclude_tags,
        tag_mode=wanted.tag_mode,
        bookmarked_only=wanted.bookmarked_only,
        sort=sort,
        sections=wanted.sections,
        exclude_sections=wanted.exclude_sections,
        authors=wanted.authors,
        exclude_authors=wanted.exclude_authors,
        years=wanted.years,
        exclude_years=wanted.exclude_years,
    )


def filter_of(saved: SavedSearch) -> Filter:
    """The whole view a saved search stands for (it replaces what is on screen)."""
    view = saved.view
    sorts: tuple[SortOrder, ...] = get_args(SortOrder)
    modes: tuple[TagMode, ...] = get_args(TagMode)
    sort = next((s for s in sorts if s == view.sort), implied_sort(saved.query))
    mode: TagMode = next((m for m in modes if m == view.tag_mode), "and")
    return Filter(
        query=saved.query,
        tags=view.tags,
        exclude_tags=view.exclude_tags,
        tag_mode=mode,
        bookmarked_only=view.bookmarked_only,
        sort=sort,
        sections=view.sections,
        exclude_sections=view.exclude_sections,
        authors=view.authors,
        exclude_authors=view.exclude_authors,
        years=view.years,
        exclude_years=view.exclude_years,
    )


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
