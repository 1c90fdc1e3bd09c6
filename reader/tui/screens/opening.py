"""Opening a store for the main screen, in its worker thread.

`StoreOpener` runs the steps `loading` describes (paint from the index as
it is, then bring it up to date; or build it, with progress) and reports
each one as a message from `reports`. It holds no view state: the session
to answer first is asked for when the catalog is ready, so a search typed
meanwhile is seen.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from reader.catalog import Catalog, CatalogError
from reader.tui.loading import Loader, Progress, progress_text
from reader.tui.screens.reports import (
    Failed,
    GroupsRead,
    IndexRefreshed,
    ProblemsFound,
    Status,
    StoreOpened,
)
from reader.tui.session import Session
from reader.tui.userstate import FAILURES, UserState, UserView

PROGRESS_EVERY = 0.1
"""Seconds between progress updates while the index is built."""
PAINT_WAIT = 2.0
"""Seconds the refresh waits for the first listing to be drawn."""


class StoreOpener:
    """Opens one store and reports each step to the screen."""

    def __init__(
        self,
        root: Path,
        loader: Loader,
        post: Callable[[Message], object],
    ) -> None:
        self.root = root
        self.loader = loader
        self._post = post

    def run(self, current: Callable[[], Session]) -> None:
        """Open the store (blocks: call it from a thread worker)."""
        post = self._post
        user = UserState(self.root)
        try:
            view = user.view()
        except FAILURES as error:
            post(Failed(f"Your bookmarks and searches could not be read: {error}"))
            view = UserView()
        catalog = self.loader.existing()
        if catalog is not None:
            # Checking 100k files holds the GIL for a while: let the list paint first.
            painted = threading.Event()
            opened = self._opened(catalog, user, view, current(), painted)
            post(opened)
            painted.wait(timeout=PAINT_WAIT)
            post(self._groups(opened, catalog))
            post(IndexRefreshed(self.refresh("Updating the index: ")))
        else:
            post(Status("Indexing the posts…"))
            catalog = self._build()
            opened = self._opened(catalog, user, view, current(), None)
            post(opened)
            post(self._groups(opened, catalog))
        post(ProblemsFound(self.loader.problems()))

    def refresh(self, label: str = "") -> bool:
        """Bring the index up to date with the files; True if anything changed."""
        try:
            return self.loader.refresh(self._progress(label) if label else _quiet)
        except (OSError, CatalogError) as error:
            self._post(Failed(f"The index was not updated: {error}"))
            return False

    def _build(self) -> Catalog:
        catalog, fallback = self.loader.build(self._progress(""))
        if fallback is not None:
            self._post(
                Failed(f"The search index could not be saved ({fallback}); it is kept in memory.")
            )
        return catalog

    @staticmethod
    def _opened(
        catalog: Catalog,
        user: UserState,
        view: UserView,
        session: Session,
        painted: threading.Event | None,
    ) -> StoreOpened:
        session = session.with_user(view.marks, view.bookmarks)
        all_tags = tuple(catalog.all_tags())
        # The list first; the sidebar's other groups follow it (`_groups`).
        listing = session.query(catalog, groups=False)
        return StoreOpened(catalog, user, view, all_tags, listing, session, painted)

    @staticmethod
    def _groups(opened: StoreOpened, catalog: Catalog) -> GroupsRead:
        """The first listing's sidebar groups besides tags."""
        return GroupsRead(opened.session.groups_for(opened.listing, catalog))

    def _progress(self, label: str) -> Progress:
        """A callback for the loading thread that shows progress, a few times a second."""
        last = 0.0

        def report(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if total and (now - last >= PROGRESS_EVERY or done == total):
                last = now
                self._post(Status(label + progress_text(done, total)))

        return report


def _quiet(done: int, total: int) -> None:
    """Progress nobody watches (a refresh after the user edited a post)."""
