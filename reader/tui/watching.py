"""Live reload: the main screen follows its store while it is open.

`StoreFollower` runs `reader.store_watch.follow` in a thread worker of the
screen. Each debounced change refreshes the index there, off the UI loop,
and reports with typed messages: `IndexRefreshed` (the one the start-up
refresh posts, so the screen queries again the way it does then, the cursor
staying on the same post id and the sidebar's counts following; when that
post was removed, on the row after it),
`ProblemsFound` when the files' problems changed, and `OpenPostChanged` when
the post in the article was rewritten or removed, so the screen reads it
again the way it reads a post it opens, and the article keeps its place.

Where the store cannot be watched, `follow` checks it every few seconds
instead, and a `Notice` says so once. `watch = false` in config.toml turns
all of it off.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.dom import DOMNode
from textual.message import Message

from reader import store_watch
from reader.catalog import Catalog, CatalogError
from reader.model import LoadProblem, Post
from reader.tui.screens.opening import StoreOpener
from reader.tui.screens.reports import IndexRefreshed, Notice, ProblemsFound
from reader.tui.widgets.post_list import PostList

GROUP = "follow"
"""The worker group of the screen's follower."""
SETTINGS_WAIT = 5.0
"""Seconds the follower waits for config.toml to be read before it follows anyway."""


@dataclass
class OpenPostChanged(Message):
    """The file of the post shown in the article changed on disk, or went."""

    post_id: str
    removed: bool
    title: str
    """The title as shown (to say which post went)."""
    moved_to: str | None = None
    """Where it went, when its file was renamed or moved: the id of the post
    among the changed files with the same title and text."""


@runtime_checkable
class MovedCheck(Protocol):
    """A catalog that can tell cheaply whether a file came or went (the index)."""

    def store_unmoved(self) -> bool: ...


@runtime_checkable
class FollowSettings(Protocol):
    """What the app says about following (`ReaderApp`, once config.toml is read)."""

    watch_store: bool
    settings_read: threading.Event


class StoreFollower:
    """Follows one screen's store in a thread worker until `stop`."""

    def __init__(
        self, node: DOMNode, opener: StoreOpener, shown: Callable[[], Post | None]
    ) -> None:
        """`shown` gives the post in the article now (read from the worker thread)."""
        self._node = node
        self._opener = opener
        self._shown = shown
        self._stop = threading.Event()
        self._started = False
        self._problems: list[LoadProblem] | None = None

    def start(self, catalog: Catalog) -> None:
        """Follow the store from now on (once; call it on the UI loop)."""
        if self._started:
            return
        self._started = True
        settings = self._node.app
        self._node.run_worker(
            lambda: self._run(catalog, settings),
            thread=True,
            group=GROUP,
            exclusive=True,
            name="follow the store",
        )

    def stop(self) -> None:
        """Stop following (the worker ends within a fraction of a second)."""
        self._stop.set()

    def _run(self, catalog: Catalog, settings: object) -> None:
        if isinstance(settings, FollowSettings):
            settings.settings_read.wait(SETTINGS_WAIT)
            if not settings.watch_store:
                return
        self._problems = self._opener.loader.problems()
        moved = catalog if isinstance(catalog, MovedCheck) else None
        store_watch.follow(
            self._opener.root,
            lambda paths: self._refresh(catalog, paths),
            self._stop,
            unmoved=(lambda: False) if moved is None else moved.store_unmoved,
            fallback=self._say_fallback,
            # Read now, not when `follow` was defined: tests make them short.
            debounce_ms=store_watch.DEBOUNCE_MS,
            poll_seconds=store_watch.POLL_SECONDS,
        )

    def _say_fallback(self, reason: str) -> None:
        line = store_watch.fallback_line(reason, store_watch.POLL_SECONDS)
        self._node.post_message(Notice(line[:1].upper() + line[1:] + ".", "warning"))

    def _refresh(self, catalog: Catalog, paths: frozenset[str]) -> None:
        """Bring the index up to date and report what the screen must show again."""
        if self._stop.is_set():
            return
        changed = self._opener.refresh()  # Posts `Failed` itself when it fails.
        shown = self._shown()
        # A check (no paths) or a moved folder may have touched it unnamed.
        if shown is not None and (changed or not paths or shown.path in paths):
            # Before the new listing: a removed post's cursor steps off it first.
            self._check_open(catalog, shown, paths)
        if changed:
            self._node.post_message(IndexRefreshed(True))
            problems = self._opener.loader.problems()
            if problems != self._problems:
                self._problems = problems
                self._node.post_message(ProblemsFound(problems))

    def _check_open(self, catalog: Catalog, shown: Post, paths: frozenset[str]) -> None:
        try:
            now = catalog.post(shown.id)
        except (OSError, CatalogError):
            return  # Said when the reader next opens it; nothing to redraw now.
        if now != shown:
            moved = moved_to(catalog, shown, paths) if now is None else None
            self._node.post_message(OpenPostChanged(shown.id, now is None, shown.title, moved))


def moved_to(catalog: Catalog, shown: Post, paths: frozenset[str]) -> str | None:
    """The id the post `shown` has now, when one of the changed `paths` holds
    the same title and text (a rename, a move to another folder); else None."""
    from reader.store import post_id_for
    from reader.store_walk import is_post_name

    for rel in sorted(paths - {shown.path}):
        if not is_post_name(rel.rsplit("/", 1)[-1]):
            continue
        try:
            found = catalog.post(post_id_for(rel))
        except (OSError, CatalogError):
            continue
        if found is not None and (found.title, found.body) == (shown.title, shown.body):
            return found.id
    return None


def reaction(
    event: OpenPostChanged, shown: Post | None, highlighted: str | None
) -> tuple[str | None, bool]:
    """What the screen does about a report on the open post: the line to say
    (when it was removed) and whether to read it again as it reads a post it
    opens. Nothing when the article has moved on to another post; no new read
    when the cursor has (its own read is on the way)."""
    if shown is None or shown.id != event.post_id:
        return None, False
    if event.moved_to is not None:
        return f"“{event.title}” moved to {event.moved_to}.", False
    said = f"“{event.title}” is no longer in the store." if event.removed else None
    return said, highlighted in (None, event.post_id)


def step_off(posts: PostList, post_id: str) -> bool:
    """Put the list's cursor on the row after `post_id` (else before), where it
    was on it: the new listing keeps the cursor there, not at the top."""
    if posts.highlighted_id != post_id:
        return False
    rows = len(posts.selection.rows)
    target = posts.cursor + 1 if posts.cursor + 1 < rows else posts.cursor - 1
    if target < 0:
        return False
    posts.move_cursor(target)
    return True
