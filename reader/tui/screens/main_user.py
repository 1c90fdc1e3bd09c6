"""The main screen's changes to the user's data: made in a thread, then shown.

`UserData` starts each `UserChange` (a bookmark, a note, a read mark, a
saved search, a search remembered) in a thread worker of the screen, whose
reports (`reports.UserDataChanged`, `Failed`, `Notice`) the screen handles
like any other. It holds no state: the user's data as shown is the screen's
`user_view`, the marks are in its `Session`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.tui import changes
from reader.tui.changes import UserChange
from reader.tui.screens import main_work
from reader.tui.userstate import UserState

if TYPE_CHECKING:  # The screen imports this module.
    from reader.tui.screens.main import MainScreen


class UserData:
    """One screen's way to the user's data."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def change(self, change: UserChange) -> None:
        """Say what `change` does, make it in a thread, then re-read the user's data."""
        screen = self._screen
        if change.said is not None:
            screen.notify(change.said, markup=False)
        user = screen.user
        if user is not None:
            screen.run_worker(lambda: self._change(user, change), thread=True, group="user")

    def _change(self, user: UserState, change: UserChange) -> None:
        for report in main_work.change_user_data(user, change):
            self._screen.post_message(report)

    def flush_warnings(self) -> None:
        """Show what reading or writing the user's files had to warn of."""
        screen = self._screen
        if screen.user is not None:
            for warning in screen.user.take_warnings():
                screen.notify(warning, severity="warning", markup=False)

    # Only searches the user acted on go into the history: a search that merely
    # rested on the screen for a moment was often a word on the way to another.

    def remember(self, query: str) -> None:
        """Put a search in the history (Enter in the box, or a post opened from its results)."""
        query = query.strip()
        screen = self._screen
        if query and screen.user is not None and screen.user_view.history[:1] != (query,):
            self.change(changes.remember(query))

    def mark_read(self, post_id: str) -> None:
        """Mark a post read, on screen at once and in the user's data."""
        screen = self._screen
        if screen.user is None or post_id in screen.session.marks.read:
            return
        screen.set_session(screen.session.mark_read(post_id))
        self.change(changes.mark_read(post_id))
