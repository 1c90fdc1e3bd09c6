"""The main screen's keys: their bindings, declared once with ids, and what each does.

config.toml remaps a key by its binding's id; the help screen and the
footer read the bindings from the screen class. Each action is a plain
function of the screen, bound in the screen's class body as its
`action_<name>`, so the class lists every key in one place and this module
holds what the keys do. They change the view only through the screen's
`set_session` and its reactives; b, e, o and E are `post_actions`, L and T
`article_nav`, and the article's own mechanics are the screen's `ArticleFeed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.actions import SkipAction
from textual.binding import Binding, BindingType

from reader.catalog import Catalog
from reader.tui.screens import article_nav, asking, post_actions, reports
from reader.tui.screens.find import FindScreen
from reader.tui.screens.post_actions import PostRef, post_in_view
from reader.tui.widgets.article import Article
from reader.tui.widgets.panes import Panes
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.userdata.searches import SavedSearch

if TYPE_CHECKING:  # The screen imports this module.
    from reader.tui.screens.main import MainScreen

BINDINGS: list[BindingType] = [
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
    Binding("backspace,left_square_bracket", "link_back", "Link back", show=False, id="link_back"),
    Binding("right_square_bracket", "link_forward", "Link forward", show=False, id="link_forward"),
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
"""Every key of the main screen, in the order the footer and the help screen show them."""


# --- searching ------------------------------------------------------------------


def check_action(screen: MainScreen, action: str, parameters: tuple[object, ...]) -> bool | None:
    """Whether a key of the screen acts now: `/` is the article's own (find in
    the post) while the article has the focus, so the screen's stands aside
    (False also takes it out of the footer)."""
    return not (action == "focus_search" and isinstance(screen.focused, Article))


def focus_search(screen: MainScreen) -> None:
    """`/`: to the search box, its text selected so typing starts a new search."""
    box = screen.query_one(SearchBox)
    if box.has_focus:
        raise SkipAction()  # A `/` typed in the box is just a character.
    screen.set_focus(box)
    box.select_all()


def submit_search(screen: MainScreen) -> None:
    """Enter in the search box: remember the search and go to the list, at once."""
    box = screen.query_one(SearchBox)
    if screen.focused is not box:
        raise SkipAction()
    screen.user_data.remember(box.value)
    # set_focus now, not focus(): that one waits for the next turn of the loop.
    screen.set_focus(screen.query_one(PostList))


def save_search(screen: MainScreen) -> None:
    """Ctrl+S: name the view on screen (search, tags, AND/OR, bookmarks, order)."""

    def saved() -> tuple[SavedSearch, ...]:
        return screen.user_view.saved  # Read when the name is given, not now.

    asking.save_view(screen.app, screen.wanted, saved, screen.change_user_data)


def sort(screen: MainScreen) -> None:
    """`s`: the next order (newest, oldest, title, relevance while searching)."""
    screen.set_session(screen.session.next_sort())


def tag_mode(screen: MainScreen) -> None:
    """`m`: chosen tags, and chosen authors, combine with AND or OR."""
    screen.set_session(screen.session.toggle_mode())


def next_match(screen: MainScreen) -> None:
    """`n`: the next match in the article (a bell if there is none)."""
    if not screen.query_one(Article).next_match(1):
        screen.app.bell()


def previous_match(screen: MainScreen) -> None:
    """`N`: the previous match in the article (a bell if there is none)."""
    if not screen.query_one(Article).next_match(-1):
        screen.app.bell()


# --- the post in view: b, e, o, E -------------------------------------------------


def post_in_view_of(screen: MainScreen) -> PostRef | None:
    """The post b, e, o and E act on (see `post_actions.post_in_view`)."""
    reading = screen.query_one(Panes).article_in_view
    return post_in_view(screen.article_data.post, reading, screen.query_one(PostList))


def _post_or_bell(screen: MainScreen, needed: object) -> PostRef | None:
    """The post in view, if there is one and what the key `needed` is open; else a bell."""
    post = post_in_view_of(screen)
    if post is None or needed is None:
        screen.app.bell()
        return None
    return post


def bookmark(screen: MainScreen) -> None:
    """`b`: bookmark the post, or remove the bookmark; one with a note asks first."""
    post = _post_or_bell(screen, screen.user)
    if post is not None:
        bookmarked = post.id in screen.session.marks.bookmarked
        view, apply = screen.user_view, screen.change_user_data
        post_actions.bookmark(screen.app, post, view, bookmarked, apply)


def edit_note(screen: MainScreen) -> None:
    """`e`: add or edit the post's bookmark note."""
    post = _post_or_bell(screen, screen.user)
    if post is not None:
        post_actions.edit_note(screen.app, post, screen.user_view, screen.change_user_data)


