"""The main screen's handlers for opening the store: what `StoreOpener` reports, shown.

Like `main_keys`, these are plain functions of the screen, bound in the
screen's class body (the `@on` handlers by Textual, as methods). They set
the screen's state from each report: the catalog and the user's data once
the store is open, the first listing, the sidebar's other groups after it,
the index refreshed, the problems found, the open post changed on disk.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work

from reader.tui import watching
from reader.tui.loading import problems_message
from reader.tui.screens import reports
from reader.tui.summary import counts_line
from reader.tui.widgets.post_list import PostList

if TYPE_CHECKING:  # The screen imports this module.
    from reader.tui.screens.main import MainScreen


@work(thread=True, exclusive=True, group="load")
def load(screen: MainScreen) -> None:
    """Paint from the index as it is, then bring it up to date (in a thread)."""
    screen.opener.run(lambda: screen.session)


@on(reports.Status)
def status(screen: MainScreen, event: reports.Status) -> None:
    """Progress while the store opens."""
    screen.set_status(event.text)


def set_status(screen: MainScreen, text: str) -> None:
    """Say `text` in the header, and in the list while it has no rows yet."""
    if screen.catalog is None:
        screen.listing = replace(screen.listing, status=text)
        screen.sub_title = text
    elif screen.build_status:
        screen.build_status = text
        screen.sub_title = header_line(counts_line(screen.listing.selection), text)
    else:
        screen.sub_title = text


def header_line(counts: str, build_status: str) -> str:
    """The header's counts, and the first build's progress while it goes on."""
    return f"{counts} · {build_status}" if build_status else counts


@on(reports.StoreOpened)
def opened(screen: MainScreen, event: reports.StoreOpened) -> None:
    """The store is open: keep its catalog and the user's data, show the first listing."""
    screen.catalog, screen.user, screen.all_tags = event.catalog, event.user, event.all_tags
    if event.building:
        screen.build_status = screen.listing.status  # The progress the empty list said.
    screen.user_data.flush_warnings()
    view = event.view
    screen.user_view = view
    # The listing already has these marks: show them without a second query.
    now = screen.session.with_user(view.marks, view.bookmarks)
    screen.session = now
    screen.marks = now.marks
    if now.needs_query(event.session):
        screen.requery()  # The user typed or chose a tag while the store opened.
    else:
        screen.show_answer(event.listing, event.session)
    if event.painted is not None:
        screen.call_after_refresh(event.painted.set)
    if not event.building:
        screen.follower.start(event.catalog)  # Live reload, unless config.toml says no.


@on(reports.IndexBuilt)
def index_built(screen: MainScreen, event: reports.IndexBuilt) -> None:
    """The first build is done: the whole store, and live reload from now on."""
    # The same catalog, unless the cache folder failed midway and the index
    # was built in memory instead.
    screen.catalog = event.catalog
    keep = screen.post_to_keep()  # Read while the build is still said to go on.
    screen.build_status = ""
    screen.palette_source.forget()
    screen.run_query(event.catalog, screen.session, keep, True)
    screen.follower.start(event.catalog)


@on(reports.GroupsRead)
def groups_read(screen: MainScreen, event: reports.GroupsRead) -> None:
    """The sidebar's other groups, for the first listing if it is still shown."""
    # A later answer brings its own groups: these are for the first one only.
    if event.listing.selection is screen.listing.selection:
        screen.sidebar_data = replace(screen.sidebar_data, groups=event.listing.groups)


@on(reports.IndexRefreshed)
def index_refreshed(screen: MainScreen, event: reports.IndexRefreshed) -> None:
    """The index is up to date: query again if anything changed."""
    if event.changed:
        screen.palette_source.forget()  # Titles may have changed: the palette reads them again.
        screen.requery(tags=True)
    elif screen.catalog is not None:
        screen.sub_title = counts_line(screen.listing.selection)


@on(reports.ProblemsFound)
def problems_found(screen: MainScreen, event: reports.ProblemsFound) -> None:
    """What went wrong reading the store: kept for the Problems view, said once."""
    screen.problems = event.problems
    if event.problems:
        screen.notify(problems_message(event.problems), severity="warning", markup=False)


@on(watching.OpenPostChanged)
def open_post_changed(screen: MainScreen, event: watching.OpenPostChanged) -> None:
    """The file of the post being read changed: read it as when it is opened."""
    said, read_again = watching.reaction(event, screen.article_data.post, screen.highlighted)
    if said:
        screen.notify(said, markup=False)
    if event.moved_to is not None and said:
        # The new listing puts the cursor on it, wherever it is now, and the article follows.
        screen.session = replace(screen.session, pending_jump=event.moved_to)
        return
    if event.removed and watching.step_off(screen.query_one(PostList), event.post_id):
        return  # The post after it is read as the cursor lands there.
    if read_again:
        screen.feed.load(event.post_id)
