"""The search index of a store: open it, keep it up to date, query it.

    catalog = IndexCatalog.open_existing(root)     # instant, may be stale; None if no index
    catalog, problems = open_catalog(root, progress)   # open or build, then refresh
    catalog = IndexCatalog.in_memory(root)         # no cache folder: empty, refresh it
    stats = catalog.refresh(progress)              # new/changed/deleted files only
    open_kept(catalog, name, key), keeping(...)    # whole answers kept beside the index
    catalog.select(Filter(...), marks)             # the Catalog protocol
    linked_from(catalog, post), related_to(catalog, post)   # other posts, as PostRef

The index is a cache: a missing, old-schema, foreign or damaged database is
rebuilt, never reported as an error. Many processes may use one index at
once: one builds at a time (`reader.index.lock`), and a command reads it only
when it is complete and no build is under way (`open_ready`). A full disk
is the one failure said as such (`IndexDiskFull`). See `reader.index.schema` for
the tables, `reader.index.build` for the refresh, `reader.index.queries` for the queries.

This package is the index's one facade: the app and the commands import
`reader.index` only, never its modules and never `sqlite3` (an import-linter
contract in `pyproject.toml` holds them to it). SQLite's errors become
`CatalogError` for queries (`storage_errors`) and one tuple, `CACHE_ERRORS`,
for an unusable cache folder; `open_or_in_memory` is the one policy that
builds the index in memory when the cache folder fails.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.index.errors import CACHE_ERRORS, storage_errors
from reader.index.facade import IndexCatalog, IndexDiskFull
from reader.index.kept import keeping, open_kept
from reader.index.listing import listing_pages
from reader.index.lock import IndexBusy
from reader.index.opening import Fill, Opened, open_catalog, open_or_in_memory, open_ready
from reader.index.rows import LazyRows
from reader.index.schema import IndexDamaged, IndexUnusable, database_path

if TYPE_CHECKING:
    from reader.index.build import Progress, RefreshStats
    from reader.links import PostRef
    from reader.model import Post

__all__ = [
    "CACHE_ERRORS",
    "Fill",
    "IndexBusy",
    "IndexCatalog",
    "IndexDamaged",
    "IndexDiskFull",
    "IndexUnusable",
    "LazyRows",
    "Opened",
    "Progress",
    "RefreshStats",
    "database_path",
    "keeping",
    "linked_from",
    "listing_pages",
    "open_catalog",
    "open_kept",
    "open_or_in_memory",
    "open_ready",
    "related_to",
    "storage_errors",
]


def linked_from(catalog: IndexCatalog, post: Post) -> list[PostRef]:
    """The posts of the store that link to `post`, newest first (`reader.index.links`)."""
    from reader.index.links import backlinks

    def read_body(post_id: str) -> str | None:
        found = catalog.post(post_id)
        return None if found is None else found.body

    return backlinks(catalog.query, read_body, post.id, post.path, post.permalink)


def related_to(catalog: IndexCatalog, post: Post) -> list[PostRef]:
    """A few posts sharing the most distinctive words with `post` (`reader.index.related`)."""
    from reader.index.related import related

    return related(catalog.query, post)


def __getattr__(name: str) -> object:
    # The refresh's module (and the parser it brings) loads only when a
    # refresh runs: a command answering from the index never pays for it.
    if name in ("RefreshStats", "Progress"):
        from reader.index import build

        return getattr(build, name)
    raise AttributeError(name)
