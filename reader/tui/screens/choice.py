"""A small modal that asks the user to choose: overwrite or rename, remove or keep.

Each choice has a key (shown in its button) and a value the screen gets
back; Escape cancels (None). Buttons work with the mouse too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChoiceScreen(ModalScreen[str | None]):
    """A question and a row of choices, each `(key, label, value)`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel_choice"),
    ]

    DEFAULT_CSS = """
    ChoiceScreen {
        align: center middle;
    }
    ChoiceScreen > #choice-body {
        width: 70;
        max-width: 90%;
        height: auto;
        border: round $border;
        padding: 0 1;
        background: $surface;
    }
    ChoiceScreen #choice-buttons {
        height: auto;
        margin-top: 1;
    }
    ChoiceScreen Button {
        margin-right: 1;
    }
    """

    def __init__(self, title: str, question: str, choices: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-body") as body:
            body.border_title = self._title
            body.border_subtitle = "Escape cancels"
            # The question quotes the user's text: never read it as markup.
            yield Static(Content(self._question), id="choice-question")
            with Horizontal(id="choice-buttons"):
                for key, label, value in self._choices:
                    yield Button(Content(f"{label} ({key})"), name=value, id=f"choice-{value}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for key, _label, value in self._choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.name)

    def action_cancel(self) -> None:
        self.dismiss(None)
