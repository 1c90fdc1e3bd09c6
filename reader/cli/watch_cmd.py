"""`reader index --watch`: keep a store's index fresh for other tools.

It builds or refreshes the index as `reader index` does, then follows the
store (`reader.store_watch`): each debounced change refreshes the index and
prints one line on stderr, `reader: 2 added, 1 changed, 0 removed`, with any
file newly found unreadable. Where the store cannot be watched it says so
once and checks it every few seconds. Ctrl+C ends it with exit status 0.
"""

from __future__ import annotations

import argparse
import threading
from typing import TYPE_CHECKING

from reader import store_watch
from reader.cli.common import resolve_store, warn
from reader.cli.search_cmds import index_store

if TYPE_CHECKING:
    from reader.index import IndexCatalog, RefreshStats
    from reader.model import LoadProblem


def run(args: argparse.Namespace) -> int:
    root = resolve_store(args)
    status = index_store(root, rebuild=args.rebuild)
    if status != 0:
        return status
    from reader.index import IndexCatalog

    catalog = IndexCatalog.open(root)
    follower = IndexFollower(catalog)
    try:
        store_watch.follow(
            root,
            follower.refresh,
            threading.Event(),  # Never set: only Ctrl+C ends the command.
            unmoved=catalog.store_unmoved,
            fallback=lambda reason: warn(f"reader: {store_watch.fallback_line(reason)}"),
            debounce_ms=store_watch.DEBOUNCE_MS,
            poll_seconds=store_watch.POLL_SECONDS,
            ready=follower.ready,
        )
    except KeyboardInterrupt:
        if follower.refreshing:
            # The batch being written is rolled back; the next command finishes it.
            warn("reader: stopped during a refresh; the next command finishes the index")
    finally:
        catalog.close()
    return 0


class IndexFollower:
    """Refreshes one index on each change and says what each refresh did."""

    def __init__(self, catalog: IndexCatalog) -> None:
        self.catalog = catalog
        self.refreshing = False
        self._known: set[LoadProblem] = set(catalog.problems())

    def ready(self) -> None:
        """The store is watched: catch up with what changed while it was not, and say so."""
        self.refresh(frozenset())
        warn(f"reader: watching {self.catalog.root} for changes; Ctrl+C ends")

    def refresh(self, _paths: frozenset[str]) -> None:
        """Bring the index up to date; one line on stderr if anything changed."""
        from reader.index import IndexBusy

        self.refreshing = True
        try:
            stats = self.catalog.refresh()
        except IndexBusy as error:
            warn(f"reader: {error}; trying again at the next change")
            return
        finally:
            self.refreshing = False
        if not changed(stats):
            return  # An editor's save that wrote the same bytes, a folder touched.
        warn(f"reader: {stats.added} added, {stats.changed} changed, {stats.removed} removed")
        problems = self.catalog.problems()
        for problem in problems:
            if problem not in self._known:
                warn(str(problem))
        self._known = set(problems)


def changed(stats: RefreshStats) -> bool:
    """Whether a refresh took anything new into the index."""
    return bool(stats.added or stats.changed or stats.removed or stats.rebuilt)
