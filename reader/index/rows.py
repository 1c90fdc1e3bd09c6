"""Rows and scores of a selection, built from the index only when looked at.

The SQL of a selection yields rowids; a `PostSummary` is made when a row is
first read, a page at a time. The app's list draws only the visible rows, so
a 100k-post answer costs a list of 100k integers, not 100k objects.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, overload

from reader.catalog import Rows
from reader.index.schema import SEPARATOR
from reader.model import PostDate, PostSummary

COLUMNS = (
    "p.rowid, p.id, p.path, p.title, p.title_source, p.date, p.updated, p.authors, p.tags,"
    " p.summary, p.draft"
)
"""The columns `summary_from_row` reads, rowid first."""
PAGE = 400
HEAD_ROWS = PAGE
"""Rows of a `PagedOrder` read before the whole order is needed: a page."""


def _date(text: str | None) -> PostDate | None:
    if not text:
        return None
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text)


def split_field(text: str) -> tuple[str, ...]:
    """Tags or authors as stored in one column."""
    return tuple(text.split(SEPARATOR)) if text else ()


def summary_from_row(row: Sequence[Any]) -> PostSummary:
    """A PostSummary from the columns `COLUMNS` (the rowid is ignored)."""
    _, post_id, path, title, source, date, updated, authors, tags, summary, draft = row
    return PostSummary(
        id=post_id,
        path=path,
        title=title,
        date=_date(date),
        updated=_date(updated),
        authors=split_field(authors),
        tags=split_field(tags),
        title_source=source,
        summary=summary,
        draft=bool(draft),
    )


class RowSource(Protocol):
    """What lazy rows and scores need from the catalog."""

    def cached(self, rowid: int) -> PostSummary | None: ...

    def summaries(self, rowids: Sequence[int]) -> list[PostSummary]: ...

    def rowid_for(self, post_id: str) -> int | None: ...


def gone(rowid: int) -> PostSummary:
    """Stands in for a row a refresh deleted after the selection was made."""
    return PostSummary(id=f"#{rowid}", path="", title="(no longer in the store)")


class PagedOrder(Sequence[int]):
    """Every post's rowid in one order, of which only the first page is read
    until more is needed.

    The first screen after opening lists every post, newest first: reading
    a million rowids in that order costs a fifth of a second of SQLite and
    JSON, for the forty rows a terminal shows. The first page comes from
    the index's own order (`head`, read along the date index), the length
    from the stored total; the whole order is read (`whole`, the catalog's
    cached list) when a row past the first page, or a post's place, is
    asked for. `known` says whether a row is at hand without that read.
    """

    def __init__(
        self,
        head: list[int],
        total: int,
        whole: Callable[[], list[int]],
        has: Callable[[int], bool] | None = None,
    ) -> None:
        self._has = has
        """Whether a rowid is listed at all, cheaply (a selection's flags): a
        post the list does not hold is found absent without the whole order."""
        self._head = head
        self._total = total
        self._whole_of = whole
        self._whole: list[int] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._total

    def known(self, index: int) -> bool:
        """Whether row `index` is at hand (no query to read it)."""
        index = index + self._total if index < 0 else index
        return self._whole is not None or 0 <= index < len(self._head)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> list[int]: ...

    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._total)
            if step == 1 and stop <= len(self._head) and self._whole is None:
                return self._head[start:stop]
            return self.whole()[index]
        if self.known(index) and self._whole is None:
            return self._head[index]
        return self.whole()[index]

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """Where rowid `value` is (ValueError if not listed)."""
        if self._whole is None and start == 0 and stop is None:
            if value in self._head:
                return self._head.index(value)
            if self._has is not None and not self._has(value):
                raise ValueError(value)
        return self.whole().index(value, start, *(() if stop is None else (stop,)))

    def whole(self) -> list[int]:
        """Every rowid in the order, read once; exactly `len(self)` of them.

        The catalog's list is of its state now: should a refresh have
        changed the count since this order was made, it is cut or padded
        with rowid 0 (no post: `gone`), for the app queries again anyway."""
        with self._lock:
            if self._whole is None:
                found = self._whole_of()
                if len(found) != self._total:  # (a copy only then: 10 ms a million)
                    found = found[: self._total] + [0] * (self._total - len(found))
                self._whole = found
            return self._whole

    def __iter__(self) -> Iterator[int]:
        return iter(self.whole())


class LazyRows(Rows):
    """The rows of a selection, built from the index as they are read."""

    def __init__(self, source: RowSource, rowids: Sequence[int]) -> None:
        self._source = source
        self.rowids = rowids

    def __len__(self) -> int:
        return len(self.rowids)

    @overload
    def __getitem__(self, index: int) -> PostSummary: ...

    @overload
    def __getitem__(self, index: slice) -> list[PostSummary]: ...

    def __getitem__(self, index: int | slice) -> PostSummary | list[PostSummary]:
        if isinstance(index, slice):
            return self._source.summaries(self.rowids[index])
        rowid = self.rowids[index]
        found = self._source.cached(rowid)
        if found is None:
            self.load_page(index)
            found = self._source.cached(rowid) or gone(rowid)
        return found

    def index_of(self, post_id: str) -> int | None:
        """A search of integers: no row is built."""
        rowid = self._source.rowid_for(post_id)
        if rowid is None:
            return None
        try:
            return self.rowids.index(rowid)
        except ValueError:
            return None

    def is_loaded(self, index: int) -> bool:
        """Whether reading row `index` costs nothing (no query)."""
        rowids = self.rowids
        if isinstance(rowids, PagedOrder) and not rowids.known(index):
            return False
        return self._source.cached(rowids[index]) is not None

    def load_around(self, index: int) -> None:
        self.load_page(index)

    def load_page(self, index: int) -> None:
        """Read the page around row `index`: a list scrolls, it rarely jumps."""
        start = max(0, (index if index >= 0 else index + len(self)) - PAGE // 4)
        self._source.summaries(self.rowids[start : start + PAGE])

    def __iter__(self) -> Iterator[PostSummary]:
        for start in range(0, len(self.rowids), PAGE):
            yield from self._source.summaries(self.rowids[start : start + PAGE])
