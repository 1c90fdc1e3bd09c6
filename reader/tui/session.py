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

from reader.catalog import Catalog, Filter, Marks, SortOrder, TagMode
from reader.tui.listing import Listing, is_bookmark_view, make_listing
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


def choose_all(wanted: Filter) -> Filter:
    """ "All posts": no tag chosen or excluded, no Bookmarks scope."""
    return replace(wanted, tags=(), exclude_tags=(), bookmarked_only=False)


def toggle_bookmarks(wanted: Filter) -> Filter:
    """ "Bookmarks": only the bookmarked posts, or all of them again."""
    return replace(wanted, bookmarked_only=not wanted.bookmarked_only)


def choose_tag(wanted: Filter, tag: str) -> Filter:
    """Only this tag: the other tags, the exclusions and the Bookmarks scope go."""
    return replace(wanted, tags=(tag,), exclude_tags=(), bookmarked_only=False)


def add_tag(wanted: Filter, tag: str) -> Filter:
    """Space: add the tag to the chosen ones, or take it out (it stops being excluded)."""
    return replace(
        wanted, tags=toggled(wanted.tags, tag), exclude_tags=without(wanted.exclude_tags, tag)
    )


def exclude_tag(wanted: Filter, tag: str) -> Filter:
    """x: hide the posts with this tag, or stop hiding them (it stops being chosen)."""
    return replace(
        wanted, tags=without(wanted.tags, tag), exclude_tags=toggled(wanted.exclude_tags, tag)
    )


def sidebar_part(wanted: Filter) -> tuple[object, ...]:
    """What the sidebar says of a filter; the search box and the keys say the rest."""
    return (wanted.tags, wanted.exclude_tags, wanted.bookmarked_only)


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

    # --- the filter ---------------------------------------------------------------

    def with_filter(self, wanted: Filter) -> Session:
        return replace(self, wanted=wanted)

    def with_query(self, query: str) -> Session:
        return replace(self, wanted=with_query(self.wanted, query))

    def with_sidebar(self, chosen: Filter) -> Session:
        """Take the sidebar's part of `chosen`; the search may have moved on since."""
        wanted = replace(
            self.wanted,
            tags=chosen.tags,
            exclude_tags=chosen.exclude_tags,
            bookmarked_only=chosen.bookmarked_only,
        )
        return replace(self, wanted=wanted)

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
        # Read marks only restyle rows; the Bookmarks list shows the notes.
        return is_bookmark_view(self.wanted) and _notes(old) != _notes(self)

    # --- the answer -------------------------------------------------------------------

    def query(self, catalog: Catalog, keep: str | None = None) -> Listing:
        """The listing for this session, the cursor on `keep` (or the pending jump).

        Blocks (it runs the selection): call it from a worker.
        """
        selection = catalog.select(self.wanted, self.marks)
        target = self.pending_jump if self.pending_jump is not None else keep
        return make_listing(selection, self.wanted, self.bookmarks, target)


def _notes(session: Session) -> dict[str, str | None]:
    return {mark.post_id: mark.note for mark in session.bookmarks}
