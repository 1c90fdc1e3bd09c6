"""What the index's storage raises, said in the reader's own terms.

SQLite is the index's business: callers catch `CatalogError` (a query could
not be answered) or `CACHE_ERRORS` (the cache folder cannot hold the index),
never `sqlite3.Error`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reader.catalog import CatalogError
from reader.index.lock import IndexBusy
from reader.index.schema import database_path

CACHE_ERRORS: tuple[type[Exception], ...] = (OSError, sqlite3.Error, IndexBusy)
"""What an unusable cache folder raises: a file in the way, no permission,
a read-only or full disk, SQLite unable to open or write its file; or
another process building the index for longer than we wait."""


@contextmanager
def storage_errors(*also: type[Exception]) -> Iterator[None]:
    """Raise SQLite's errors (and `also`) as `CatalogError`, the one type callers catch."""
    caught: tuple[type[Exception], ...] = (sqlite3.Error, *also)
    try:
        yield
    except caught as error:
        raise CatalogError(str(error)) from error


def cache_failure(root: Path, error: BaseException) -> str:
    """`PATH: reason` for a cache folder that cannot hold the index."""
    if isinstance(error, OSError):
        where = error.filename or database_path(root)
        reason = error.strerror or str(error)
    else:
        where, reason = database_path(root), str(error)
    return f"{where}: {reason}"
