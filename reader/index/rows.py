"""Rows and scores of a selection, built from the index only when looked at.

The SQL of a selection yields rowids; a `PostSummary` is made when a row is
first read, a page at a time. The app's list draws only the visible rows, so
a 100k-post answer costs a list of 100k integers, not 100k objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
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
        return self._source.cached(self.rowids[index]) is not None

    def load_around(self, index: int) -> None:
        self.load_page(index)

    def load_page(self, index: int) -> None:
        """Read the page around row `index`: a list scrolls, it rarely jumps."""
        start = max(0, (index if index >= 0 else index + len(self)) - PAGE // 4)
        self._source.summaries(self.rowids[start : start + PAGE])

    def __iter__(self) -> Iterator[PostSummary]:
        for start in range(0, len(self.rowids), PAGE):
            yield from self._source.summaries(self.rowids[start : start + PAGE])
