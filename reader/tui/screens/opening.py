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
    IndexBuilt,
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
FIRST_PARTIAL = 0.5
"""Seconds into a first build before the posts indexed so far are listed."""
PARTIAL_EVERY = 2.0
"""Seconds between listings of the posts indexed so far, after the first."""


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
        self._failing = ""
        """The last refresh's failure, said once until a refresh succeeds."""

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
            shown = False

            def show_so_far(growing: Catalog) -> None:
                # The posts committed so far, listed while the build goes on:
                # the first time as the store's opening, then as refreshes.
                nonlocal shown
                if shown:
                    post(IndexRefreshed(True))
                    return
                opened = self._opened(growing, user, view, current(), None, building=True)
                if len(opened.listing.selection.rows):  # Nothing committed yet: progress only.
                    shown = True
                    post(opened)
                    post(self._groups(opened, growing))

            catalog = self._build(Partials(show_so_far))
            if shown:
                post(IndexBuilt(catalog))
            else:
                opened = self._opened(catalog, user, view, current(), None)
                post(opened)
                post(self._groups(opened, catalog))
        post(ProblemsFound(self.loader.problems()))

    def refresh(self, label: str = "") -> bool:
        """Bring the index up to date with the files; True if anything changed."""
        try:
            changed = self.loader.refresh(self._progress(label) if label else _quiet)
        except (OSError, CatalogError) as error:
            said = f"The index was not updated: {error}"
            if said != self._failing:  # Live reload retries at each change: say it once.
                self._failing = said
                self._post(Failed(said))
            return False
        self._failing = ""
        return changed

    def _build(self, partials: Partials) -> Catalog:
        catalog, fallback = self.loader.build(self._progress(""), partials)
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
        *,
        building: bool = False,
    ) -> StoreOpened:
        session = session.with_user(view.marks, view.bookmarks)
        all_tags = tuple(catalog.all_tags())
        # The list first; the sidebar's other groups follow it (`_groups`).
        listing = session.query(catalog, groups=False)
        return StoreOpened(catalog, user, view, all_tags, listing, session, painted, building)

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


class Partials:
    """When a first build lists the posts it has indexed so far: half a
    second in, then every two seconds (each listing costs a query)."""

    def __init__(self, show: Callable[[Catalog], None]) -> None:
        self._show = show
        self._next = time.monotonic() + FIRST_PARTIAL

    def __call__(self, catalog: Catalog) -> None:
        """Called by the build after each step: lists the posts when it is time."""
        now = time.monotonic()
        if now >= self._next:
            self._next = now + PARTIAL_EVERY
            self._show(catalog)


def _quiet(done: int, total: int) -> None:
    """Progress nobody watches (a refresh after the user edited a post)."""
