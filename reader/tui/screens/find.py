"""Find in this post: a line at the foot of the screen whose text the article finds as it is typed.

`/` with the article focused, or Ctrl+F anywhere, opens it. Each keystroke
marks the text in the post and goes to the first match from where the
reader was; Enter keeps the matches for `n`/`N`, Escape clears them and
goes back to where the reader was. The store-wide search is not touched.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Input

from reader.tui.widgets.article import Article


class FindScreen(ModalScreen[None]):
    """The find line over the article, which stays in view behind it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_find"),
    ]

    DEFAULT_CSS = """
    FindScreen {
        align: right bottom;
        background: $background 0%;
    }
    FindScreen > #find-input {
        width: 50;
        max-width: 100%;
        margin-bottom: 1;
        border: round $accent;
    }
    """

    def __init__(self, article: Article) -> None:
        super().__init__()
        self._article = article

    def compose(self) -> ComposeResult:
        field = Input(placeholder="Find in this post", id="find-input")
        field.border_title = "Find in this post · Enter keeps · Escape goes back"
        yield field

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._article.find(event.value)

    @on(Input.Submitted)
    def _kept(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            self._article.end_find(go_back=False)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self._article.end_find(go_back=True)
        self.dismiss(None)
