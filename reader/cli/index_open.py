"""Open the store's search index for a command, or do without the cache folder.

The index is derived data in the user's cache folder (DESIGN §5). When that
folder cannot be written (a read-only home, `XDG_CACHE_HOME` pointing at a
file), the commands still answer: the same index is built in memory from the
store, with one warning line, so `list`, `tags`, `show` and the whole search
language work as usual, only slower. `reader index`, whose one job is the
cache, still reports the failure as its error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.cli.common import warn

if TYPE_CHECKING:
    from reader.index import IndexCatalog
    from reader.model import LoadProblem

Fill = Callable[["IndexCatalog"], object]
"""Brings a new catalog up to date (a refresh, with or without a progress bar)."""

CACHE_ERRORS = (OSError, sqlite3.Error)
"""What an unusable cache folder raises: a file in the way, no permission,
a read-only or full disk, SQLite unable to open or write its file."""


def cache_failure(root: Path, error: BaseException) -> str:
    """The warning line: `reader: the search index could not be opened (PATH: reason); …`."""
    from reader.index_schema import database_path

    if isinstance(error, OSError):
        where = error.filename or database_path(root)
        reason = error.strerror or str(error)
    else:
        where, reason = database_path(root), str(error)
    return (
        f"reader: the search index could not be opened ({where}: {reason});"
        " reading the posts directly"
    )


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
    from reader.index import open_catalog

    try:
        return open_catalog(root)
    except CACHE_ERRORS as error:
        catalog = in_memory(root, error, lambda memory: memory.refresh())
    return catalog, catalog.problems()


def open_for_search(root: Path, fill: Fill) -> IndexCatalog:
    """The store's index as it is, without a walk of the store; built (by
    `fill`, which may draw a progress bar) only when there is none."""
    from reader.index import IndexCatalog

    catalog = IndexCatalog.open_existing(root)
    if catalog is not None:
        return catalog
    try:
        catalog = IndexCatalog.open(root)
        fill(catalog)
    except CACHE_ERRORS as error:
        if catalog is not None:
            catalog.close()
        return in_memory(root, error, fill)
    return catalog
