"""The view's state in one plain object: what the user asked to see, and what waits.

`Session` holds the filter (the search, the sidebar's choice, AND/OR, the
order), the user's marks and bookmarks, the post a jump should land on and
the reading position waiting to be saved. Every change the keys, the
sidebar and the palette make is a method here that returns a new session,
so the rules (a new search sorts by relevance, Enter on a tag drops the
Bookmarks scope, ...) are tested without a screen. `query` answers the
session from a catalog; it blocks, so the screen calls it from a worker.
No widgets here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reader.catalog import FACET_GROUPS, Catalog, Filter, Marks, SortOrder, TagMode
from reader.tui.listing import Listing, is_bookmark_view, make_listing, with_groups
from reader.userdata.bookmarks import Bookmark

SORT_LABELS: dict[SortOrder, str] = {
    "date": "newest first",
    "oldest": "oldest first",
    "title": "by title",
    "relevance": "by relevance",
}


def without(tags: tuple[str, ...], tag: str) -> tuple[str, ...]:
    return tuple(t for t in tags if t != tag)


def toggled(tags: tuple[str, ...], tag: str) -> tuple[str, ...]:
    """`tags` with `tag` taken out, or added at the end when it was not there."""
    return without(tags, tag) if tag in tags else (*tags, tag)


# --- changes of the filter (pure: the sidebar uses them for its own marks too) ---


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


def next_sort(wanted: Filter) -> Filter:
    """Newest → oldest → title → relevance (only while searching) → newest."""
    order: list[SortOrder] = ["date", "oldest", "title"]
    if wanted.query.strip():
        order.append("relevance")
    position = order.index(wanted.sort) if wanted.sort in order else -1
    return replace(wanted, sort=order[(position + 1) % len(order)])


def toggle_mode(wanted: Filter) -> Filter:
    """AND ↔ OR."""
    mode: TagMode = "or" if wanted.tag_mode == "and" else "and"
    return replace(wanted, tag_mode=mode)


def choices(wanted: Filter, group: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(chosen, excluded) values of one facet group, years as text."""
    return wanted.facet_choices()[group]


def with_choices(
    wanted: Filter, group: str, chosen: tuple[str, ...], excluded: tuple[str, ...]
) -> Filter:
    """`wanted` with one facet group's chosen and excluded values replaced."""
    if group == "tags":
        return replace(wanted, tags=chosen, exclude_tags=excluded)
    if group == "sections":
        return replace(wanted, sections=chosen, exclude_sections=excluded)
    if group == "authors":
        return replace(wanted, authors=chosen, exclude_authors=excluded)
    if group == "years":
        years = tuple(int(year) for year in chosen if year.isdigit())
        out = tuple(int(year) for year in excluded if year.isdigit())
        return replace(wanted, years=years, exclude_years=out)
    raise KeyError(group)


def clear_facets(wanted: Filter) -> Filter:
    """No value of any facet group chosen or excluded."""
    for group in FACET_GROUPS:
        wanted = with_choices(wanted, group, (), ())
    return wanted


def has_facets(wanted: Filter) -> bool:
    """Whether any facet group has a value chosen or excluded."""
    return any(chosen or excluded for chosen, excluded in wanted.facet_choices().values())


def choose_all(wanted: Filter) -> Filter:
    """ "All posts": no facet value chosen or excluded, no Bookmarks scope."""
    return replace(clear_facets(wanted), bookmarked_only=False)


def toggle_bookmarks(wanted: Filter) -> Filter:
    """ "Bookmarks": only the bookmarked posts, or all of them again."""
    return replace(wanted, bookmarked_only=not wanted.bookmarked_only)


def choose_value(wanted: Filter, group: str, value: str) -> Filter:
    """Enter: only this value; every other choice, exclusion and the Bookmarks scope go."""
    return with_choices(choose_all(wanted), group, (value,), ())


def add_value(wanted: Filter, group: str, value: str) -> Filter:
    """Space: add the value to the group's chosen ones, or take it out (it stops being excluded)."""
    chosen, excluded = choices(wanted, group)
    return with_choices(wanted, group, toggled(chosen, value), without(excluded, value))


def exclude_value(wanted: Filter, group: str, value: str) -> Filter:
    """x: hide the posts with this value, or stop hiding them (it stops being chosen)."""
    chosen, excluded = choices(wanted, group)
    return with_choices(wanted, group, without(chosen, value), toggled(excluded, value))


def choose_tag(wanted: Filter, tag: str) -> Filter:
    """Only this tag: the other choices, the exclusions and the Bookmarks scope go."""
    return choose_value(wanted, "tags", tag)


def add_tag(wanted: Filter, tag: str) -> Filter:
    """Space on a tag: see `add_value`."""
    return add_value(wanted, "tags", tag)


def exclude_tag(wanted: Filter, tag: str) -> Filter:
    """x on a tag: see `exclude_value`."""
    return exclude_value(wanted, "tags", tag)


def sidebar_part(wanted: Filter) -> tuple[object, ...]:
    """What the sidebar says of a filter; the search box and the keys say the rest."""
    return (tuple(wanted.facet_choices().items()), wanted.bookmarked_only)


DEFAULT_OPEN: frozenset[str] = frozenset({"tags"})
"""Groups open when the app starts: tags only. A folded group's counts are not
read, which keeps a change at 100k posts within its budget until the user
opens sections, authors or years (each adds a few milliseconds a change)."""


