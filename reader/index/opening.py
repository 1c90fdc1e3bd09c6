"""Open a store's index the way a caller needs it: ready, fresh, or in memory.

`open_ready` gives a complete index read in one snapshot (the commands);
`open_or_in_memory` is the one policy for a cache folder that cannot hold
the index; `open_catalog` opens, refreshes and warms (`reader index`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from reader.index.errors import CACHE_ERRORS, cache_failure
from reader.index.facade import IndexCatalog
from reader.index.lock import IndexBusy
from reader.model import LoadProblem

if TYPE_CHECKING:
    from reader.index.build import Progress


Fill = Callable[[IndexCatalog], object]
"""Brings a catalog up to date (a refresh, with or without a progress bar)."""


def open_ready(root: Path, fill: Fill, *, refresh: bool = False) -> IndexCatalog:
    """The store's index, complete, read in one snapshot (`read_snapshot`).

    When the index is missing, unusable or unfinished (a build was killed,
    or one is under way elsewhere), or when `refresh` asks for it, `fill`
    brings it up to date first: as the one builder, after waiting for any
    other, it resumes an unfinished build where it stopped, or finds the
    other's finished and nothing left to read. Raises IndexBusy when another
    process builds for too long, IndexDiskFull, or the cache's own errors
    (OSError, sqlite3.Error) when its folder is unusable.
    """
    for _attempt in range(3):
        catalog = IndexCatalog.open(root)
        if not refresh and catalog.read_snapshot():
            return catalog
        fill(catalog)
        refresh = False
        if catalog.same_file() and catalog.read_snapshot():
            return catalog
        # Replaced (a damaged index rebuilt elsewhere), or another build
        # started after ours and has not finished: look again.
        catalog.close()
    raise IndexBusy("the search index was never completed: another build keeps stopping")


class Opened(NamedTuple):
    """An index ready to use, and where it lives."""

    catalog: IndexCatalog
    fallback: str | None
    """`PATH: reason` when the cache folder failed and the index was built in
    memory instead; None when it is the index on disk."""


def open_or_in_memory(root: Path, prepare: Callable[[], IndexCatalog], fill: Fill) -> Opened:
    """The one policy for where a store's index lives.

    `prepare()` opens the index in the cache folder (and brings it up to
    date as its caller needs). When the cache folder cannot hold it (any of
    `CACHE_ERRORS`: a read-only home, a file in the way, a full disk, a
    build elsewhere that never ends), the same index is built in memory by
    `fill`, so every query still works, only slower; `fallback` says why.
    """
    try:
        return Opened(prepare(), None)
    except CACHE_ERRORS as error:
        catalog = IndexCatalog.in_memory(root)
        fill(catalog)
        return Opened(catalog, cache_failure(root, error))


def open_catalog(
    root: Path,
    progress: Progress | None = None,
    *,
    rebuild: bool = False,
    workers: int | None = None,
) -> tuple[IndexCatalog, list[LoadProblem]]:
    """Open (or build) the store's index, bring it up to date, and list the problems."""
    catalog = IndexCatalog.open(root)
    catalog.refresh(progress, rebuild=rebuild, workers=workers)
    catalog.warm()
    return catalog, catalog.problems()
