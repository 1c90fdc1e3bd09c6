"""A modal list to pick one line from: the post's links (`L`) or its outline (`T`).

Enter picks the highlighted line (the screen gets its index back); Escape
cancels (None). Typing does not filter: the lists are a post's, short enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickScreen(ModalScreen[int | None]):
    """A titled list of lines; dismissed with the index of the one picked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_pick"),
    ]

    DEFAULT_CSS = """
    PickScreen {
        align: center middle;
    }
    PickScreen > #pick-body {
        width: 90;
        max-width: 90%;
        height: auto;
        max-height: 80%;
        border: round $border;
        background: $surface;
    }
    PickScreen OptionList {
        height: auto;
        max-height: 100%;
        border: none;
    }
    """

    def __init__(self, title: str, lines: Sequence[str], highlighted: int = 0) -> None:
        super().__init__()
        self._title = title
        self._lines = tuple(lines)
        self._highlighted = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-body") as body:
            body.border_title = self._title
            body.border_subtitle = "Enter picks · Escape cancels"
            # The lines quote the post: never read them as markup.
            yield OptionList(
                *(Option(Content(line), id=str(index)) for index, line in enumerate(self._lines)),
                id="pick-list",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self._lines:
            options.highlighted = min(max(self._highlighted, 0), len(self._lines) - 1)
        options.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
