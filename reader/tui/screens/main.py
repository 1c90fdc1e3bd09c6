"""The main screen: search box, sidebar, post list and article, their keys and workers.

The view's state is one `Session` (the filter, the marks, a pending jump
and scroll); `_set_session` is the one way it changes, and it decides what
to query again. What the panes show (the listing, the sidebar's and the
article's data, the marks, the search box's text) are reactives derived
from it and fed down with `data_bind`. Workers report with the typed
messages of `reports`; nothing here blocks the UI loop. A keystroke in the
search box waits `TYPING_DELAY` on a Textual timer for the next one, then
one thread worker queries, and its `ListingReady` sets the rows.

The screen owns that state and wires parts that each do one job and hold
none of it: `Panes` lays out the panes for the width, `querying` decides
when a query runs, `main_view` works out what the panes show, `post_actions`
does what b, e, o and E do, `changes` names the changes to the user's data
and `main_work` holds the workers' bodies, so the screen's workers are thin
wrappers that post their reports.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header
from textual.worker import get_current_worker

from reader.catalog import Catalog, Filter, Marks
from reader.model import LoadProblem, PostSummary
from reader.render.document import Link
from reader.tui import changes, commands
from reader.tui.article_footer import footer_for
from reader.tui.article_render import Phrase
from reader.tui.article_source import missing_text, read_article
from reader.tui.changes import UserChange
from reader.tui.listing import Listing, position_of
from reader.tui.loading import Loader, problems_message
from reader.tui.saved_view import filter_of
from reader.tui.screens import article_nav, asking, main_view, main_work, post_actions, reports
from reader.tui.screens.find import FindScreen
from reader.tui.screens.opening import StoreOpener
from reader.tui.screens.post_actions import PostRef, post_in_view
from reader.tui.screens.problems import ProblemsScreen
from reader.tui.screens.querying import GROUP as QUERY_GROUP
from reader.tui.screens.querying import Queries
from reader.tui.session import Session
from reader.tui.summary import counts_line
from reader.tui.userstate import FAILURES, UserState, UserView
from reader.tui.widgets.article import Article, ArticleData
from reader.tui.widgets.footer import FittingFooter
from reader.tui.widgets.panes import Panes
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar, SidebarData
from reader.userdata.searches import SavedSearch

ARTICLE_DELAY = 0.03
"""Seconds to wait before loading the highlighted post, so held arrows do not queue work."""
TYPING_DELAY = 0.03
"""Seconds a search waits for the next keystroke before it runs."""
SCROLL_SAVE_DELAY = 0.6
"""Seconds of stillness before a post's scroll position is saved."""


