"""When the main screen queries: after a pause for typing, one query at a time, the newest.

`Queries` holds the typing timer and whether the store's tags must be read
again; it starts the screen's query worker through the `start` it is given
and cancels the answer to an older state, so a late answer never replaces a
newer one. It keeps no view state: the screen passes what to ask when the
query starts.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.dom import DOMNode
from textual.timer import Timer

GROUP = "query"
"""The worker group of the screen's query worker."""


class Queries:
    """The query schedule of one screen."""

    def __init__(self, node: DOMNode, start: Callable[[bool], None]) -> None:
        """`start(tags)` starts the query worker (in `GROUP`), reading the tags too if `tags`."""
        self._node = node
        self._start = start
        self._timer: Timer | None = None
        self._tags_stale = False
        """The index changed: the next query reads the store's tags again."""

    @property
    def pending(self) -> bool:
        """A query waits for its timer or runs: the list is about to change."""
        running = any(w.group == GROUP and not w.is_finished for w in self._node.workers)
        return self._timer is not None or running

    def schedule(self, delay: float, *, tags: bool, ready: bool) -> None:
        """Query after `delay` seconds without another change (`ready`: the store is open);
        with `tags`, read the store's tags again too."""
        self._tags_stale = self._tags_stale or tags
        if not ready:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        # An answer to an older state must not arrive after this one.
        self._node.workers.cancel_group(self._node, GROUP)
        if delay:
            self._timer = self._node.set_timer(delay, self._run)
        else:
            self._run()

    def tags_read(self) -> None:
        """A query read the store's tags again."""
        self._tags_stale = False

    def _run(self) -> None:
        self._timer = None
        self._start(self._tags_stale)
