"""The main screen's command palette: what it lists, and what its commands ask.

`PaletteSource` reads every post of the store once, in a thread, the first
time the palette (or a followed link) needs them, and again after the index
changed. The tags, saved searches and problems are the screen's, read when
the palette opens. No other state here. The handlers of the palette's
messages (`commands`) are plain functions of the screen, bound in its class
body like the actions of `main_keys`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on

from reader.model import PostSummary
from reader.tui import commands
from reader.tui.screens import main_work
from reader.tui.screens.problems import ProblemsScreen

if TYPE_CHECKING:  # The screen imports this module.
    from reader.tui.screens.main import MainScreen


class PaletteSource:
    """The palette's data for one screen."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self._all_rows: tuple[PostSummary, ...] | None = None

    def data(self) -> commands.PaletteData:
        """What the palette's providers list, as of now."""
        screen = self._screen
        return commands.PaletteData(
            tags=screen.all_tags,
            saved=screen.user_view.saved,
            problem_count=len(screen.problems),
            posts=self.posts,
        )

    async def posts(self) -> tuple[PostSummary, ...]:
        """Every post of the store, newest first: read once, again after the index changes."""
        catalog = self._screen.catalog
        if self._all_rows is None and catalog is not None:
            self._all_rows = await asyncio.to_thread(main_work.all_posts, catalog)
        return self._all_rows or ()

    def forget(self) -> None:
        """The index changed: titles may have too, so the posts are read again when asked."""
        self._all_rows = None


@on(commands.ShowTag)
def show_tag(screen: MainScreen, event: commands.ShowTag) -> None:
    """Show only this tag."""
    screen.set_session(screen.session.choose_tag(event.tag))


@on(commands.JumpToPost)
def jump_to_post(screen: MainScreen, event: commands.JumpToPost) -> None:
    """Put the cursor on the post (clearing a filter that hides it)."""
    screen.show_post(event.post_id)


@on(commands.RunSavedSearch)
def run_saved(screen: MainScreen, event: commands.RunSavedSearch) -> None:
    """Show the saved search's whole view."""
    screen.show_saved(event.saved)


@on(commands.SaveSearch)
def save_search(screen: MainScreen) -> None:
    """Name the view on screen, as Ctrl+S does."""
    screen.action_save_search()


@on(commands.ShowProblems)
def show_problems(screen: MainScreen) -> None:
    """The Problems view."""
    screen.app.push_screen(ProblemsScreen(screen.problems))
