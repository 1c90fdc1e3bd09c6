"""What the main screen's thread workers do, as plain functions.

Each one blocks (the index, the user's files) and returns the messages of
`reports` to post, so the screen's workers are thin `@work` wrappers and
these run, and are tested, without a screen. No widgets here.
"""

from __future__ import annotations

from textual.message import Message

from reader.catalog import Catalog, CatalogError, Filter, Marks
from reader.model import PostSummary
from reader.tui.changes import UserChange
from reader.tui.screens.reports import Failed, ListingReady, Notice, UserDataChanged
from reader.tui.session import Session
from reader.tui.userstate import FAILURES, UserState


def query(catalog: Catalog, session: Session, keep: str | None, tags: bool) -> Message:
    """The listing that answers `session` (the cursor on `keep`), with the store's
    tags read again if `tags`; or why the search failed."""
    try:
        all_tags = tuple(catalog.all_tags()) if tags else None
        listing = session.query(catalog, keep)
    except (OSError, CatalogError) as error:
        return Failed(f"The search failed: {error}")
    return ListingReady(listing, session, all_tags)


def change_user_data(user: UserState, change: UserChange) -> list[Message]:
    """Make `change`, then read the user's data again (unless it is quiet).

    Returns what to post, in order: the change's own line, if it has one,
    then the data to show, or the failure.
    """
    reports: list[Message] = []
    try:
        said = change.run(user)
        if said is not None:
            reports.append(Notice(said))
        view = None if change.quiet else user.view()
    except FAILURES as error:
        reports.append(Failed(f"{change.failure}: {error}"))
        return reports
    reports.append(UserDataChanged(view))
    return reports


def all_posts(catalog: Catalog) -> tuple[PostSummary, ...]:
    """Every post of the store, newest first (the palette's list of posts)."""
    return tuple(catalog.select(Filter(), Marks()).rows)
