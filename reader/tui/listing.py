"""What the post list shows for a selection, worked out in a thread worker.

A selection of 100k posts may be a list of rowids whose summaries are read
only when a row is drawn (the catalog's `Rows` say which are loaded). So the
work that would touch many rows (finding where the cursor's post went,
reading the first screen of rows, putting bookmarks in the order they were
saved) happens here, off the UI loop, and the list receives a `Listing` it
can draw at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable

from reader.catalog import NO_ROWS, Catalog, FacetCounts, Filter, ListRows, Rows, Selection
from reader.model import PostSummary
from reader.tui.summary import FacetGroup, facet_rows
from reader.userdata.bookmarks import Bookmark

SIDE_GROUPS = ("sections", "authors", "years")
"""The facet groups shown besides tags (whose rows come with every answer)."""


@runtime_checkable
class FacetStore(Protocol):
    """A catalog that also knows its store's facet values (both catalogs do)."""

    def all_facets(self) -> Mapping[str, FacetCounts]: ...

    def section_titles(self) -> Mapping[str, str]: ...


EMPTY_SELECTION = Selection(rows=NO_ROWS, tag_counts=(), total=0, bookmarked_total=0)


@dataclass(frozen=True, slots=True)
class Listing:
    """A selection as the post list draws it."""

    selection: Selection = EMPTY_SELECTION
    cursor: int = 0
    """Where the cursor goes: on the post it was on, when that post is still listed."""
    missing: frozenset[str] = frozenset()
    """Bookmarked posts that are no longer in the store (listed with their saved title)."""
    saved_order: bool = False
    """The rows are bookmarks in the order they were saved, newest first."""
    loaded: bool = False
    """False until the store has been opened (the empty list then says why)."""
    status: str = ""
    """What the list says while it has no rows (`Indexing 4,210 of 100,000 posts…`)."""
    notes: Mapping[str, str] = field(default_factory=dict)
    """The bookmarks' notes by post id, shown after the titles in the Bookmarks list."""
    groups: tuple[FacetGroup, ...] = ()
    """The sidebar's groups besides tags; counted only when open."""


def position_of(rows: Rows, post_id: str | None) -> int | None:
    """Index of `post_id` in `rows`, or None."""
    if post_id is None or not rows:
        return None
    return rows.index_of(post_id)


def is_bookmark_view(wanted: Filter) -> bool:
    """The sidebar's Bookmarks entry, sorted by date: listed by the date saved."""
    return wanted.bookmarked_only and wanted.sort == "date"


def bookmark_rows(
    selection: Selection, wanted: Filter, bookmarks: Sequence[Bookmark]
) -> tuple[Selection, frozenset[str]]:
    """The bookmarked rows in the order they were saved, newest first.

    With no other filter, bookmarks whose post has gone are listed too (with
    the title saved in the bookmark), so the user can see and remove them.
    """
    present = {row.id: row for row in selection.rows}  # only bookmarked posts: few
    chosen = any(a or b for a, b in wanted.facet_choices().values())
    plain = not (wanted.query.strip() or chosen)
    rows: list[PostSummary] = []
    missing: set[str] = set()
    for mark in bookmarks:
        row = present.pop(mark.post_id, None)
        if row is not None:
            rows.append(row)
        elif plain:
            rows.append(PostSummary(id=mark.post_id, path="", title=mark.title))
            missing.add(mark.post_id)
    rows.extend(present.values())  # bookmarked since the list of bookmarks was read
    return replace(selection, rows=ListRows(rows)), frozenset(missing)


def make_listing(
    selection: Selection,
    wanted: Filter,
    bookmarks: Sequence[Bookmark],
    keep: str | None,
) -> Listing:
    """The listing for a new selection, keeping the cursor on `keep` if it is listed."""
    missing: frozenset[str] = frozenset()
    saved_order = is_bookmark_view(wanted)
    if saved_order:
        selection, missing = bookmark_rows(selection, wanted, bookmarks)
    cursor = position_of(selection.rows, keep) or 0
    if selection.rows:
        # Read the rows around the cursor now, so drawing them costs nothing.
        selection.rows.load_around(cursor)
    notes = {mark.post_id: mark.note for mark in bookmarks if mark.note} if saved_order else {}
    return Listing(selection, cursor, missing, saved_order, loaded=True, notes=notes)


def with_groups(listing: Listing, catalog: Catalog, open_groups: frozenset[str]) -> Listing:
    """The listing with the sidebar's other groups; only open ones are counted.

    Blocks: a group's counts are read here, in the worker, never on the UI
    loop. The store's values (for the order) are cached by the index.
    """
    if not isinstance(catalog, FacetStore):
        return listing
    store = catalog.all_facets()
    groups: list[FacetGroup] = []
    for group in SIDE_GROUPS:
        values = store.get(group, ())
        if len(values) < 2:
            continue  # One value or none says nothing: the group is hidden.
        counted = group in open_groups
        counts = listing.selection.facets.get(group, ()) if counted else None
        labels = catalog.section_titles() if group == "sections" else {}
        groups.append(FacetGroup(group, facet_rows(values, counts), counted, labels))
    return replace(listing, groups=tuple(groups))
