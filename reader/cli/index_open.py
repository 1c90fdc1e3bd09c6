"""Open the store's search index for a command, or do without the cache folder.

The index is derived data in the user's cache folder (docs/design.md §5). When that
folder cannot be written (a read-only home, `XDG_CACHE_HOME` pointing at a
file), the commands still answer: the same index is built in memory from the
store, with one warning line, so `list`, `tags`, `show` and the whole search
language work as usual, only slower. `reader index`, whose one job is the
cache, still reports the failure as its error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import warn

if TYPE_CHECKING:
    from reader.index import IndexCatalog, Opened
    from reader.model import LoadProblem

Fill = Callable[["IndexCatalog"], object]
"""Brings a new catalog up to date (a refresh, with or without a progress bar)."""

DAMAGED = "reader: the search index was damaged; it has been rebuilt"
"""Said once, by whichever command found the damage and rebuilt the index."""


def say_if_damaged(catalog: IndexCatalog) -> None:
    """Warn (once per catalog) that a damaged index was replaced."""
    if catalog.damage_found:
        warn(DAMAGED)
        catalog.damage_found = False


def warn_fallback(opened: Opened) -> IndexCatalog:
    """Say, in one line, when the index had to be built in memory; the catalog."""
    if opened.fallback is not None:
        warn(
            f"reader: the search index could not be opened ({opened.fallback});"
            " reading the posts directly"
        )
    return opened.catalog


def open_fresh(root: Path) -> tuple[IndexCatalog, list[LoadProblem]]:
    """The store's index brought up to date (in memory if it must be), and
    every problem met reading the store."""
    from reader.index import open_or_in_memory, open_ready

    def fill(index: IndexCatalog) -> None:
        index.refresh()

    catalog = warn_fallback(
        open_or_in_memory(root, lambda: open_ready(root, fill, refresh=True), fill)
    )
    say_if_damaged(catalog)
    catalog.warm()
    return catalog, catalog.problems()


def open_for_search(root: Path, fill: Fill) -> IndexCatalog:
    """The store's index as it is, without a walk of the store; built (by
    `fill`, which may draw a progress bar) only when there is none or its
    build did not finish. Waits for a build under way elsewhere."""
    from reader.index import open_or_in_memory, open_ready

    catalog = warn_fallback(open_or_in_memory(root, lambda: open_ready(root, fill), fill))
    say_if_damaged(catalog)
    return catalog
