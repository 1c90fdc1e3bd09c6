"""The main screen: search box, sidebar, post list and article, their keys and workers.

The view's state is one `Session` (the filter, the marks, a pending jump
and scroll); `set_session` is the one way it changes, and it decides what
to query again. What the panes show (the listing, the sidebar's and the
article's data, the marks, the search box's text) are reactives derived
from it and fed down with `data_bind`. Workers report with the typed
messages of `reports`; nothing here blocks the UI loop. A keystroke in the
search box waits `TYPING_DELAY` on a Textual timer for the next one, then
one thread worker queries, and its `ListingReady` sets the rows.

The screen class owns that state and lists its wiring: compose, the
handlers of the panes' messages, and, bound in its body as plain functions
of the screen, the handlers and actions of one job each: `main_keys` (what
each key does), `main_store` (what opening the store reports),
`main_palette` (the command palette's data and commands). Helpers that hold
a job's mechanics but none of the view's state do the rest: `ArticleFeed`
(`main_article`: loading the article, its reading place, its links),
`UserData` (`main_user`: changes to the user's data), `Queries`
(`querying`: when a query runs), `main_view` (what the panes show, pure),
`main_work` (the workers' bodies), `post_actions` (b, e, o and E) and
`Panes` (the layout for the width).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import get_current_worker

from reader.catalog import Catalog, Filter, Marks
from reader.model import LoadProblem, PostSummary
from reader.tui import changes, commands, watching
from reader.tui.article_render import Phrase
from reader.tui.changes import UserChange
from reader.tui.listing import Listing, position_of
from reader.tui.loading import Loader
from reader.tui.saved_view import filter_of
from reader.tui.screens import main_keys, main_palette, main_store, main_view, main_work, reports
from reader.tui.screens.main_article import ArticleFeed
from reader.tui.screens.main_user import UserData
from reader.tui.screens.opening import StoreOpener
from reader.tui.screens.querying import GROUP as QUERY_GROUP
from reader.tui.screens.querying import Queries
from reader.tui.session import Session
from reader.tui.userstate import FAILURES, UserState, UserView
from reader.tui.widgets.article import Article, ArticleData
from reader.tui.widgets.footer import FittingFooter
from reader.tui.widgets.panes import Panes
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar, SidebarData
from reader.userdata.searches import SavedSearch

TYPING_DELAY = 0.03
"""Seconds a search waits for the next keystroke before it runs."""


class MainScreen(Screen[None]):
    """Browse, filter, search and read the posts of one store."""

    BINDINGS: ClassVar[list[BindingType]] = main_keys.BINDINGS

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        commands.TagCommands,
        commands.PostCommands,
        commands.SearchCommands,
        commands.ViewCommands,
    }

    marks: reactive[Marks] = reactive(Marks(), always_update=True, init=False)
    """The session's marks, for the post list to draw (it binds to this)."""
    search_text: reactive[str] = reactive("", always_update=True, init=False)
    """The text the session puts in the search box (it binds to this); typing
    changes the session, never this, so a late message cannot undo a key."""
    user_view: reactive[UserView] = reactive(UserView(), always_update=True, init=False)
    """The user's data as last read: bookmarks, notes, saved searches, history."""
    listing: reactive[Listing] = reactive(Listing(), always_update=True, init=False)
    """The rows the post list shows (it binds to this): the last answer to the session."""
    sidebar_data: reactive[SidebarData] = reactive(SidebarData(), always_update=True, init=False)
    """What the sidebar shows (it binds to this): choices, counts, groups, saved searches."""
    article_data: reactive[ArticleData] = reactive(ArticleData(empty_text="Loading…"), init=False)
    """What the article shows (it binds to this): the post, its marks for the search, its note."""
    highlighted: reactive[str | None] = reactive(None, init=False)
    """The post under the list's cursor, whose article is loaded."""

    def __init__(self, root: Path, loader: Loader) -> None:
        super().__init__()
        self.root = root
        self.opener = StoreOpener(root, loader, self.post_message)
        """Opens the store and keeps its index up to date, in a thread."""
        self.session = Session()
        """The view's state; every change to what is shown goes through `set_session`."""
        self.catalog: Catalog | None = None
        self.build_status = ""
        """While a first build lists the posts indexed so far: its progress
        (`Indexing 4,210 of 100,000 posts…`); empty otherwise."""
        self.user: UserState | None = None
        self.all_tags: tuple[tuple[str, int], ...] = ()
        self.problems: list[LoadProblem] = []
        """What went wrong reading the store, as of the last build or refresh."""
        self.prefixes: frozenset[str] = frozenset()
        self.phrases: tuple[Phrase, ...] = ()
        self._queries = Queries(self, self._start_query)
        self.feed = ArticleFeed(self)
        """Loads the article, saves where it was read, follows its links."""
        self.user_data = UserData(self)
        """Makes the changes to the user's data, in a thread."""
        self.palette_source = main_palette.PaletteSource(self)
        """What the command palette lists."""
        self.follower = watching.StoreFollower(self, self.opener, lambda: self.article_data.post)
        """Live reload: follows the store's files while the screen is open."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(tags=self._tag_names, id="search").data_bind(value=MainScreen.search_text)
        with Panes(id="panes"):
            yield Sidebar(id="sidebar").data_bind(data=MainScreen.sidebar_data)
            yield PostList(id="posts").data_bind(MainScreen.listing, MainScreen.marks)
            yield Article(id="article").data_bind(data=MainScreen.article_data)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = self.root.name or str(self.root)
        self.sub_title = "loading…"
        self._show_sort()
        self.query_one(PostList).focus()
        self.load()

    def on_unmount(self) -> None:
        # Quitting while a scroll position waits for its timer: save it now.
        pending, user = self.session.pending_scroll, self.user
        if pending is not None and user is not None:
            # Only a convenience, and the app is leaving: no report.
            with contextlib.suppress(*FAILURES):
                user.set_scroll(*pending)
        if user is not None:
            user.close()
        self.follower.stop()

    # --- the state ----------------------------------------------------------------

    @property
    def wanted(self) -> Filter:
        """What the user asked to see."""
        return self.session.wanted

    @wanted.setter
    def wanted(self, wanted: Filter) -> None:
        self.set_session(self.session.with_filter(wanted))

    def set_session(self, new: Session, *, typed: bool = False) -> None:
        """The one way the view's state changes: show it, and query again if need be.

        `typed`: the change came from the search box, which already shows it.
        """
        old, self.session = self.session, new
        if new.marks != old.marks:
            self.marks = new.marks
        if not typed and new.wanted.query != old.wanted.query:
            self.search_text = new.wanted.query
        if new.sort_label != old.sort_label:
            self._show_sort()
        if new.needs_query(old):
            # The sidebar shows the choice with the answer (`show_answer`), tens of
            # milliseconds later: redrawing it now slowed the query it waits for.
            self.requery(TYPING_DELAY if new.wanted.query != old.wanted.query else 0.0)

    def _show_sort(self) -> None:
        self.query_one(PostList).border_title = f"Posts · {self.session.sort_label}"

    @property
    def query_pending(self) -> bool:
        """A query waits for its timer or runs: the list is about to change."""
        return self._queries.pending

    # --- opening the store (main_store holds what each report does) -------------------

    load = main_store.load
    _on_status = main_store.status
    set_status = main_store.set_status
    _opened = main_store.opened
    _groups_read = main_store.groups_read
    _index_refreshed = main_store.index_refreshed
    _index_built = main_store.index_built
    _problems_found = main_store.problems_found
    _open_post_changed = main_store.open_post_changed

    # --- querying -----------------------------------------------------------------

    def requery(self, delay: float = 0.0, *, tags: bool = False) -> None:
        """Query the session again, after `delay` seconds without another change;
        with `tags`, read the store's tags again too (the index changed)."""
        self._queries.schedule(delay, tags=tags, ready=self.catalog is not None)

    def _start_query(self, tags: bool) -> None:
        if self.catalog is not None:
            self.run_query(self.catalog, self.session, self.post_to_keep(), tags)

    def post_to_keep(self) -> str | None:
        """The post the next listing keeps the cursor on: the cursor's, except
        during a first build on the first row, which stays the first (the
        newest posts come in as they are indexed)."""
        posts = self.query_one(PostList)
        return None if self.build_status and posts.cursor == 0 else posts.highlighted_id

    @work(thread=True, exclusive=True, group=QUERY_GROUP)
    def run_query(self, catalog: Catalog, session: Session, keep: str | None, tags: bool) -> None:
        """Answer `session` in a thread and post the answer, unless a newer state cancelled it."""
        # A thread worker, not an async one handing off to a thread: one hop
        # fewer between a keystroke and its answer.
        report = main_work.query(catalog, session, keep, tags)
        if not get_current_worker().is_cancelled:
            self.post_message(report)

    @on(reports.ListingReady)
    def _listing_ready(self, event: reports.ListingReady) -> None:
        if event.all_tags is not None:
            self.all_tags = event.all_tags
            self._queries.tags_read()
        if not self.session.needs_query(event.session):
            self.show_answer(event.listing, event.session)
        # Else the state moved on, and its own query is on the way.

    def show_answer(self, listing: Listing, answered: Session) -> None:
        """Show `listing`, the answer to `answered`, in every pane."""
        if self.session.pending_jump == answered.pending_jump:
            self.session = replace(self.session, pending_jump=None)
        saved, article = self.user_view.saved, self.article_data
        shown = main_view.shown_for(listing, answered, self.all_tags, saved, article, self.root)
        self.prefixes, self.phrases = shown.prefixes, shown.phrases
        self.listing = shown.listing  # The rows first: they are what the user waits for.
        self.sub_title = main_store.header_line(shown.counts, self.build_status)
        self.sidebar_data = shown.sidebar
        self.article_data = shown.article

    # --- the article and the user's data ------------------------------------------

    def watch_highlighted(self, post_id: str | None) -> None:
        self.feed.show(post_id)

    def change_user_data(self, change: UserChange) -> None:
        """Make `change` in a thread, then re-read the user's data and show it."""
        self.user_data.change(change)

    @on(reports.UserDataChanged)
    def _user_data_changed(self, event: reports.UserDataChanged) -> None:
        self.user_data.flush_warnings()
        view = event.view
        if view is not None:
            self.user_view = view
            self.set_session(self.session.with_user(view.marks, view.bookmarks))

    def watch_user_view(self, old: UserView, new: UserView) -> None:
        self.query_one(SearchBox).history = new.history
        if new.saved != old.saved:
            self.sidebar_data = replace(self.sidebar_data, saved=new.saved)
        self.article_data = main_view.with_note(self.article_data, new)

    @on(reports.Failed)
    def _failed(self, event: reports.Failed) -> None:
        self.notify(event.text, severity="error", markup=False)

    @on(reports.Notice)
    def _notice(self, event: reports.Notice) -> None:
        self.notify(event.text, severity=event.severity, markup=False)

    def _tag_names(self) -> list[str]:
        return [tag for tag, _count in self.all_tags]

    # --- what the panes report ----------------------------------------------------

    @on(PostList.Highlighted)
    def _on_highlighted(self, event: PostList.Highlighted) -> None:
        self.highlighted = event.post_id

    @on(PostList.Opened)
    def _on_opened(self, event: PostList.Opened) -> None:
        # `Panes` has shown the article already.
        if not self.query_one(PostList).is_missing(event.post_id):
            self.user_data.mark_read(event.post_id)
        # Opening a result is acting on the search: it goes into the history.
        self.user_data.remember(self.wanted.query)

    @on(Article.Scrolled)
    def _on_article_scrolled(self, event: Article.Scrolled) -> None:
        self.feed.note_scroll(event.post_id, event.place)

    @on(SearchBox.Changed, "#search")
    def _on_search(self, event: SearchBox.Changed) -> None:
        self.set_session(self.session.with_query(event.value), typed=True)

    @on(SearchBox.Leave)
    def _on_leave_search(self) -> None:
        self.query_one(PostList).focus()

    @on(Sidebar.Changed)
    def _on_sidebar(self, event: Sidebar.Changed) -> None:
        self.set_session(self.session.with_sidebar(event.wanted))

    @on(Sidebar.Folded)
    def _on_folded(self, event: Sidebar.Folded) -> None:
        self.set_session(self.session.with_open(event.group, event.is_open))

    @on(Sidebar.RunSearch)
    def _on_run_search(self, event: Sidebar.RunSearch) -> None:
        saved = next((s for s in self.user_view.saved if s.name == event.name), None)
        if saved is None:
            self.run_search(event.query)
        else:
            self.show_saved(saved)

    @on(Sidebar.DeleteSearch)
    def _on_delete_search(self, event: Sidebar.DeleteSearch) -> None:
        self.change_user_data(changes.delete_search(event.name))

    # --- the command palette ------------------------------------------------------

    @property
    def palette(self) -> commands.PaletteData:
        """What the command palette's providers list, as of now."""
        return self.palette_source.data()

    async def palette_posts(self) -> tuple[PostSummary, ...]:
        """Every post of the store, newest first: read once, again after the index changes."""
        return await self.palette_source.posts()

    _palette_tag = main_palette.show_tag
    _palette_post = main_palette.jump_to_post
    _palette_saved = main_palette.run_saved
    _palette_save = main_palette.save_search
    show_problems = main_palette.show_problems

    @work(exclusive=True, group="jump")
    async def show_post(self, post_id: str, *, reading: bool = False) -> None:
        """Put the cursor on a post, clearing the filter if it hides the post;
        `reading`: the article keeps the focus (a followed link)."""
        catalog, rows = self.catalog, self.listing.selection.rows
        posts = self.query_one(PostList)
        (self.query_one(Article) if reading else posts).focus()
        if catalog is None:
            return
        index = await asyncio.to_thread(position_of, rows, post_id)
        if index is not None and rows is self.listing.selection.rows:
            posts.move_cursor(index)
            return
        self.set_session(self.session.jump_to(post_id))
        self.requery()  # Even when the filter was already empty: the jump must land.

    # --- searching ----------------------------------------------------------------

    def run_search(self, query: str) -> None:
        """Show the results of `query`."""
        self.set_session(self.session.with_query(query))
        self.query_one(PostList).focus()

    def show_saved(self, saved: SavedSearch) -> None:
        """Show a saved search's whole view: its text, tags, mode, scope and order."""
        # The box's Changed arrives later with the same text: it changes nothing then.
        self.set_session(self.session.with_filter(filter_of(saved)))
        self.query_one(PostList).focus()

    # --- the keys (main_keys holds what each does) -------------------------------------

    action_focus_search = main_keys.focus_search
    action_submit_search = main_keys.submit_search
    action_save_search = main_keys.save_search
    action_sort = main_keys.sort
    action_tag_mode = main_keys.tag_mode
    action_next_match = main_keys.next_match
    action_previous_match = main_keys.previous_match
    action_bookmark = main_keys.bookmark
    action_edit_note = main_keys.edit_note
    action_open_link = main_keys.open_link
    action_edit_file = main_keys.edit_file
    _show_edited = main_keys.edited
    action_find = main_keys.find
    check_action = main_keys.check_action
    action_links = main_keys.links
    action_outline = main_keys.outline
    action_link_back = main_keys.link_back
    action_link_forward = main_keys.link_forward
    action_toggle_tags = main_keys.toggle_tags
    action_back = main_keys.back
