"""The Problems view: every file of the store that loaded with a problem, one per line.

`path:line: reason`, as `reader list` reports them; opened from the
command palette. Store text is shown as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.model import LoadProblem


def problems_text(problems: Sequence[LoadProblem]) -> Text:
    """One line per problem; a line saying so when there is none."""
    if not problems:
        return Text("No problems: every file of the store loaded as written.")
    return Text("\n".join(str(problem) for problem in problems), no_wrap=False)


class ProblemsScreen(ModalScreen[None]):
    """A scrollable list of the store's problems; Escape or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="close_problems"),
    ]

    DEFAULT_CSS = """
    ProblemsScreen {
        align: center middle;
    }
    ProblemsScreen > #problems-body {
        width: 90%;
        height: 80%;
        border: round $border;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, problems: Sequence[LoadProblem]) -> None:
        super().__init__()
        self._problems = tuple(problems)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-body") as body:
            count = len(self._problems)
            body.border_title = f"Problems in the store ({count:,})"
            body.border_subtitle = "Escape closes · these files loaded in part or not at all"
            yield Static(problems_text(self._problems), id="problems-text")

    def action_close(self) -> None:
        self.dismiss()
