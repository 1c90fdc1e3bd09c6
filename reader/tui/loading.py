"""Open a store for the app: the one place that builds its `Catalog`.

Today the posts are read into memory and a `MemoryCatalog` answers; the
search index will answer through the same protocol, and this function is
where that swap happens. It blocks (it reads every file), so the app calls it
from a thread worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.catalog import Catalog, MemoryCatalog
from reader.model import LoadProblem

CatalogFactory = Callable[[Path], tuple[Catalog, list[LoadProblem]]]


def open_catalog(root: Path) -> tuple[Catalog, list[LoadProblem]]:
    """The catalog of the store at `root`, and the files that could not be read."""
    from reader.store import load_store

    contents = load_store(root)
    return MemoryCatalog(contents.posts), list(contents.problems)


def problems_message(problems: list[LoadProblem]) -> str:
    """One notification for every file that could not be read."""
    count = len(problems)
    files = "file" if count == 1 else "files"
    return f"{count} {files} could not be read; see `reader list` for details."