def open_link(screen: MainScreen) -> None:
    """`o`: open the post's permalink, or its file, with the system opener (in a thread)."""
    post, catalog = _post_or_bell(screen, screen.catalog), screen.catalog
    if post is not None and catalog is not None:
        screen.run_worker(lambda: _open_link(screen, catalog, post.id), thread=True, group="open")


def _open_link(screen: MainScreen, catalog: Catalog, post_id: str) -> None:
    report = post_actions.open_link(screen.app, catalog, post_id, screen.root)
    if report is None:
        screen.app.call_from_thread(screen.app.bell)
    else:
        screen.post_message(report)


def edit_file(screen: MainScreen) -> None:
    """`E`: edit the post's file in $VISUAL or $EDITOR, then show what was saved."""
    shown, catalog = post_in_view_of(screen), screen.catalog
    post = None if catalog is None or shown is None else catalog.post(shown.id)
    if post is None:
        screen.app.bell()
        return
    problem = post_actions.edit_file(screen.app, post, screen.root)
    if problem is not None:
        screen.notify(problem, severity="error", markup=False)
    # The index takes the edit in a thread; `reports.PostEdited` shows the post again.
    screen.run_worker(
        lambda: screen.post_message(reports.PostEdited(post.id, screen.opener.refresh())),
        thread=True,
        group="reread",
        exclusive=True,
    )


@on(reports.PostEdited)
def edited(screen: MainScreen, event: reports.PostEdited) -> None:
    """The edited post is in the index: show it again (and its new title, if it changed)."""
    if event.changed:
        screen.palette_source.forget()  # A title may have changed: the palette reads them again.
        screen.requery(tags=True)
    screen.feed.load(event.post_id)


# --- the article: find, links, outline ----------------------------------------------


def find(screen: MainScreen) -> None:
    """Ctrl+F, or `/` in the article: find in this post as you type."""
    article = screen.query_one(Article)
    if article.data.post is None:
        screen.app.bell()
        return
    article.focus()
    screen.app.push_screen(FindScreen(article))


def links(screen: MainScreen) -> None:
    """`L`: the post's links; the one picked is followed."""
    if not article_nav.pick_link(screen.app, screen.query_one(Article), screen.feed.follow):
        screen.app.bell()


def outline(screen: MainScreen) -> None:
    """`T`: the post's headings; Enter jumps to one."""
    if not article_nav.pick_heading(screen.app, screen.query_one(Article)):
        screen.app.bell()


def link_back(screen: MainScreen) -> None:
    """Backspace or `[`: back to the post a followed link came from."""
    screen.feed.back()


def link_forward(screen: MainScreen) -> None:
    """`]`: forward again to the post a link led to."""
    screen.feed.forward()


# --- layout -------------------------------------------------------------------


def toggle_tags(screen: MainScreen) -> None:
    """`t`: show or hide the tags."""
    screen.query_one(Panes).toggle_tags()


def back(screen: MainScreen) -> None:
    """Escape: end a find in the post, else leave the article, then clear the search."""
    article = screen.query_one(Article)
    if article.finding:
        article.end_find(go_back=True)
        return
    if not screen.query_one(Panes).leave_article() and screen.wanted.query:
        screen.set_session(screen.session.with_query(""))
