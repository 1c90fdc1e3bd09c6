"""The data half of the main screen: opening the store, querying, the article.

The view's state is one `Session` (the filter, the marks, a pending jump
and scroll); `_set_session` is the one way it changes, and it decides what
to query again. What the panes show (the listing, the sidebar's and the
article's data) are reactives derived from it. Workers report with typed
messages (`reports`); nothing here blocks the UI loop: the index, the post
files and the user's files are all read in threads. A keystroke in the
search box waits `TYPING_DELAY` on a Textual timer for the next one, then
one thread worker queries; its `ListingReady` sets the rows.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual import on, work
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.catalog import Catalog, CatalogError, Filter, Marks, Selection
from reader.model import LoadProblem, Post, display_date
from reader.tui.article_render import Phrase, phrases_of
from reader.tui.listing import Listing
from reader.tui.loading import (
    InMemoryIndexLoader,
    Loader,
    Progress,
    problems_message,
    progress_text,
)
from reader.tui.screens.reports import (
    Failed,
    IndexRefreshed,
    ListingReady,
    Notice,
    ProblemsFound,
    Status,
    StoreOpened,
    UserDataChanged,
)
from reader.tui.session import Session
from reader.tui.summary import counts_line, tag_rows
from reader.tui.userstate import FAILURES, UserState, UserView
from reader.tui.widgets.article import ArticleData
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import SidebarData

ARTICLE_DELAY = 0.03
"""Seconds to wait before loading the highlighted post, so held arrows do not queue work."""
TYPING_DELAY = 0.03
"""Seconds a search waits for the next keystroke before it runs."""
SCROLL_SAVE_DELAY = 0.6
"""Seconds of stillness before a post's scroll position is saved."""
PROGRESS_EVERY = 0.1
"""Seconds between progress updates while the index is built."""


