"""The changes the main screen makes to the user's data, as values.

A `UserChange` says what to do to the `UserState` (in a worker thread: it
writes files), what to call a failure, and what to tell the user; the
screen starts each one the same way. No widgets here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reader.tui.userstate import UserState
from reader.userdata.searches import SearchView


@dataclass(frozen=True, slots=True)
class UserChange:
    """One change to the user's data."""

    run: Callable[[UserState], str | None]
    """Makes the change (blocks); returns a line for the user once it is saved, if any."""
    failure: str
    """What the error line starts with when the change cannot be saved."""
    quiet: bool = False
    """Nothing to show again afterwards (the screen already shows it)."""
    said: str | None = None
    """A line for the user as soon as the change starts."""


def toggle_bookmark(post_id: str, title: str) -> UserChange:
    """Bookmark the post, or remove its bookmark."""

    def run(user: UserState) -> str:
        added = user.toggle_bookmark(post_id, title)
        return f"{'Bookmarked' if added else 'Bookmark removed'}: {title}"

    return UserChange(run, "Bookmark not saved")


def set_note(post_id: str, title: str, note: str) -> UserChange:
    """Save the note on a post (which bookmarks it)."""

    def run(user: UserState) -> None:
        user.set_note(post_id, title, note)

    return UserChange(run, "The note was not saved")


def mark_read(post_id: str) -> UserChange:
    """Mark a post read (the screen shows it read already)."""

    def run(user: UserState) -> None:
        user.mark_read(post_id)

    return UserChange(run, "Not marked as read", quiet=True)


def set_scroll(post_id: str, place: int) -> UserChange:
    """Save where the user is in a post."""

    def run(user: UserState) -> None:
        user.set_scroll(post_id, place)

    return UserChange(run, "The reading position was not saved", quiet=True)


def remember(query: str) -> UserChange:
    """Put a search in the history."""

    def run(user: UserState) -> None:
        user.remember(query)

    return UserChange(run, "The search was not remembered")


def save_search(name: str, query: str, view: SearchView) -> UserChange:
    """Save the view on screen under `name`."""

    def run(user: UserState) -> None:
        user.save_search(name, query, view)

    return UserChange(run, "The search was not saved", said=f"Saved the search as “{name}”")


def delete_search(name: str) -> UserChange:
    """Delete a saved search."""

    def run(user: UserState) -> None:
        user.delete_search(name)

    return UserChange(run, "Not deleted", said=f"Deleted the saved search “{name}”")
