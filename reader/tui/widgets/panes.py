"""The three panes (tags, posts, article) and how they share the width.

Wide, all three show side by side and `t` hides the tags. Narrow (under
`NARROW_WIDTH` columns) the tags hide until `t`, and opening a post lets the
article take the whole width until Escape. `Panes` owns that layout state
(`narrow`, `reading`, `sidebar_toggled`), shows it as CSS classes on itself
(`reader.tcss` says what each hides) and moves the focus with it; it knows
nothing of the posts, the search or the user's data.
"""

from __future__ import annotations

from textual import events, on
from textual.containers import Horizontal
from textual.reactive import reactive

from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import Sidebar

NARROW_WIDTH = 100
"""Below this many columns the sidebar hides and the article takes the whole width."""


class Panes(Horizontal):
    """The sidebar, the post list and the article, laid out for the width there is."""

    narrow: reactive[bool] = reactive(False, init=False)
    reading: reactive[bool] = reactive(False, init=False)
    """Narrow layout only: the article fills the screen."""
    sidebar_toggled: reactive[bool] = reactive(False, init=False)
    """`t` was pressed: the sidebar shows when narrow, hides when wide."""

    def on_mount(self) -> None:
        # The screen's width: this container has none of its own before the first layout.
        self.narrow = self.screen.size.width < NARROW_WIDTH

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = event.size.width < NARROW_WIDTH

    @property
    def article_in_view(self) -> bool:
        """The user is reading the article: it fills a narrow screen or has the focus."""
        return self.reading or self.query_one(Article).has_focus

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

    @on(PostList.Opened)
    def _open(self) -> None:
        # Not stopped: the screen marks the post read too.
        if self.narrow:
            self.reading = True
        self.query_one(Article).focus()

    def toggle_tags(self) -> None:
        """`t`: show or hide the tags, and go to them when they show."""
        self.reading = False
        self.sidebar_toggled = not self.sidebar_toggled
        shown = self.sidebar_toggled == self.narrow
        self.query_one(Sidebar if shown else PostList).focus()

    def leave_article(self) -> bool:
        """Escape: from the article back to the list; False if the article was not in use."""
        if not self.article_in_view:
            return False
        self.reading = False
        self.query_one(PostList).focus()
        return True