class MainScreen(Screen[None]):
    """Browse, filter, search and read the posts of one store."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, like Enter below: the keys typed right after `/` must land in the box.
        Binding("slash", "focus_search", "Search", priority=True, id="search"),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("e", "edit_note", "Note", id="edit_note"),
        Binding("n", "next_match", "Next match", show=False, id="next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="previous_match"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("ctrl+f", "find", "Find in post", show=False, priority=True, id="find"),
        Binding("L", "links", "Links", show=False, id="links"),
        Binding("T", "outline", "Outline", show=False, id="outline"),
        Binding(
            "backspace,left_square_bracket", "link_back", "Link back", show=False, id="link_back"
        ),
        Binding(
            "right_square_bracket", "link_forward", "Link forward", show=False, id="link_forward"
        ),
        Binding("E", "edit_file", "Edit file", show=False, id="edit_file"),
        Binding("t", "toggle_tags", "Tags", id="toggle_tags"),
        Binding("s", "sort", "Sort", id="sort"),
        Binding("m", "tag_mode", "AND/OR", id="tag_mode"),
        Binding("ctrl+s", "save_search", "Save search", id="save_search"),
        Binding("escape", "back", "Back / clear search", show=False, id="back"),
        # A priority binding runs as the key arrives, before the next key is
        # sent anywhere: "query, Enter, b" bookmarks, it does not type a b.
        Binding("enter", "submit_search", "Run search", show=False, priority=True, id="submit"),
    ]

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
    listing: reactive[Listing] = reactive(Listing(), always_update=True, init=False)
    sidebar_data: reactive[SidebarData] = reactive(SidebarData(), always_update=True, init=False)
    article_data: reactive[ArticleData] = reactive(ArticleData(empty_text="Loading…"), init=False)
    highlighted: reactive[str | None] = reactive(None, init=False)

    def __init__(self, root: Path, loader: Loader) -> None:
        super().__init__()
        self.root = root
        self._opener = StoreOpener(root, loader, self.post_message)
        self.session = Session()
        """The view's state; every change to what is shown goes through `_set_session`."""
        self.catalog: Catalog | None = None
        self.user: UserState | None = None
        self.all_tags: tuple[tuple[str, int], ...] = ()
        self.problems: list[LoadProblem] = []
        """What went wrong reading the store, as of the last build or refresh."""
        self.prefixes: frozenset[str] = frozenset()
        self.phrases: tuple[Phrase, ...] = ()
        self._scroll_timer: Timer | None = None
        self._queries = Queries(self, self._start_query)
        self._all_rows: tuple[PostSummary, ...] | None = None
        self._nav = article_nav.ArticleNav()

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
        if new.sort_label != old.sort_label:
            self._show_sort()
        if new.needs_query(old):
            # The sidebar shows the choice with the answer (`_show`), tens of
            # milliseconds later: redrawing it now slowed the query it waits for.
            self.requery(TYPING_DELAY if new.wanted.query != old.wanted.query else 0.0)

    def _show_sort(self) -> None:
        self.query_one(PostList).border_title = f"Posts · {self.session.sort_label}"

    @property
    def query_pending(self) -> bool:
        """A query waits for its timer or runs: the list is about to change."""
        return self._queries.pending

    # --- opening the store --------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Paint from the index as it is, then bring it up to date."""
        self._opener.run(lambda: self.session)

    @on(reports.Status)
    def _on_status(self, event: reports.Status) -> None:
        self._set_status(event.text)

    def _set_status(self, text: str) -> None:
        if self.catalog is None:
            self.listing = replace(self.listing, status=text)
        self.sub_title = text

    @on(reports.StoreOpened)
    def _opened(self, event: reports.StoreOpened) -> None:
        self.catalog, self.user, self.all_tags = event.catalog, event.user, event.all_tags
        self._flush_warnings()
        view = event.view
        self.user_view = view
        # The listing already has these marks: show them without a second query.
        now = self.session.with_user(view.marks, view.bookmarks)
        self.session = now
        self.marks = now.marks
        if now.needs_query(event.session):
            self.requery()  # The user typed or chose a tag while the store opened.
        else:
            self._show(event.listing, event.session)
        if event.painted is not None:
            self.call_after_refresh(event.painted.set)

    @on(reports.IndexRefreshed)
    def _index_refreshed(self, event: reports.IndexRefreshed) -> None:
        if event.changed:
            self._all_rows = None  # Titles may have changed: the palette reads them again.
            self.requery(tags=True)
        elif self.catalog is not None:
            self.sub_title = counts_line(self.listing.selection)

    @on(reports.ProblemsFound)
    def _problems_found(self, event: reports.ProblemsFound) -> None:
        self.problems = event.problems
        if event.problems:
            self.notify(problems_message(event.problems), severity="warning", markup=False)

    # --- querying -----------------------------------------------------------------

    def requery(self, delay: float = 0.0, *, tags: bool = False) -> None:
        """Query the session again, after `delay` seconds without another change;
        with `tags`, read the store's tags again too (the index changed)."""
        self._queries.schedule(delay, tags=tags, ready=self.catalog is not None)

    def _start_query(self, tags: bool) -> None:
        if self.catalog is not None:
            keep = self.query_one(PostList).highlighted_id
            self.run_query(self.catalog, self.session, keep, tags)

    @work(thread=True, exclusive=True, group=QUERY_GROUP)
    def run_query(self, catalog: Catalog, session: Session, keep: str | None, tags: bool) -> None:
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
            self._show(event.listing, event.session)
        # Else the state moved on, and its own query is on the way.

    def _show(self, listing: Listing, answered: Session) -> None:
        if self.session.pending_jump == answered.pending_jump:
            self.session = replace(self.session, pending_jump=None)
        saved, article = self.user_view.saved, self.article_data
        shown = main_view.shown_for(listing, answered, self.all_tags, saved, article, self.root)
        self.prefixes, self.phrases = shown.prefixes, shown.phrases
        self.listing = shown.listing  # The rows first: they are what the user waits for.
        self.sub_title = shown.counts
        self.sidebar_data = shown.sidebar
        self.article_data = shown.article

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
            self.article_data = ArticleData(
                empty_text=missing_text(self.user_view.bookmarks, post_id)
            )
            return
        terms = self.listing.selection.terms
        found = await asyncio.to_thread(read_article, catalog, user, post_id, bool(terms))
        note = self.user_view.note(post_id)
        self.article_data = shown = main_view.article_of(
            found, terms, self.prefixes, self.phrases, note
        )
        if shown.post is not None:  # Linked from, Related: after the article is up.
            footer = await asyncio.to_thread(footer_for, catalog, shown.post)
            if footer and self.article_data.post is shown.post:
                self.article_data = replace(self.article_data, footer=footer)

    def save_scroll_now(self) -> None:
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
            self._scroll_timer = None
        self.session, pending = self.session.take_scroll()
        if pending is not None and self.user is not None:
            self.change_user_data(changes.set_scroll(*pending))

    # --- the user's data ----------------------------------------------------------------

    def change_user_data(self, change: UserChange) -> None:
        """Make `change` in a thread, then re-read the user's data and show it."""
        if change.said is not None:
            self.notify(change.said, markup=False)
        if self.user is not None:
            self._change_user_data(self.user, change)

    @work(thread=True, group="user")
    def _change_user_data(self, user: UserState, change: UserChange) -> None:
        for report in main_work.change_user_data(user, change):
            self.post_message(report)

    @on(reports.UserDataChanged)
    def _user_data_changed(self, event: reports.UserDataChanged) -> None:
        self._flush_warnings()
        view = event.view
        if view is not None:
            self.user_view = view
            self._set_session(self.session.with_user(view.marks, view.bookmarks))

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

    def _flush_warnings(self) -> None:
        if self.user is not None:
            for warning in self.user.take_warnings():
                self.notify(warning, severity="warning", markup=False)

    # Only searches the user acted on go into the history: a search that merely
    # rested on the screen for a moment was often a word on the way to another.

    def remember(self, query: str) -> None:
        """Put a search in the history (Enter in the box, or a post opened from its results)."""
        query = query.strip()
        if query and self.user is not None and self.user_view.history[:1] != (query,):
            self.change_user_data(changes.remember(query))

    def _tag_names(self) -> list[str]:
        return [tag for tag, _count in self.all_tags]

    def _post_in_view(self) -> PostRef | None:
        shown = self.article_data.post
        return post_in_view(shown, self.query_one(Panes).article_in_view, self.query_one(PostList))

    def _post_or_bell(self, needed: object) -> PostRef | None:
        """The post in view, if there is one and what the key `needed` is open; else a bell."""
        post = self._post_in_view()
        if post is None or needed is None:
            self.app.bell()
            return None
        return post

    # --- what the panes report ----------------------------------------------------

    @on(PostList.Highlighted)
    def _on_highlighted(self, event: PostList.Highlighted) -> None:
        self.highlighted = event.post_id

    @on(PostList.Opened)
    def _on_opened(self, event: PostList.Opened) -> None:
        # `Panes` has shown the article already.
        if not self.query_one(PostList).is_missing(event.post_id):
            self.mark_read(event.post_id)
        # Opening a result is acting on the search: it goes into the history.
        self.remember(self.wanted.query)

    @on(Article.Scrolled)
    def _on_article_scrolled(self, event: Article.Scrolled) -> None:
        """Save the place (in the post's source) once the scrolling stops."""
        self.session = self.session.note_scroll(event.post_id, event.place)
        if self._scroll_timer is not None:
            self._scroll_timer.stop()
        self._scroll_timer = self.set_timer(SCROLL_SAVE_DELAY, self.save_scroll_now)

    @on(SearchBox.Changed, "#search")
    def _on_search(self, event: SearchBox.Changed) -> None:
        self._set_session(self.session.with_query(event.value), typed=True)

    @on(SearchBox.Leave)
    def _on_leave_search(self) -> None:
        self.query_one(PostList).focus()

    @on(Sidebar.Changed)
    def _on_sidebar(self, event: Sidebar.Changed) -> None:
        self._set_session(self.session.with_sidebar(event.wanted))

    @on(Sidebar.Folded)
    def _on_folded(self, event: Sidebar.Folded) -> None:
        self._set_session(self.session.with_open(event.group, event.is_open))

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
        return commands.PaletteData(
            tags=self.all_tags,
            saved=self.user_view.saved,
            problem_count=len(self.problems),
            posts=self.palette_posts,
        )

    async def palette_posts(self) -> tuple[PostSummary, ...]:
        """Every post of the store, newest first: read once, again after the index changes."""
        if self._all_rows is None and self.catalog is not None:
            self._all_rows = await asyncio.to_thread(main_work.all_posts, self.catalog)
        return self._all_rows or ()

    @on(commands.ShowTag)
    def _palette_tag(self, event: commands.ShowTag) -> None:
        self._set_session(self.session.choose_tag(event.tag))

    @on(commands.JumpToPost)
    def _palette_post(self, event: commands.JumpToPost) -> None:
        self.show_post(event.post_id)

    @on(commands.RunSavedSearch)
    def _palette_saved(self, event: commands.RunSavedSearch) -> None:
        self.show_saved(event.saved)

    @on(commands.SaveSearch)
    def _palette_save(self) -> None:
        self.action_save_search()

    @on(commands.ShowProblems)
    def show_problems(self) -> None:
        """The Problems view."""
        self.app.push_screen(ProblemsScreen(self.problems))

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
        self._set_session(self.session.jump_to(post_id))
        self.requery()  # Even when the filter was already empty: the jump must land.

    # --- searching ------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """`/`: to the search box, its text selected so typing starts a new search."""
        box = self.query_one(SearchBox)
        if box.has_focus:
            raise SkipAction()  # A `/` typed in the box is just a character.
        if self.query_one(Article).has_focus:
            self.action_find()  # In the article, `/` finds in the post.
            return
        self.set_focus(box)
        box.select_all()

    def action_submit_search(self) -> None:
        """Enter in the search box: remember the search and go to the list, at once."""
        box = self.query_one(SearchBox)
        if self.focused is not box:
            raise SkipAction()
        self.remember(box.value)
        # set_focus now, not focus(): that one waits for the next turn of the loop.
        self.set_focus(self.query_one(PostList))

    def run_search(self, query: str) -> None:
        """Show the results of `query`."""
        self._set_session(self.session.with_query(query))
        self.query_one(PostList).focus()

    def show_saved(self, saved: SavedSearch) -> None:
        """Show a saved search's whole view: its text, tags, mode, scope and order."""
        # The box's Changed arrives later with the same text: it changes nothing then.
        self._set_session(self.session.with_filter(filter_of(saved)))
        self.query_one(PostList).focus()

    def action_save_search(self) -> None:
        """Ctrl+S: name the view on screen (search, tags, AND/OR, bookmarks, order)."""
        asking.save_view(self.app, self.wanted, lambda: self.user_view.saved, self.change_user_data)

    def action_sort(self) -> None:
        self._set_session(self.session.next_sort())

    def action_tag_mode(self) -> None:
        self._set_session(self.session.toggle_mode())

    def action_next_match(self) -> None:
        if not self.query_one(Article).next_match(1):
            self.app.bell()

    def action_previous_match(self) -> None:
        if not self.query_one(Article).next_match(-1):
            self.app.bell()

    # --- marks, notes and links ---------------------------------------------------------

    def action_bookmark(self) -> None:
        """`b`: bookmark the post, or remove the bookmark; one with a note asks first."""
        post = self._post_or_bell(self.user)
        if post is not None:
            bookmarked = post.id in self.session.marks.bookmarked
            post_actions.bookmark(self.app, post, self.user_view, bookmarked, self.change_user_data)

    def action_edit_note(self) -> None:
        post = self._post_or_bell(self.user)
        if post is not None:
            post_actions.edit_note(self.app, post, self.user_view, self.change_user_data)

    def mark_read(self, post_id: str) -> None:
        if self.user is None or post_id in self.session.marks.read:
            return
        self._set_session(self.session.mark_read(post_id))
        self.change_user_data(changes.mark_read(post_id))

    def action_open_link(self) -> None:
        post = self._post_or_bell(self.catalog)
        if post is not None and self.catalog is not None:
            self.open_link(self.catalog, post.id)

    @work(thread=True, group="open")
    def open_link(self, catalog: Catalog, post_id: str) -> None:
        report = post_actions.open_link(self.app, catalog, post_id, self.root)
        if report is None:
            self.app.call_from_thread(self.app.bell)
        else:
            self.post_message(report)

    def action_find(self) -> None:
        """Ctrl+F, or `/` in the article: find in this post as you type."""
        article = self.query_one(Article)
        if article.data.post is None:
            self.app.bell()
            return
        article.focus()
        self.app.push_screen(FindScreen(article))

    def action_links(self) -> None:
        """`L`: the post's links; the one picked is followed."""
        if not article_nav.pick_link(self.app, self.query_one(Article), self.follow_link):
            self.app.bell()

    def action_outline(self) -> None:
        """`T`: the post's headings; Enter jumps to one."""
        if not article_nav.pick_heading(self.app, self.query_one(Article)):
            self.app.bell()

    @work(exclusive=True, group="follow")
    async def follow_link(self, link: Link) -> None:
        """Open a link to a post of the store here; hand any other to the opener."""
        post, catalog = self.article_data.post, self.catalog
        if post is None or catalog is None:
            return
        index = self._nav.index_for(await self.palette_posts())
        found = await asyncio.to_thread(article_nav.resolve, index, catalog, post.path, link.target)
        if found is None:
            said = await asyncio.to_thread(article_nav.open_external, self.app, link.target)
            self.post_message(reports.Notice(*said))
        elif found != post.id:
            self._nav.history.follow(post.id)
            self.show_post(found, reading=True)

    def action_link_back(self) -> None:
        """Backspace or `[`: back to the post a followed link came from."""
        self._go(self._nav.history.back)

    def action_link_forward(self) -> None:
        """`]`: forward again to the post a link led to."""
        self._go(self._nav.history.forward)

    def _go(self, step: Callable[[str], str | None]) -> None:
        post = self.article_data.post
        target = None if post is None else step(post.id)
        if target is None:
            self.app.bell()
        else:
            self.show_post(target, reading=True)

    def action_edit_file(self) -> None:
        """`E`: edit the post's file in $VISUAL or $EDITOR, then show what was saved."""
        shown, catalog = self._post_in_view(), self.catalog
        post = None if catalog is None or shown is None else catalog.post(shown.id)
        if post is None:
            self.app.bell()
            return
        problem = post_actions.edit_file(self.app, post, self.root)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)
        self.reread_post(post.id)

    @work(thread=True, exclusive=True, group="reread")
    def reread_post(self, post_id: str) -> None:
        """Bring the index up to date with an edited file, then show it again."""
        self.post_message(reports.PostEdited(post_id, self._opener.refresh()))

    @on(reports.PostEdited)
    def _show_edited(self, event: reports.PostEdited) -> None:
        if event.changed:
            self._all_rows = None  # A title may have changed: the palette reads them again.
            self.requery(tags=True)
        self.load_article(event.post_id)

    # --- layout -------------------------------------------------------------------

    def action_toggle_tags(self) -> None:
        self.query_one(Panes).toggle_tags()

    def action_back(self) -> None:
        """Escape: end a find in the post, else leave the article, then clear the search."""
        article = self.query_one(Article)
        if article.finding:
            article.end_find(go_back=True)
            return
        if not self.query_one(Panes).leave_article() and self.wanted.query:
            self._set_session(self.session.with_query(""))
