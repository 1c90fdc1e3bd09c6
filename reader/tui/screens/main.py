"""The main screen: search box, sidebar, post list and article, and their keys.

The state and the workers that keep it fresh are `StoreScreen`'s; this
class lays the panes out, feeds them with `data_bind`, and turns keys and
the panes' messages into changes of that state.

Keys that act on "the current post" (b, o, e) act on the post the user
sees: the article's post while the article has focus or fills a narrow
screen, else the post under the list's cursor at the moment of the key (the
`Highlighted` message from a fast `j` may not have been handled yet).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Header

from reader.catalog import CatalogError, Filter, Marks
from reader.model import PostSummary
from reader.tui.commands import (
    JumpToPost,
    PaletteData,
    PostCommands,
    RunSavedSearch,
    SaveSearch,
    SearchCommands,
    ShowProblems,
    ShowTag,
    TagCommands,
    ViewCommands,
)
from reader.tui.listing import position_of
from reader.tui.loading import Loader
from reader.tui.opener import no_opener_message, plan_open, start_detached, target_of
from reader.tui.saved_view import describe, filter_of, is_empty_view, view_of
from reader.tui.screens.choice import ChoiceScreen
from reader.tui.screens.problems import ProblemsScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.screens.reports import Failed, Notice, PostEdited
from reader.tui.screens.store_screen import StoreScreen
from reader.tui.terminal import editor_command, run_suspended
from reader.tui.userstate import FAILURES, UserState, UserView
from reader.tui.widgets.article import Article
from reader.tui.widgets.footer import FittingFooter
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.searches import SavedSearch

NARROW_WIDTH = 100
"""Below this many columns the sidebar hides and the article takes the whole width."""


class MainScreen(StoreScreen):
    """Browse, filter, search and read the posts of one store."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, like Enter below: the keys typed right after `/` must land in the box.
        Binding("slash", "focus_search", "Search", priority=True, id="search"),
        Binding("b", "bookmark", "Bookmark", id="bookmark"),
        Binding("e", "edit_note", "Note", id="edit_note"),
        Binding("n", "next_match", "Next match", show=False, id="next_match"),
        Binding("N", "previous_match", "Previous match", show=False, id="previous_match"),
        Binding("o", "open_link", "Open link", id="open_link"),
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
        TagCommands,
        PostCommands,
        SearchCommands,
        ViewCommands,
    }

    narrow: reactive[bool] = reactive(False, init=False)
    reading: reactive[bool] = reactive(False, init=False)
    """Narrow layout only: the article fills the screen."""
    sidebar_toggled: reactive[bool] = reactive(False, init=False)
    """`t` was pressed: the sidebar shows when narrow, hides when wide."""

    def __init__(self, root: Path, loader: Loader, user_factory: type[UserState]) -> None:
        super().__init__(root, loader, user_factory)
        self._all_rows: tuple[PostSummary, ...] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(tags=self._tag_names, id="search").data_bind(value=MainScreen.search_text)
        with Horizontal(id="panes"):
            yield Sidebar(id="sidebar").data_bind(data=MainScreen.sidebar_data)
            yield PostList(id="posts").data_bind(MainScreen.listing, MainScreen.marks)
            yield Article(id="article").data_bind(data=MainScreen.article_data)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = self.root.name or str(self.root)
        self.sub_title = "loading…"
        self.narrow = self.size.width < NARROW_WIDTH
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

    def _tag_names(self) -> list[str]:
        return [tag for tag, _count in self.all_tags]

    def _cursor_post(self) -> str | None:
        """The post b, e and o act on: the article's while the user reads it,
        else the one under the list's cursor, now."""
        shown = self.article_data.post
        if shown is not None and (self.reading or self.query_one(Article).has_focus):
            return shown.id
        return self.query_one(PostList).highlighted_id

    def _cursor_title(self, post_id: str) -> str:
        shown = self.article_data.post
        if shown is not None and shown.id == post_id:
            return shown.title
        posts = self.query_one(PostList)
        rows = posts.selection.rows
        if 0 <= posts.cursor < len(rows) and rows[posts.cursor].id == post_id:
            return rows[posts.cursor].title
        return post_id

    # --- what the panes report ----------------------------------------------------

    @on(PostList.Highlighted)
    def _on_highlighted(self, event: PostList.Highlighted) -> None:
        self.highlighted = event.post_id

    @on(PostList.Opened)
    def _on_opened(self, event: PostList.Opened) -> None:
        if self.narrow:
            self.reading = True
        self.query_one(Article).focus()
        if not self.query_one(PostList).is_missing(event.post_id):
            self.mark_read(event.post_id)
        # Opening a result is acting on the search: it goes into the history.
        self.remember(self.wanted.query)

    @on(Article.Scrolled)
    def _on_article_scrolled(self, event: Article.Scrolled) -> None:
        self.note_scroll(event.post_id, event.place)

    @on(SearchBox.Search)
    def _on_search(self, event: SearchBox.Search) -> None:
        self._set_session(self.session.with_query(event.query), typed=True)

    @on(SearchBox.Leave)
    def _on_leave_search(self) -> None:
        self.query_one(PostList).focus()

    @on(Sidebar.Changed)
    def _on_sidebar(self, event: Sidebar.Changed) -> None:
        self._set_session(self.session.with_sidebar(event.wanted))

    @on(Sidebar.RunSearch)
    def _on_run_search(self, event: Sidebar.RunSearch) -> None:
        saved = next((s for s in self.user_view.saved if s.name == event.name), None)
        if saved is None:
            self.run_search(event.query)
        else:
            self.show_saved(saved)

    @on(Sidebar.DeleteSearch)
    def _on_delete_search(self, event: Sidebar.DeleteSearch) -> None:
        name = event.name
        self.change_user_data(lambda user: user.delete_search(name), "Not deleted")
        self.notify(f"Deleted the saved search “{name}”", markup=False)

    def watch_user_view(self, old: UserView, new: UserView) -> None:
        super().watch_user_view(old, new)
        self.query_one(SearchBox).history = new.history

    def filter_changed(self) -> None:
        self._show_sort()

    def _show_sort(self) -> None:
        self.query_one(PostList).border_title = f"Posts · {self.session.sort_label}"

    # --- searching ------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """`/`: to the search box, its text selected so typing starts a new search."""
        box = self.query_one(SearchBox)
        if box.has_focus:
            raise SkipAction()  # A `/` typed in the box is just a character.
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
        """Show the results of `query` (from the palette's history)."""
        self._set_session(self.session.with_query(query))
        self.query_one(PostList).focus()

    def show_saved(self, saved: SavedSearch) -> None:
        """Show a saved search's whole view: its text, tags, mode, scope and order."""
        # The box's Changed arrives later with the same text: it changes nothing then.
        self._set_session(self.session.with_filter(filter_of(saved)))
        self.query_one(PostList).focus()

    def action_save_search(self) -> None:
        """Ctrl+S: name the view on screen (search, tags, AND/OR, bookmarks, order)."""
        wanted = self.wanted
        if is_empty_view(wanted):
            self.notify("Type a search or choose a tag first, then save it.", severity="warning")
            return
        view = view_of(wanted)
        query = wanted.query.strip()
        same = (s.name for s in self.user_view.saved if s.query == query and s.view == view)
        self._ask_name(wanted, next(same, ""))

    def _ask_name(self, wanted: Filter, name: str) -> None:
        def chosen(answer: str | None) -> None:
            if answer is not None and answer.strip():
                self._save_view(wanted, answer.strip())

        prompt = PromptScreen(
            f"Save “{describe(wanted)}” as", name, placeholder="A name for this search"
        )
        self.app.push_screen(prompt, chosen)

    def _save_view(self, wanted: Filter, name: str, *, overwrite: bool = False) -> None:
        """Save under `name`; a name already used for another view asks first."""
        query, view = wanted.query.strip(), view_of(wanted)
        clash = next((s for s in self.user_view.saved if s.name == name), None)
        if clash is not None and not overwrite and (clash.query, clash.view) != (query, view):

            def decided(answer: str | None) -> None:
                if answer == "overwrite":
                    self._save_view(wanted, name, overwrite=True)
                elif answer == "rename":
                    self._ask_name(wanted, name)

            question = (
                f"“{name}” already shows {describe(filter_of(clash))}.\n"
                f"Overwrite it with {describe(wanted)}?"
            )
            choices = [("o", "Overwrite", "overwrite"), ("r", "Another name", "rename")]
            self.app.push_screen(ChoiceScreen("Name in use", question, choices), decided)
            return
        self.change_user_data(
            lambda user: user.save_search(name, query, view), "The search was not saved"
        )
        self.notify(f"Saved the search as “{name}”", markup=False)

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

    def show_problems(self) -> None:
        """The Problems view (from the command palette)."""
        self.app.push_screen(ProblemsScreen(self.problems))

    def show_tag(self, tag: str) -> None:
        """Show only the posts with `tag` (from the command palette)."""
        self._set_session(self.session.choose_tag(tag))

    @work(exclusive=True, group="jump")
    async def show_post(self, post_id: str) -> None:
        """Put the cursor on a post, clearing the filter if it hides the post."""
        catalog, rows = self.catalog, self.listing.selection.rows
        posts = self.query_one(PostList)
        posts.focus()
        if catalog is None:
            return
        index = await asyncio.to_thread(position_of, rows, post_id)
        if index is not None and rows is self.listing.selection.rows:
            posts.move_cursor(index)
            return
        self._set_session(self.session.jump_to(post_id))
        self.requery()  # Even when the filter was already empty: the jump must land.

    @property
    def palette(self) -> PaletteData:
        """What the command palette's providers list, as of now."""
        return PaletteData(
            tags=self.all_tags,
            saved=self.user_view.saved,
            problem_count=len(self.problems),
            posts=self.palette_posts,
        )

    def index_changed(self) -> None:
        self._all_rows = None  # Titles may have changed: the palette reads them again.

    @on(ShowTag)
    def _palette_tag(self, event: ShowTag) -> None:
        self.show_tag(event.tag)

    @on(JumpToPost)
    def _palette_post(self, event: JumpToPost) -> None:
        self.show_post(event.post_id)

    @on(RunSavedSearch)
    def _palette_saved(self, event: RunSavedSearch) -> None:
        self.show_saved(event.saved)

    @on(SaveSearch)
    def _palette_save(self) -> None:
        self.action_save_search()

    @on(ShowProblems)
    def _palette_problems(self) -> None:
        self.show_problems()

    async def palette_posts(self) -> tuple[PostSummary, ...]:
        """Every post of the store, newest first (for the command palette)."""
        if self._all_rows is None and self.catalog is not None:
            everything = await asyncio.to_thread(self.catalog.select, Filter(), Marks())
            self._all_rows = await asyncio.to_thread(tuple, everything.rows)
        return self._all_rows or ()

    # --- marks, notes and links ---------------------------------------------------------

    def action_bookmark(self) -> None:
        """`b`: bookmark the post, or remove the bookmark; one with a note asks first."""
        post_id = self._cursor_post()
        if post_id is None or self.user is None:
            self.app.bell()
            return
        title = self._cursor_title(post_id)
        note = self.user_view.note(post_id) if post_id in self.session.marks.bookmarked else None
        if not note:
            self._toggle_bookmark(post_id, title)
            return

        def decided(answer: str | None) -> None:
            if answer == "remove":
                self._toggle_bookmark(post_id, title)

        # A note is the user's own writing: one key must not throw it away unasked.
        question = (
            f"“{title}” has a note:\n{' '.join(note.split())}\nRemove the bookmark and its note?"
        )
        choices = [("r", "Remove both", "remove"), ("k", "Keep them", "keep")]
        self.app.push_screen(ChoiceScreen("Remove bookmark", question, choices), decided)

    def _toggle_bookmark(self, post_id: str, title: str) -> None:
        def toggle(user: UserState) -> None:
            added = user.toggle_bookmark(post_id, title)
            word = "Bookmarked" if added else "Bookmark removed"
            self.post_message(Notice(f"{word}: {title}"))

        self.change_user_data(toggle, "Bookmark not saved")

    def action_edit_note(self) -> None:
        post_id = self._cursor_post()
        if post_id is None or self.user is None:
            self.app.bell()
            return
        title = self._cursor_title(post_id)

        def save(note: str | None) -> None:
            if note is not None:
                self.change_user_data(
                    lambda user: user.set_note(post_id, title, note), "The note was not saved"
                )

        prompt = PromptScreen(
            f"Note on “{title}”",
            self.user_view.note(post_id) or "",
            placeholder="A note (saving one bookmarks the post)",
        )
        self.app.push_screen(prompt, save)

    def mark_read(self, post_id: str) -> None:
        if self.user is None or post_id in self.session.marks.read:
            return
        self._set_session(self.session.mark_read(post_id))
        self.change_user_data(
            lambda user: user.mark_read(post_id), "Not marked as read", quiet=True
        )

    def action_open_link(self) -> None:
        post_id = self._cursor_post()
        if post_id is None or self.catalog is None:
            self.app.bell()
            return
        self.open_link(post_id)

    @work(thread=True, group="open")
    def open_link(self, post_id: str) -> None:
        catalog = self.catalog
        post = None if catalog is None else catalog.post(post_id)
        call = self.app.call_from_thread
        if post is None:
            call(self.app.bell)
            return
        target = target_of(post, self.root)
        plan = plan_open(target)
        if not plan.command:
            call(self.notify, no_opener_message(target, plan), severity="error", markup=False)
            return
        if plan.console:
            # A console browser needs the terminal: the app steps aside meanwhile.
            problem = call(run_suspended, self.app, plan.command)
        else:
            problem = start_detached(plan.command)
        message = f"Opening {target}" if problem is None else f"{target}: {problem}"
        severity = "information" if problem is None else "error"
        call(self.notify, message, severity=severity, markup=False)

    def action_edit_file(self) -> None:
        """`E`: edit the post's file in $VISUAL or $EDITOR, then show what was saved."""
        post_id = self._cursor_post()
        catalog = self.catalog
        post = None if catalog is None or post_id is None else catalog.post(post_id)
        if post is None:
            self.app.bell()
            return
        path = self.root / post.path
        problem = run_suspended(self.app, editor_command(path))
        if problem is not None:
            self.notify(f"{path}: {problem}", severity="error", markup=False)
        self.reread_post(post.id)

    @work(thread=True, exclusive=True, group="reread")
    def reread_post(self, post_id: str) -> None:
        """Bring the index up to date with an edited file, then show it again."""
        try:
            changed = self._loader.refresh(lambda done, total: None)
        except (OSError, CatalogError) as error:
            self.post_message(Failed(f"The index was not updated: {error}"))
            changed = False
        self.post_message(PostEdited(post_id, changed))

    @on(PostEdited)
    def _show_edited(self, event: PostEdited) -> None:
        if event.changed:
            self.index_changed()
            self.requery()
        self.load_article(event.post_id)

    # --- layout -------------------------------------------------------------------

    def on_resize(self) -> None:
        self.narrow = self.size.width < NARROW_WIDTH

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-narrow")
        self.sidebar_toggled = False
        # Someone reading when the terminal shrinks keeps reading, full width.
        self.reading = narrow and self.query_one(Article).has_focus

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
            self._set_session(self.session.with_query(""))
