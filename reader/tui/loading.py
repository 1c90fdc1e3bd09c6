"""Open a store for the app: the one place that decides where its `Catalog` comes from.

Once a store has a search index, the index is the one source of data: the
list, the counts and search all come from it, and nothing reads the whole
store at start-up. The order of work is chosen for a quick first paint:

1. `IndexLoader.start()` opens the existing index in a thread and runs the
   first selection (every post, newest first) while the process is still
   importing Textual: SQLite releases the GIL, so the two overlap;
2. the screen paints from that at once;
3. then `refresh()` reads whatever changed on disk, `warm()` fills the
   caches that tag changes use, and the screen queries again only if
   something changed.

With no index yet, `build()` makes one, reporting progress as it goes; on
disk, the posts indexed so far can be listed and searched while it does.

This module does not import Textual: `reader` starts the loader before it
imports the app.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.catalog import Catalog, Filter, Marks, MemoryCatalog
from reader.model import LoadProblem

if TYPE_CHECKING:  # The index is imported in the loading thread, not here.
    from reader.index import IndexCatalog

Progress = Callable[[int, int], None]
"""Called with (files done, files to read) from the loading thread."""
Partial = Callable[[Catalog], None]
"""Called during a first build with the catalog as it is so far."""

FIRST_ROWS = 120
"""Rows read ahead with the first selection: more than a tall terminal shows."""


class Loader(Protocol):
    """What the main screen needs to open a store; every method may block."""

    def existing(self) -> Catalog | None:
        """The store as last indexed, without looking at its files; None if never."""

    def build(
        self, progress: Progress, partial: Partial | None = None
    ) -> tuple[Catalog, str | None]:
        """Make the catalog from the files (the first start on a store); with
        it, `PATH: reason` when it could not be kept where it belongs and
        lives in memory instead (None when it is where it belongs).

        While it builds, `partial` is called (in the building thread) with
        the catalog, which answers for the posts indexed so far."""

    def refresh(self, progress: Progress) -> bool:
        """Bring the catalog up to date with the files; True if anything changed.

        Raises `OSError` or `CatalogError` like `build`."""

    def problems(self) -> list[LoadProblem]:
        """Files that could not be read, as of the last build or refresh."""


def warm_first_view(catalog: Catalog) -> None:
    """Read what the first screen needs (the order of every post, the tag
    totals, the first rows), so the screen's own first query is instant."""
    selection = catalog.select(Filter(), Marks())
    selection.rows[:FIRST_ROWS]  # Rows read lazily are read now.


class IndexLoader:
    """Opens a store through its search index (built on first use)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._catalog: IndexCatalog | None = None
        self._done = threading.Event()
        self._started = False

    def start(self) -> IndexLoader:
        """Open the existing index in a thread, now; `existing()` waits for it."""
        if not self._started:
            self._started = True
            threading.Thread(target=self._open, name="reader-open", daemon=True).start()
        return self

    def _open(self) -> None:
        try:
            from reader.index import IndexCatalog

            catalog = IndexCatalog.open_existing(self.root)
            if catalog is not None:
                warm_first_view(catalog)
                self._catalog = catalog
        except Exception:
            self._catalog = None
        finally:
            self._done.set()

    def existing(self) -> Catalog | None:
        self.start()
        self._done.wait()
        return self._catalog

    def build(
        self, progress: Progress, partial: Partial | None = None
    ) -> tuple[Catalog, str | None]:
        from reader.index import IndexCatalog, open_or_in_memory

        def fill(catalog: IndexCatalog) -> None:
            catalog.refresh(progress)

        def on_disk() -> IndexCatalog:
            catalog = IndexCatalog.open(self.root)

            def step(done: int, total: int) -> None:
                progress(done, total)
                # The build writes through its own connection: this one reads
                # the batches committed so far, in SQLite's snapshot of them.
                if partial is not None and 0 < done < total:
                    partial(catalog)

            catalog.refresh(step)
            return catalog

        catalog, fallback = open_or_in_memory(self.root, on_disk, fill)
        catalog.warm()
        self._catalog = catalog
        return catalog, fallback

    def refresh(self, progress: Progress) -> bool:
        catalog = self._catalog
        if catalog is None:
            return False
        from reader.index import storage_errors

        with storage_errors():
            # Caches first: the user may search while the files are checked.
            catalog.warm()
            stats = catalog.refresh(progress)
            changed = bool(stats.added or stats.changed or stats.removed or stats.rebuilt)
            if changed:
                catalog.warm()
        return changed

    def problems(self) -> list[LoadProblem]:
        return [] if self._catalog is None else self._catalog.problems()


class MemoryLoader:
    """Posts read into memory, without the index (tests inject catalogs with it)."""

    def __init__(self, root: Path, catalog: Catalog | None = None) -> None:
        self.root = root
        self._catalog = catalog
        self._problems: list[LoadProblem] = []

    def existing(self) -> Catalog | None:
        return self._catalog

    def build(
        self, progress: Progress, partial: Partial | None = None
    ) -> tuple[Catalog, str | None]:
        from reader.store import load_store

        contents = load_store(self.root)
        self._catalog = MemoryCatalog(contents.posts)
        self._problems = list(contents.problems)
        return self._catalog, None

    def refresh(self, progress: Progress) -> bool:
        return False

    def problems(self) -> list[LoadProblem]:
        return list(self._problems)


def problems_message(problems: list[LoadProblem]) -> str:
    """One notification for every problem met while reading the store.

    Most problems are a part of a file ignored (a bad date, a bad line of
    front matter) while the post loads: "could not be read" would overstate them.
    """
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    return f"{count:,} {noun} in the store; Ctrl+P, Problems lists them."


def progress_text(done: int, total: int) -> str:
    """`Indexing 4,210 of 100,000 posts…`"""
    return f"Indexing {done:,} of {total:,} posts…"
