"""The questions the main screen asks before it changes the user's data.

Each question is a modal screen with its wording; `ask_to_save` runs the
whole naming of a saved search, `save_view` all of Ctrl+S. The main screen
acts on the answers. No state here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import App

from reader.catalog import Filter
from reader.tui import changes
from reader.tui.changes import UserChange
from reader.tui.saved_view import describe, filter_of, is_empty_view, view_of
from reader.tui.screens.choice import ChoiceScreen
from reader.tui.screens.prompt import PromptScreen
from reader.userdata.searches import SavedSearch


def remove_bookmark_question(title: str, note: str) -> ChoiceScreen:
    """A bookmark with a note: `remove` or `keep`.

    A note is the user's own writing: one key must not throw it away unasked.
    """
    question = f"“{title}” has a note:\n{' '.join(note.split())}\nRemove the bookmark and its note?"
    choices = [("r", "Remove both", "remove"), ("k", "Keep them", "keep")]
    return ChoiceScreen("Remove bookmark", question, choices)


def note_prompt(title: str, note: str | None) -> PromptScreen:
    """The note on a post (saving one bookmarks the post)."""
    return PromptScreen(
        f"Note on “{title}”", note or "", placeholder="A note (saving one bookmarks the post)"
    )


def name_prompt(wanted: Filter, name: str) -> PromptScreen:
    """A name for the view on screen."""
    return PromptScreen(f"Save “{describe(wanted)}” as", name, placeholder="A name for this search")


def name_clash_question(name: str, clash: SavedSearch, wanted: Filter) -> ChoiceScreen:
    """`name` already names another view: `overwrite` or `rename`."""
    question = (
        f"“{name}” already shows {describe(filter_of(clash))}.\n"
        f"Overwrite it with {describe(wanted)}?"
    )
    choices = [("o", "Overwrite", "overwrite"), ("r", "Another name", "rename")]
    return ChoiceScreen("Name in use", question, choices)


def save_view(
    app: App[object],
    wanted: Filter,
    saved: Callable[[], Sequence[SavedSearch]],
    apply: Callable[[UserChange], object],
) -> None:
    """Ctrl+S: ask a name for the view on screen, then `apply` the change that saves it.

    An empty view (no search, no tag) is not saved: the user is told what to do first.
    """
    if is_empty_view(wanted):
        app.notify("Type a search or choose a tag first, then save it.", severity="warning")
        return
    query, view = wanted.query.strip(), view_of(wanted)
    ask_to_save(app, wanted, saved, lambda name: apply(changes.save_search(name, query, view)))


def ask_to_save(
    app: App[object],
    wanted: Filter,
    saved: Callable[[], Sequence[SavedSearch]],
    save: Callable[[str], object],
    name: str | None = None,
) -> None:
    """Ask a name for `wanted`, then `save(name)`; a name used for another view asks first.

    The name offered is the one this view is already saved under, if any.
    """
    query, view = wanted.query.strip(), view_of(wanted)
    if name is None:
        same = (s.name for s in saved() if s.query == query and s.view == view)
        name = next(same, "")

    def named(answer: str | None) -> None:
        if answer is None or not answer.strip():
            return
        chosen = answer.strip()
        clash = next((s for s in saved() if s.name == chosen), None)
        if clash is None or (clash.query, clash.view) == (query, view):
            save(chosen)
            return

        def decided(choice: str | None) -> None:
            if choice == "overwrite":
                save(chosen)
            elif choice == "rename":
                ask_to_save(app, wanted, saved, save, chosen)

        app.push_screen(name_clash_question(chosen, clash, wanted), decided)

    app.push_screen(name_prompt(wanted, name), named)
