"""The main screen's article: loading the highlighted post, saving where it was read,
following its links.

`ArticleFeed` is the screen's helper for the article pane. It holds only
the mechanics of that job (the timer that saves a reading position once
scrolling stops, the history of followed links); the view's state stays in
the screen's `Session` and reactives, which it reads and sets through the
screen. Its workers run on the screen, in the screen's worker groups.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.worker import WorkType

from reader.render.document import Link
from reader.tui import changes
from reader.tui.article_footer import footer_for
from reader.tui.article_source import missing_text, read_article
from reader.tui.screens import article_nav, main_view, reports
from reader.tui.widgets.article import ArticleData

if TYPE_CHECKING:  # The screen imports this module.
    from reader.tui.screens.main import MainScreen

ARTICLE_DELAY = 0.03
"""Seconds to wait before loading the highlighted post, so held arrows do not queue work."""
SCROLL_SAVE_DELAY = 0.6
"""Seconds of stillness before a post's scroll position is saved."""


class ArticleFeed:
    """Feeds one screen's article pane: the post to show, its reading place, its links."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self._scroll_timer: Timer | None = None
        self.nav = article_nav.ArticleNav()
        """The links followed (for back and forward) and the index that resolves them."""

    # --- the post shown -----------------------------------------------------------

    def show(self, post_id: str | None) -> None:
        """The cursor is on `post_id`: save the place in the post left, then load this one."""
        self.save_scroll_now()
        self.load(post_id)

    def load(self, post_id: str | None) -> None:
        """Read `post_id` for the article (after `ARTICLE_DELAY`), the newest ask only."""
        # A coroutine function, not a coroutine: a worker cancelled before it
        # starts (the next highlight) then leaves no coroutine unawaited.
        work: WorkType[None] = partial(self._load, post_id)
        self._screen.run_worker(work, group="article", exclusive=True)

    async def _load(self, post_id: str | None) -> None:
        screen = self._screen
        catalog, user = screen.catalog, screen.user
        if post_id is None or catalog is None:
            return
        await asyncio.sleep(ARTICLE_DELAY)
        if post_id in screen.listing.missing:
            text = missing_text(screen.user_view.bookmarks, post_id)
            screen.article_data = ArticleData(empty_text=text)
            return
        terms = screen.listing.selection.terms
        found = await asyncio.to_thread(read_article, catalog, user, post_id, bool(terms))
        note = screen.user_view.note(post_id)
        screen.article_data = shown = main_view.article_of(
            found, terms, screen.prefixes, screen.phrases, note
        )
        if shown.post is not None:  # Linked from, Related: after the article is up.
            footer = await asyncio.to_thread(footer_for, catalog, shown.post)
            if footer and screen.article_data.post is shown.post:
                screen.article_data = replace(screen.article_data, footer=footer)

    # --- where it was read --------------------------------------------------------

    def note_scroll(self, post_id: str, place: int) -> None:
        """The article scrolled: save the place (in the post's source) once scrolling stops."""
        screen = self._screen
        screen.session = screen.session.note_scroll(post_id, place)
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
        self._scroll_timer = screen.set_timer(SCROLL_SAVE_DELAY, self.save_scroll_now)

    def save_scroll_now(self) -> None:
        """Save the reading position waiting for its timer, if there is one."""
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
            self._scroll_timer = None
        screen = self._screen
        screen.session, pending = screen.session.take_scroll()
        if pending is not None and screen.user is not None:
            screen.change_user_data(changes.set_scroll(*pending))

    # --- its links ----------------------------------------------------------------

    def follow(self, link: Link) -> None:
        """Open a link to a post of the store here; hand any other to the opener."""
        work: WorkType[None] = partial(self._follow, link)
        self._screen.run_worker(work, group="follow", exclusive=True)

    async def _follow(self, link: Link) -> None:
        screen = self._screen
        post, catalog = screen.article_data.post, screen.catalog
        if post is None or catalog is None:
            return
        index = self.nav.index_for(await screen.palette_posts())
        found = await asyncio.to_thread(article_nav.resolve, index, catalog, post.path, link.target)
        if found is None:
            said = await asyncio.to_thread(article_nav.open_external, screen.app, link.target)
            screen.post_message(reports.Notice(*said))
        elif found != post.id:
            self.nav.history.follow(post.id)
            screen.show_post(found, reading=True)

    def back(self) -> None:
        """Back to the post a followed link came from (a bell if there is none)."""
        self._go(self.nav.history.back)

    def forward(self) -> None:
        """Forward again to the post a link led to (a bell if there is none)."""
        self._go(self.nav.history.forward)

    def _go(self, step: Callable[[str], str | None]) -> None:
        screen = self._screen
        post = screen.article_data.post
        target = None if post is None else step(post.id)
        if target is None:
            screen.app.bell()
        else:
            screen.show_post(target, reading=True)
