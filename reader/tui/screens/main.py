"""The main screen: search box, tag sidebar, post list and article.

The screen owns the state (the filter, the user's marks, the selection, the
highlighted post, the layout) in reactives and feeds the panes with
`data_bind`; the panes report what the user did with messages. Every store
and user-file call runs in a worker, off the UI loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from reader.catalog import Catalog, Filter, Marks, Selection, TagMode
from reader.model import PostSummary
from reader.tui.commands import PostCommands, TagCommands
from reader.tui.loading import CatalogFactory, problems_message
from reader.tui.opener import open_target, target_of
from reader.tui.state import SORT_LABELS, counts_line, next_sort, tag_rows, with_query
from reader.tui.userstate import UserState
from reader.tui.widgets.article import Article, ArticleData
from reader.tui.widgets.post_list import EMPTY_SELECTION, PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar, SidebarData
from reader.userdata.tomlfile import UserDataError

NARROW_WIDTH = 100
"""Below this many columns the sidebar hides and the article takes the whole width."""
ARTICLE_DELAY = 0.03
"""Seconds to wait before loading the highlighted post, so held arrows do not queue work."""


class MainScreen(Screen[None]):
    """Browse, filter, search and read the posts of one store."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("t", "toggle_tags", "Tags", id="toggle_tags"),
        Binding("s", "sort", "Sort", id="sort"),
        Binding("m", "tag_mode", "AND/OR", id="tag_mode"),
        Binding("escape", "back", "Back / clear search", show=False, id="back"),
    ]

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        TagCommands,
        PostCommands,
    }

    wanted: reactive[Filter] = reactive(Filter(), init=False)
    marks: reactive[Marks] = reactive(Marks(), always_update=True, init=False)
    selection: reactive[Selection] = reactive(EMPTY_SELECTION, always_update=True, init=False)
    loaded: reactive[bool] = reactive(False, init=False)
    sidebar_data: reactive[SidebarData] = reactive(SidebarData(), always_update=True, init=False)
    article_data: reactive[ArticleData] = reactive(ArticleData(empty_text="Loading…"), init=False)
    highlighted: reactive[str | None] = reactive(None, init=False)
    narrow: reactive[bool] = reactive(False, init=False)
    reading: reactive[bool] = reactive(False, init=False)
    """Narrow layout only: the article fills the screen."""
    sidebar_toggled: reactive[bool] = reactive(False, init=False)
    """`t` was pressed: the sidebar shows when narrow, hides when wide."""

    def __init__(
        self, root: Path, catalog_factory: CatalogFactory, user_factory: type[UserState]
    ) -> None:
        super().__init__()
        self.root = root
        self._catalog_factory = catalog_factory
        self._user_factory = user_factory
        self.catalog: Catalog | None = None
        self.user: UserState | None = None
        self.all_tags: tuple[tuple[str, int], ...] = ()
        self._all_rows: tuple[PostSummary, ...] | None = None
        self._pending_jump: str | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Header()
        yield SearchBox(id="search")
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar").data_bind(data=MainScreen.sidebar_data)
            yield PostList(id="posts").data_bind(
                MainScreen.selection, MainScreen.marks, MainScreen.loaded
            )
            yield Article(id="article").data_bind(data=MainScreen.article_data)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.root.name or str(self.root)
        self.sub_title = "loading…"
        self.narrow = self.size.width < NARROW_WIDTH
        self._show_sort()
        self.query_one(PostList).focus()
        self.load()

    # --- loading and querying ------------------------------------------------

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        try:
            catalog, problems = await asyncio.to_thread(self._catalog_factory, self.root)
        except OSError as error:
            self.notify(f"{self.root}: {error}", severity="error", markup=False)
            self.article_data = ArticleData(empty_text="The store could not be opened.")
            return
        user = self._user_factory(self.root)
        marks = await asyncio.to_thread(user.marks)
        self.all_tags = tuple(await asyncio.to_thread(catalog.all_tags))
        self.catalog, self.user = catalog, user
        if problems:
            self.notify(problems_message(problems), severity="warning", markup=False)
        self._flush_warnings()
        self.marks = marks
        self._requery()

    def _requery(self) -> None:
        if self.catalog is not None:
            self.run_query(self.catalog, self.wanted, self.marks)

    @work(exclusive=True, group="query")
    async def run_query(self, catalog: Catalog, wanted: Filter, marks: Marks) -> None:
        selection = await asyncio.to_thread(catalog.select, wanted, marks)
        self.selection = selection
        self.loaded = True
        self.sidebar_data = SidebarData(
            wanted=wanted,
            tags=tag_rows(self.all_tags, selection),
            total=selection.total,
            bookmarked_total=selection.bookmarked_total,
        )
        self.sub_title = counts_line(selection)
        shown = self.article_data
        if not selection.rows:
            self.article_data = ArticleData(empty_text="No posts match.")
        elif shown.post is not None and shown.terms != selection.terms:
            self.article_data = replace(shown, terms=selection.terms)
        if self._pending_jump is not None:
            self.query_one(PostList).go_to(self._pending_jump)
            self._pending_jump = None

    def watch_wanted(self) -> None:
        self._show_sort()
        self._requery()

    def watch_marks(self, old: Marks, new: Marks) -> None:
        # Read marks only restyle rows; bookmarks can change what is listed.
        if old.bookmarked != new.bookmarked:
            self._requery()

    def _show_sort(self) -> None:
        self.query_one(PostList).border_title = f"Posts · {SORT_LABELS[self.wanted.sort]}"

    def _flush_warnings(self) -> None:
        if self.user is not None:
            for warning in self.user.take_warnings():
                self.notify(warning, severity="warning", markup=False)

    # --- the article ----------------------------------------------------------

    @on(PostList.Highlighted)
    def _on_highlighted(self, event: PostList.Highlighted) -> None:
        self.highlighted = event.post_id

    def watch_highlighted(self, post_id: str | None) -> None:
        self.load_article(post_id)

    @work(exclusive=True, group="article")
    async def load_article(self, post_id: str | None) -> None:
        catalog = self.catalog
        if post_id is None or catalog is None:
            return
        await asyncio.sleep(ARTICLE_DELAY)
        post = await asyncio.to_thread(catalog.post, post_id)
        self.article_data = ArticleData(post, self.selection.terms)

    @on(PostList.Opened)
    def _on_opened(self, event: PostList.Opened) -> None:
        if self.narrow:
            self.reading = True
        self.query_one(Article).focus()
        self.mark_read(event.post_id)

    @work(group="marks")
    async def mark_read(self, post_id: str) -> None:
        user = self.user
        if user is None or post_id in self.marks.read:
            return
        await asyncio.to_thread(user.mark_read, post_id)
        self._flush_warnings()
        self.marks = replace(self.marks, read=self.marks.read | {post_id})

    # --- the filter -----------------------------------------------------------

    @on(SearchBox.Search)
    def _on_search(self, event: SearchBox.Search) -> None:
        self.wanted = with_query(self.wanted, event.query)

    @on(SearchBox.Leave)
    def _on_leave_search(self) -> None:
        self.query_one(PostList).focus()

    @on(Sidebar.Changed)
    def _on_sidebar(self, event: Sidebar.Changed) -> None:
        chosen = event.wanted
        self.wanted = replace(
            self.wanted,
            tags=chosen.tags,
            exclude_tags=chosen.exclude_tags,
            bookmarked_only=chosen.bookmarked_only,
        )

    def action_focus_search(self) -> None:
        self.query_one(SearchBox).focus()

    def action_sort(self) -> None:
        self.wanted = next_sort(self.wanted)

    def action_tag_mode(self) -> None:
        mode: TagMode = "or" if self.wanted.tag_mode == "and" else "and"
        self.wanted = replace(self.wanted, tag_mode=mode)

    def show_tag(self, tag: str) -> None:
        """Show only the posts with `tag` (from the command palette)."""
        self.wanted = replace(self.wanted, tags=(tag,), exclude_tags=(), bookmarked_only=False)

    def show_post(self, post_id: str) -> None:
        """Put the cursor on a post, clearing the filter if it hides the post."""
        posts = self.query_one(PostList)
        if not posts.go_to(post_id):
            self._pending_jump = post_id
            self.query_one(SearchBox).value = ""
            self.wanted = Filter(tag_mode=self.wanted.tag_mode)
        posts.focus()

    async def palette_posts(self) -> tuple[PostSummary, ...]:
        """Every post of the store, newest first (for the command palette)."""
        if self._all_rows is None and self.catalog is not None:
            everything = await asyncio.to_thread(self.catalog.select, Filter(), Marks())
            self._all_rows = tuple(everything.rows)
        return self._all_rows or ()

    # --- marks and links --------------------------------------------------------

    def action_bookmark(self) -> None:
        if self.highlighted is None or self.user is None:
            self.app.bell()
            return
        self.toggle_bookmark(self.highlighted)

    @work(group="marks")
    async def toggle_bookmark(self, post_id: str) -> None:
        user, catalog = self.user, self.catalog
        if user is None or catalog is None:
            return
        post = await asyncio.to_thread(catalog.post, post_id)
        title = post.title if post is not None else post_id
        try:
            added = await asyncio.to_thread(user.toggle_bookmark, post_id, title)
            marks = await asyncio.to_thread(user.marks)
        except (UserDataError, OSError) as error:
            self.notify(f"Bookmark not saved: {error}", severity="error", markup=False)
            return
        self._flush_warnings()
        self.marks = marks
        self.notify(f"{'Bookmarked' if added else 'Bookmark removed'}: {title}", markup=False)

    def action_open_link(self) -> None:
        post = self.article_data.post
        if post is None or post.id != self.highlighted:
            self.app.bell()
            return
        self.open_link(target_of(post, self.root))

    @work(thread=True, group="open")
    def open_link(self, target: str) -> None:
        problem = open_target(target)
        message = f"Opening {target}" if problem is None else f"{target}: {problem}"
        severity = "information" if problem is None else "error"
        self.app.call_from_thread(self.notify, message, severity=severity, markup=False)

    # --- layout -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.narrow = self.size.width < NARROW_WIDTH

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        self.sidebar_toggled = False
        if not narrow:
            self.reading = False

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")

    def watch_sidebar_toggled(self, toggled: bool) -> None:
        self.set_class(toggled, "-toggled")
        sidebar = self.query_one(Sidebar)
        if sidebar.has_focus and not sidebar.display:
            self.query_one(PostList).focus()

    def action_toggle_tags(self) -> None:
        self.reading = False
        self.sidebar_toggled = not self.sidebar_toggled
        shown = self.sidebar_toggled == self.narrow
        self.query_one(Sidebar if shown else PostList).focus()

    def action_back(self) -> None:
        """Escape: leave the article, then clear the search."""
        if self.reading:
            self.reading = False
            self.query_one(PostList).focus()
        elif self.query_one(Article).has_focus:
            self.query_one(PostList).focus()
        elif self.wanted.query:
            self.query_one(SearchBox).value = ""
