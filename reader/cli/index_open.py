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
from reader.index import CACHE_ERRORS, cache_failure

if TYPE_CHECKING:
    from reader.index import IndexCatalog
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


def in_memory(root: Path, error: BaseException, fill: Fill) -> IndexCatalog:
    """Warn that the cache failed, then build the index in memory with `fill`."""
    from reader.index import IndexCatalog

    warn(cache_failure(root, error))
    catalog = IndexCatalog.in_memory(root)
    fill(catalog)
    return catalog


def open_fresh(root: Path) -> tuple[IndexCatalog, list[LoadProblem]]:
    """The store's index brought up to date (in memory if it must be), and
    every problem met reading the store."""
    from reader.index import open_ready

    try:
        catalog = open_ready(root, lambda index: index.refresh(), refresh=True)
    except CACHE_ERRORS as error:
        catalog = in_memory(root, error, lambda memory: memory.refresh())
    say_if_damaged(catalog)
    catalog.warm()
    return catalog, catalog.problems()


def open_for_search(root: Path, fill: Fill) -> IndexCatalog:
    """The store's index as it is, without a walk of the store; built (by
    `fill`, which may draw a progress bar) only when there is none or its
    build did not finish. Waits for a build under way elsewhere."""
    from reader.index import open_ready

    try:
        catalog = open_ready(root, fill)
    except CACHE_ERRORS as error:
        return in_memory(root, error, fill)
    say_if_damaged(catalog)
    return catalog
