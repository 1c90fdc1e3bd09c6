"""The data half of the main screen: opening the store, querying, the article.

`StoreScreen` owns the state in reactives (the filter, the user's data, the
listing, the sidebar's and the article's data) and keeps it up to date with
workers; `MainScreen` adds the layout, the keys and what they do. Nothing
here blocks the UI loop: the index, the post files and the user's files are
all read in threads.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual import work
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.catalog import Catalog, CatalogError, Filter, Marks, Selection
from reader.model import LoadProblem, Post, display_date
from reader.query import parse
from reader.tui.article_render import Phrase, phrases_of
from reader.tui.listing import Listing, make_listing
from reader.tui.loading import (
    InMemoryIndexLoader,
    Loader,
    Progress,
    problems_message,
    progress_text,
)
from reader.tui.state import counts_line, tag_rows
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

    wanted: reactive[Filter] = reactive(Filter(), init=False)
    marks: reactive[Marks] = reactive(Marks(), always_update=True, init=False)
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
        self.catalog: Catalog | None = None
        self.user: UserState | None = None
        self.all_tags: tuple[tuple[str, int], ...] = ()
        self.prefixes: frozenset[str] = frozenset()
        self.problems: list[LoadProblem] = []
        """What went wrong reading the store, as of the last build or refresh."""
        self.phrases: tuple[Phrase, ...] = ()
        self._pending_jump: str | None = None
        self._scroll_timer: Timer | None = None
        self._pending_scroll: tuple[str, int] | None = None

    # --- opening ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Paint from the index as it is, then bring it up to date."""
        call = self.app.call_from_thread
        user = self._user_factory(self.root)
        try:
            view = user.view()
        except FAILURES as error:
            call(self._notify_error, f"Your bookmarks and searches could not be read: {error}")
            view = UserView()
        catalog = self._loader.existing()
        if catalog is not None:
            call(self._opened, catalog, user, view, *self._first_listing(catalog, view))
            # Checking 100k files holds the GIL for a while: let the list paint first.
            painted = threading.Event()
            call(self.call_after_refresh, painted.set)
            painted.wait(timeout=2.0)
            changed = self._loader.refresh(self._progress("Updating the index: "))
            if changed:
                call(self.requery)
            else:
                call(self._progress_done)
        else:
            call(self._set_status, "Indexing the posts…")
            catalog = self._build()
            call(self._opened, catalog, user, view, *self._first_listing(catalog, view))
        problems = self._loader.problems()
        call(setattr, self, "problems", problems)
        if problems:
            call(self.notify, problems_message(problems), severity="warning", markup=False)

    def _build(self) -> Catalog:
        try:
            return self._loader.build(self._progress(""))
        except (OSError, CatalogError) as error:
            # No usable cache folder: read the posts into memory instead.
            self.app.call_from_thread(
                self._notify_error,
                f"The search index could not be saved ({error}); it is kept in memory.",
            )
            self._loader = InMemoryIndexLoader(self.root)
            return self._loader.build(self._progress(""))

    def _first_listing(
        self, catalog: Catalog, view: UserView
    ) -> tuple[tuple[tuple[str, int], ...], Listing, Filter]:
        wanted = self.wanted
        all_tags = tuple(catalog.all_tags())
        selection = catalog.select(wanted, view.marks)
        return all_tags, make_listing(selection, wanted, view.bookmarks, None), wanted

    def _progress(self, label: str) -> Progress:
        """A callback for the loading thread that shows progress, a few times a second."""
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if total and (now - last >= PROGRESS_EVERY or done == total):
                last = now
                self.app.call_from_thread(self._set_status, label + progress_text(done, total))

        return report

    def _set_status(self, text: str) -> None:
        if self.catalog is None:
            self.listing = replace(self.listing, status=text)
        self.sub_title = text

    def _progress_done(self) -> None:
        if self.catalog is not None:
            self.sub_title = counts_line(self.listing.selection)

    def _opened(
        self,
        catalog: Catalog,
        user: UserState,
        view: UserView,
        all_tags: tuple[tuple[str, int], ...],
        listing: Listing,
        wanted: Filter,
    ) -> None:
        self.catalog, self.user, self.all_tags = catalog, user, all_tags
        self._flush_warnings()
        # The listing already has these marks: set them without a second query.
        self.set_reactive(StoreScreen.marks, view.marks)
        self.marks = view.marks
        self.user_view = view
        if wanted == self.wanted:
            self._show(listing, wanted)
        else:
            self.requery()  # The user typed or chose a tag while the store opened.

    # --- querying -----------------------------------------------------------------

    def requery(self, delay: float = 0.0) -> None:
        if self.catalog is None:
            return
        keep = self._pending_jump
        if keep is None:
            keep = self.query_one(PostList).highlighted_id
        self.run_query(self.catalog, self.wanted, self.user_view, self.marks, keep, delay)

    @work(thread=True, exclusive=True, group="query")
    def run_query(
        self,
        catalog: Catalog,
        wanted: Filter,
        view: UserView,
        marks: Marks,
        keep: str | None,
        delay: float,
    ) -> None:
        # A thread worker, not an async one handing off to a thread: one hop
        # fewer between a keystroke and its answer.
        worker = get_current_worker()
        if delay:
            time.sleep(delay)  # Superseded by the next keystroke, if it comes.
            if worker.is_cancelled:
                return
        try:
            selection = catalog.select(wanted, marks)
            listing = make_listing(selection, wanted, view.bookmarks, keep)
        except (OSError, CatalogError) as error:
            self.app.call_from_thread(self._notify_error, f"The search failed: {error}")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, listing, wanted)

    def _show(self, listing: Listing, wanted: Filter) -> None:
        selection = listing.selection
        self._pending_jump = None
        plan = parse(wanted.query)
        self.prefixes = plan.prefix_terms
        self.phrases = phrases_of(plan)
        self.listing = listing
        self.sidebar_data = self._sidebar_for(wanted, selection)
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

    def watch_wanted(self, old: Filter, new: Filter) -> None:
        typing = old.query != new.query
        # The sidebar shows the choice with the answer (`_show`), tens of
        # milliseconds later: redrawing it now slowed the query it waits for.
        self.requery(TYPING_DELAY if typing else 0.0)

    def watch_marks(self, old: Marks, new: Marks) -> None:
        # Read marks only restyle rows; bookmarks can change what is listed.
        if old.bookmarked != new.bookmarked:
            self.requery()

    def watch_user_view(self, old: UserView, new: UserView) -> None:
        if self.listing.saved_order and _notes(old) != _notes(new):
            self.requery()  # The Bookmarks list shows the notes.
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
            except OSError as error:
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
                    f"“{mark.title}” is no longer in the store.\n"
                    f"You bookmarked it on {saved}; b removes the bookmark."
                )
        return "This post is no longer in the store."

    def note_scroll(self, post_id: str, place: int) -> None:
        """The user scrolled a post: save the place (in its source) once the scrolling stops."""
        self._pending_scroll = (post_id, place)
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
        self._scroll_timer = self.set_timer(SCROLL_SAVE_DELAY, self.save_scroll_now)

    def save_scroll_now(self) -> None:
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
            self._scroll_timer = None
        pending, self._pending_scroll = self._pending_scroll, None
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
        call = self.app.call_from_thread
        try:
            change(user)
            view = None if quiet else user.view()
        except FAILURES as error:
            call(self._notify_error, f"{failure}: {error}")
            return
        call(self._flush_warnings)
        if view is not None:
            call(self._set_user_view, view)

    def _set_user_view(self, view: UserView) -> None:
        self.user_view = view
        self.marks = replace(view.marks, read=view.marks.read | self.marks.read)

    def _notify_error(self, message: str) -> None:
        self.notify(message, severity="error", markup=False)

    def _flush_warnings(self) -> None:
        if self.user is not None:
            for warning in self.user.take_warnings():
                self.notify(warning, severity="warning", markup=False)


def _notes(view: UserView) -> dict[str, str | None]:
    return {mark.post_id: mark.note for mark in view.bookmarks}