@dataclass(frozen=True, slots=True)
class Session:
    """Everything the main screen's view depends on, as one value."""

    wanted: Filter = field(default_factory=Filter)
    marks: Marks = field(default_factory=Marks)
    bookmarks: tuple[Bookmark, ...] = ()
    """This store's bookmarks, newest saved first (the Bookmarks list's order)."""
    pending_jump: str | None = None
    """A post the next listing puts the cursor on (a jump that cleared the filter)."""
    pending_scroll: tuple[str, int] | None = None
    """A reading position (post id, place) not saved yet."""
    open_groups: frozenset[str] = DEFAULT_OPEN
    """The sidebar's facet groups shown open: only theirs are counted."""

    # --- the filter ---------------------------------------------------------------

    def with_filter(self, wanted: Filter) -> Session:
        return replace(self, wanted=wanted)

    def with_query(self, query: str) -> Session:
        return replace(self, wanted=with_query(self.wanted, query))

    def with_sidebar(self, chosen: Filter) -> Session:
        """Take the sidebar's part of `chosen`; the search may have moved on since."""
        wanted = replace(self.wanted, bookmarked_only=chosen.bookmarked_only)
        for group, (values, excluded) in chosen.facet_choices().items():
            wanted = with_choices(wanted, group, values, excluded)
        return replace(self, wanted=wanted)

    def choose_value(self, group: str, value: str) -> Session:
        return replace(self, wanted=choose_value(self.wanted, group, value))

    def add_value(self, group: str, value: str) -> Session:
        return replace(self, wanted=add_value(self.wanted, group, value))

    def exclude_value(self, group: str, value: str) -> Session:
        return replace(self, wanted=exclude_value(self.wanted, group, value))

    def with_open(self, group: str, is_open: bool) -> Session:
        """A facet group folded open or shut."""
        groups = self.open_groups | {group} if is_open else self.open_groups - {group}
        return replace(self, open_groups=groups)

    def choose_tag(self, tag: str) -> Session:
        return replace(self, wanted=choose_tag(self.wanted, tag))

    def add_tag(self, tag: str) -> Session:
        return replace(self, wanted=add_tag(self.wanted, tag))

    def exclude_tag(self, tag: str) -> Session:
        return replace(self, wanted=exclude_tag(self.wanted, tag))

    def choose_all(self) -> Session:
        return replace(self, wanted=choose_all(self.wanted))

    def toggle_bookmarks(self) -> Session:
        return replace(self, wanted=toggle_bookmarks(self.wanted))

    def toggle_mode(self) -> Session:
        return replace(self, wanted=toggle_mode(self.wanted))

    def next_sort(self) -> Session:
        return replace(self, wanted=next_sort(self.wanted))

    def jump_to(self, post_id: str) -> Session:
        """Show everything (keeping AND/OR) and land on `post_id` when it is listed."""
        return replace(self, wanted=Filter(tag_mode=self.wanted.tag_mode), pending_jump=post_id)

    @property
    def sort_label(self) -> str:
        """The post list's title: how the rows are ordered."""
        if is_bookmark_view(self.wanted):
            return "by date saved"
        return SORT_LABELS[self.wanted.sort]

    # --- the user's data ------------------------------------------------------------

    def with_user(self, marks: Marks, bookmarks: tuple[Bookmark, ...]) -> Session:
        """The marks and bookmarks as just read; posts read meanwhile stay read."""
        merged = replace(marks, read=marks.read | self.marks.read)
        return replace(self, marks=merged, bookmarks=bookmarks)

    def mark_read(self, post_id: str) -> Session:
        return replace(self, marks=replace(self.marks, read=self.marks.read | {post_id}))

    def note_scroll(self, post_id: str, place: int) -> Session:
        return replace(self, pending_scroll=(post_id, place))

    def take_scroll(self) -> tuple[Session, tuple[str, int] | None]:
        """The position waiting to be saved, and the session without it."""
        return replace(self, pending_scroll=None), self.pending_scroll

    def needs_query(self, old: Session) -> bool:
        """Whether going from `old` to this session changes what is listed."""
        if old.wanted != self.wanted or old.marks.bookmarked != self.marks.bookmarked:
            return True
        if self.open_groups - old.open_groups:
            return True  # A group opened: its counts are read with the next answer.
        # Read marks only restyle rows; the Bookmarks list shows the notes.
        return is_bookmark_view(self.wanted) and _notes(old) != _notes(self)

    # --- the answer -------------------------------------------------------------------

    def query(self, catalog: Catalog, keep: str | None = None, *, groups: bool = True) -> Listing:
        """The listing for this session, the cursor on `keep` (or the pending jump).

        Without `groups` the sidebar's groups besides tags are left for later
        (`groups_for`): reading the store's values of each costs tens of
        milliseconds at 100k posts, too much to hold back the first list.
        Blocks (it runs the selection): call it from a worker.
        """
        selection = catalog.select(self.wanted, self.marks)
        target = self.pending_jump if self.pending_jump is not None else keep
        listing = make_listing(selection, self.wanted, self.bookmarks, target)
        return self.groups_for(listing, catalog) if groups else listing

    def groups_for(self, listing: Listing, catalog: Catalog) -> Listing:
        """`listing` (an answer to this session) with the sidebar's other groups.

        Blocks (it reads the store's values): call it from a worker.
        """
        return with_groups(listing, catalog, self.open_groups)


def _notes(session: Session) -> dict[str, str | None]:
    return {mark.post_id: mark.note for mark in session.bookmarks}
