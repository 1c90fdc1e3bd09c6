"""The search box: typing searches as you go; Escape clears, a second Escape leaves.

It only reports: Input's own `Changed` with the text whenever it changes
(the screen handles it as it bubbles up: no second message per keystroke),
and `SearchBox.Leave` when the user is done (Escape on an empty box). Enter is
the screen's (a priority binding), so focus moves before the next key lands.
Up and Down walk the recent searches the screen sends down (`history`,
newest first); the suggester completes field names and tags.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

from reader.tui.suggest import SearchSuggester


class SearchBox(Input):
    """A one-line search field with history and completions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_or_leave", "Clear / leave", id="clear_search"),
        Binding("up", "history(1)", "Older search", show=False, id="history_back"),
        Binding("down", "history(-1)", "Newer search", show=False, id="history_forward"),
    ]

    @dataclass
    class Leave(Message):
        """The user is done with the box; focus should go back to the list."""

    def __init__(self, *, tags: Callable[[], Sequence[str]] = tuple, id: str | None = None) -> None:
        super().__init__(
            placeholder='Search  ( / )   words "a phrase" -word OR tag: author: after: is:unread',
            id=id,
            select_on_focus=False,
            suggester=SearchSuggester(tags),
        )
        self.history: Sequence[str] = ()
        """Recent searches, newest first (sent down by the screen)."""
        self._walk: list[str] | None = None
        self._walk_at = -1
        self._draft = ""
        self._walked_to: str | None = None
        """The text the last history step put in (its Changed comes later)."""

    def action_cursor_right(self, select: bool = False) -> None:
        """→ at the end takes the suggestion, with the quotes a tag needs."""
        suggester = self.suggester
        taking = not select and self.cursor_at_end and self._suggestion
        if taking and isinstance(suggester, SearchSuggester):
            self.value = suggester.accepted(self._suggestion)
            self.cursor_position = len(self.value)
            return
        super().action_cursor_right(select)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        # Not stopped: it goes on up to the screen, which searches.
        if event.value != self._walked_to:
            self._walk = None  # Typing starts a new walk from the newest search.
            self._walked_to = None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # The screen's Enter binding has already acted.

    def action_clear_or_leave(self) -> None:
        if self.value:
            self.value = ""  # Input.Changed follows, and the list comes back.
        else:
            self.post_message(self.Leave())

    def action_history(self, step: int) -> None:
        """Up (1): an older search; Down (-1): a newer one, then what was typed."""
        if self._walk is None:
            # A snapshot: the history may change while the user walks it.
            self._walk = [entry for entry in self.history if entry != self.value]
            self._walk_at = -1
            self._draft = self.value
        target = self._walk_at + step
        if target >= len(self._walk) or target < -1:
            self.app.bell()
            return
        self._walk_at = target
        text = self._draft if target == -1 else self._walk[target]
        self._walked_to = text
        self.value = text
        self.cursor_position = len(text)
