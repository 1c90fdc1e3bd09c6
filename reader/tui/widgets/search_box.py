"""The search box: typing searches as you go; Escape clears, a second Escape leaves.

It only reports: `SearchBox.Search` with the text whenever it changes, and
`SearchBox.Leave` when the user is done typing (Enter, or Escape on an empty
box). The screen decides what searching means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBox(Input):
    """A one-line search field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_or_leave", "Clear / leave", id="clear_search"),
    ]

    @dataclass
    class Search(Message):
        """The search text changed."""

        query: str

    @dataclass
    class Leave(Message):
        """The user is done with the box; focus should go back to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Search  ( / )", id=id, select_on_focus=False)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Search(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Leave())

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.value = ""  # Input.Changed follows, and the list comes back.
        else:
            self.post_message(self.Leave())