class StoreScreen(Screen[None]):
    """Opens one store and keeps the panes' data up to date."""

    marks: reactive[Marks] = reactive(Marks(), always_update=True, init=False)
    """The session's marks, for the post list to draw (it binds to this)."""
    search_text: reactive[str] = reactive("", always_update=True, init=False)
    """The text the session puts in the search box (it binds to this); typing
    changes the session, never this, so a late message cannot undo a key."""
    user_view: reactive[UserView] = reactive(UserView(), always_update=True, init=False)
    listing: reactive[Listing] = reactive(Listing(), always_update=True, init=False)
    sidebar_data: reactive[SidebarData] = reactive(SidebarData(), always_update=True, init=False)
    article_data: reactive[ArticleData] = reactive(ArticleData(empty_text="Loading…"), init=False)
    highlighted: reactive[str | None] = reactive(None, init=False)

    def __init__(self, root: Path, loader: Loader, user_factory: type[UserState]) -> None:
        super().__init__()
        self.root = root
        self._loader = loader
        self._user_factory = user_factory
        self.session = Session()
        """The view's state; change it with `_set_session` only."""
        self.catalog: Catalog | None = None
        self.user: UserState | None = None
        self.all_tags: tuple[tuple[str, int], ...] = ()
        self.prefixes: frozenset[str] = frozenset()
        self.problems: list[LoadProblem] = []
        """What went wrong reading the store, as of the last build or refresh."""
        self.phrases: tuple[Phrase, ...] = ()
        self._scroll_timer: Timer | None = None
        self._query_timer: Timer | None = None

    # --- the state ----------------------------------------------------------------

    @property
    def wanted(self) -> Filter:
        """What the user asked to see."""
        return self.session.wanted

    @wanted.setter
    def wanted(self, wanted: Filter) -> None:
        self._set_session(self.session.with_filter(wanted))

    def _set_session(self, new: Session, *, typed: bool = False) -> None:
        """The one way the view's state changes: show it, and query again if need be.

        `typed`: the change came from the search box, which already shows it.
        """
        old, self.session = self.session, new
        if new.marks != old.marks:
            self.marks = new.marks
        if not typed and new.wanted.query != old.wanted.query:
            self.search_text = new.wanted.query
        if new.wanted != old.wanted:
            self.filter_changed()
        if new.needs_query(old):
            # The sidebar shows the choice with the answer (`_show`), tens of
            # milliseconds later: redrawing it now slowed the query it waits for.
            self.requery(TYPING_DELAY if new.wanted.query != old.wanted.query else 0.0)

    def filter_changed(self) -> None:
        """Hook: the filter changed (the screen shows the order)."""

    @property
    def query_pending(self) -> bool:
        """A query waits for its timer or runs: the list is about to change."""
        running = any(worker.group == "query" and not worker.is_finished for worker in self.workers)
        return self._query_timer is not None or running

    # --- opening ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Paint from the index as it is, then bring it up to date."""
        post = self.post_message
        user = self._user_factory(self.root)
        try:
            view = user.view()
        except FAILURES as error:
            post(Failed(f"Your bookmarks and searches could not be read: {error}"))
            view = UserView()
        catalog = self._loader.existing()
        if catalog is not None:
            # Checking 100k files holds the GIL for a while: let the list paint first.
            painted = threading.Event()
            post(self._opened_report(catalog, user, view, painted))
            painted.wait(timeout=2.0)
            try:
                changed = self._loader.refresh(self._progress("Updating the index: "))
            except (OSError, CatalogError) as error:
                post(Failed(f"The index was not updated: {error}"))
                changed = False
            post(IndexRefreshed(changed))
        else:
            post(Status("Indexing the posts…"))
            catalog = self._build()
            post(self._opened_report(catalog, user, view, None))
        problems = self._loader.problems()
        post(ProblemsFound(problems))

    def _build(self) -> Catalog:
        try:
            return self._loader.build(self._progress(""))
        except (OSError, CatalogError) as error:
            # No usable cache folder: read the posts into memory instead.
            self.post_message(
                Failed(f"The search index could not be saved ({error}); it is kept in memory.")
            )
            self._loader = InMemoryIndexLoader(self.root)
            return self._loader.build(self._progress(""))

    def _opened_report(
        self,
        catalog: Catalog,
        user: UserState,
        view: UserView,
        painted: threading.Event | None,
    ) -> StoreOpened:
        session = self.session.with_user(view.marks, view.bookmarks)
        all_tags = tuple(catalog.all_tags())
        return StoreOpened(catalog, user, view, all_tags, session.query(catalog), session, painted)

    def _progress(self, label: str) -> Progress:
        """A callback for the loading thread that shows progress, a few times a second."""
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if total and (now - last >= PROGRESS_EVERY or done == total):
                last = now
                self.post_message(Status(label + progress_text(done, total)))

        return report

    @on(Status)
    def _on_status(self, event: Status) -> None:
        self._set_status(event.text)

    def _set_status(self, text: str) -> None:
        if self.catalog is None:
            self.listing = replace(self.listing, status=text)
        self.sub_title = text

    @on(IndexRefreshed)
    def _index_refreshed(self, event: IndexRefreshed) -> None:
        if event.changed:
            self.index_changed()
            self.requery()
        elif self.catalog is not None:
            self.sub_title = counts_line(self.listing.selection)

    def index_changed(self) -> None:
        """Hook: the index took new posts or titles (the palette reads them again)."""

    @on(ProblemsFound)
    def _problems_found(self, event: ProblemsFound) -> None:
        self.problems = event.problems
        if event.problems:
            self.notify(problems_message(event.problems), severity="warning", markup=False)

    @on(StoreOpened)
    def _opened(self, event: StoreOpened) -> None:
        self.catalog, self.user, self.all_tags = event.catalog, event.user, event.all_tags
        self._flush_warnings()
        view = event.view
        self.user_view = view
        # The listing already has these marks: no second query for them.
        answered = event.session
        now = self.session.with_user(view.marks, view.bookmarks)
        self._set_session_quietly(now)
        if not now.needs_query(answered):
            self._show(event.listing, answered)
        else:
            self.requery()  # The user typed or chose a tag while the store opened.
        if event.painted is not None:
            self.call_after_refresh(event.painted.set)

    def _set_session_quietly(self, new: Session) -> None:
        """Take a session whose listing is in hand: show its marks, query nothing."""
        self.session = new
        self.marks = new.marks

    # --- querying -----------------------------------------------------------------

    def requery(self, delay: float = 0.0) -> None:
        """Query the session again, after `delay` seconds without another change."""
        if self.catalog is None:
            return
        if self._query_timer is not None:
            self._query_timer.stop()
            self._query_timer = None
        # An answer to an older state must not arrive after this one.
        self.workers.cancel_group(self, "query")
        if delay:
            self._query_timer = self.set_timer(delay, self._start_query)
        else:
            self._start_query()

    def _start_query(self) -> None:
        self._query_timer = None
        if self.catalog is not None:
            keep = self.query_one(PostList).highlighted_id
            self.run_query(self.catalog, self.session, keep)

    @work(thread=True, exclusive=True, group="query")
    def run_query(self, catalog: Catalog, session: Session, keep: str | None) -> None:
        # A thread worker, not an async one handing off to a thread: one hop
        # fewer between a keystroke and its answer.
        worker = get_current_worker()
        try:
            listing = session.query(catalog, keep)
        except (OSError, CatalogError) as error:
            self.post_message(Failed(f"The search failed: {error}"))
            return
        if not worker.is_cancelled:
            self.post_message(ListingReady(listing, session))

    @on(ListingReady)
    def _listing_ready(self, event: ListingReady) -> None:
        if self.session.needs_query(event.session):
            return  # The state moved on; its own query is on the way.
        self._show(event.listing, event.session)

    def _show(self, listing: Listing, answered: Session) -> None:
        selection = listing.selection
        if self.session.pending_jump == answered.pending_jump:
            self.session = replace(self.session, pending_jump=None)
        plan = selection.plan  # Parsed once, by the catalog.
        self.prefixes = plan.prefix_terms
        self.phrases = phrases_of(plan)
        self.listing = listing
        self.sidebar_data = self._sidebar_for(answered.wanted, selection)
        self.sub_title = counts_line(selection)
        shown = self.article_data
        if selection.total == 0:
            # Not "no posts match": there is nothing to match, and the user should know why.
            empty = f"No Markdown files found in {self.root}."
            listing = replace(listing, status=empty)
            self.listing = listing
            self.article_data = ArticleData(empty_text=empty)
        elif not selection.rows:
            self.article_data = ArticleData(empty_text="No posts match.")
        elif shown.post is not None and (shown.terms, shown.phrases) != (
            selection.terms,
            self.phrases,
        ):
            self.article_data = replace(
                shown, terms=selection.terms, prefixes=self.prefixes, phrases=self.phrases
            )

    def _sidebar_for(self, wanted: Filter, selection: Selection) -> SidebarData:
        return SidebarData(
            wanted=wanted,
            tags=tag_rows(self.all_tags, selection),
            total=selection.total,
            bookmarked_total=selection.bookmarked_total,
            saved=self.user_view.saved,
        )

    def watch_user_view(self, old: UserView, new: UserView) -> None:
        if new.saved != old.saved:
            self.sidebar_data = replace(self.sidebar_data, saved=new.saved)
        shown = self.article_data
        if shown.post is not None and new.note(shown.post.id) != shown.note:
            self.article_data = replace(shown, note=new.note(shown.post.id), scroll=None)

    # --- the history of searches ------------------------------------------------------

    # Only searches the user acted on are kept: a search that merely rested on
    # the screen for a moment was often a word on the way to another.

    def remember(self, query: str) -> None:
        """Put a search in the history (Enter in the box, or a post opened from its results)."""
        query = query.strip()
        if query and self.user is not None and self.user_view.history[:1] != (query,):
            self.change_user_data(
                lambda user: user.remember(query), "The search was not remembered"
            )

    # --- the article ----------------------------------------------------------------

    def watch_highlighted(self, post_id: str | None) -> None:
        self.save_scroll_now()
        self.load_article(post_id)

    @work(exclusive=True, group="article")
    async def load_article(self, post_id: str | None) -> None:
        catalog, user = self.catalog, self.user
        if post_id is None or catalog is None:
            return
        await asyncio.sleep(ARTICLE_DELAY)
        if post_id in self.listing.missing:
            self.article_data = ArticleData(empty_text=self._missing_text(post_id))
            return
        terms = self.listing.selection.terms

        def read() -> tuple[Post | None, float | None, str | None]:
            try:
                post = catalog.post(post_id)
            except (OSError, CatalogError) as error:
                return None, None, f"This post could not be read: {error}"
            if post is None:
                return None, None, "This post is no longer in the store."
            try:
                scroll = user.scroll(post_id) if user is not None and not terms else None
            except FAILURES:
                scroll = None  # Only a convenience: start at the top.
            return post, scroll, None

        post, scroll, problem = await asyncio.to_thread(read)
        if post is None:
            self.article_data = ArticleData(empty_text=problem or "")
            return
        self.article_data = ArticleData(
            post,
            terms,
            self.prefixes,
            self.phrases,
            note=self.user_view.note(post_id),
            scroll=scroll,
        )

    def _missing_text(self, post_id: str) -> str:
        for mark in self.user_view.bookmarks:
            if mark.post_id == post_id:
                saved = display_date(mark.added.date())
                return (
                    f"“{mark.title}” is no longer in the store.\\n"
                    f"You bookmarked it on {saved}; b removes the bookmark."
                )
        return "This post is no longer in the store."

    def note_scroll(self, post_id: str, place: int) -> None:
        """The user scrolled a post: save the place (in its source) once the scrolling stops."""
        self.session = self.session.note_scroll(post_id, place)
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
        self._scroll_timer = self.set_timer(SCROLL_SAVE_DELAY, self.save_scroll_now)

    def save_scroll_now(self) -> None:
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
            self._scroll_timer = None
        self.session, pending = self.session.take_scroll()
        if pending is not None and self.user is not None:
            post_id, place = pending
            self.change_user_data(
                lambda user: user.set_scroll(post_id, place),
                "The reading position was not saved",
                quiet=True,
            )

    # --- the user's data ----------------------------------------------------------------

    @work(thread=True, group="user")
    def change_user_data(
        self, change: Callable[[UserState], object], failure: str, *, quiet: bool = False
    ) -> None:
        """Run `change(user)` in a thread, then re-read the user's data and show it."""
        user = self.user
        if user is None:
            return
        try:
            change(user)
            view = None if quiet else user.view()
        except FAILURES as error:
            self.post_message(Failed(f"{failure}: {error}"))
            return
        self.post_message(UserDataChanged(view))

    @on(UserDataChanged)
    def _user_data_changed(self, event: UserDataChanged) -> None:
        self._flush_warnings()
        view = event.view
        if view is not None:
            self.user_view = view
            self._set_session(self.session.with_user(view.marks, view.bookmarks))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.notify(event.text, severity="error", markup=False)

    @on(Notice)
    def _notice(self, event: Notice) -> None:
        self.notify(event.text, severity=event.severity, markup=False)  # type: ignore[arg-type]

    def _flush_warnings(self) -> None:
        if self.user is not None:
            for warning in self.user.take_warnings():
                self.notify(warning, severity="warning", markup=False)
