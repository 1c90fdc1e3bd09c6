"""What `reader search` asks the index: the best few posts, and how many match.

All in SQL with a LIMIT: the command line wants a few rows, fast, from a
process that has no caches to lean on (the app's queries, which keep caches,
are `reader.index.queries`). A mixin of `IndexQueries`, which gives it
`where` and `_query`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.catalog import Filter, Marks, SortOrder
from reader.index.rows import COLUMNS, summary_from_row
from reader.index.sql import Where, select_sql
from reader.model import PostSummary
from reader.query import Plan, parse


class SearchCommands:
    """`search` and `count` over `where` and `_query` of the class that has them."""

    def where(self, plan: Plan, wanted: Filter, marks: Marks) -> Where:
        """The SQL that selects what `plan`, `wanted` and `marks` ask for."""
        raise NotImplementedError

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        raise NotImplementedError

    def search(
        self,
        text: str,
        marks: Marks,
        *,
        limit: int | None = None,
        order: SortOrder = "relevance",
    ) -> list[tuple[PostSummary, float]]:
        """The best `limit` posts for a search, with scores (higher is better)."""
        where = self.where(parse(text), Filter(query=text), marks)
        sql, params = select_sql(where, COLUMNS, order=order, score=True, limit=limit)
        return [(summary_from_row(row[:-1]), -row[-1]) for row in self._query(sql, params)]

    def count(self, text: str, marks: Marks) -> int:
        """How many posts a search matches (what `search` would return unlimited)."""
        where = self.where(parse(text), Filter(query=text), marks)
        sql, params = select_sql(where, "count(*)", order=None)
        total: int = self._query(sql, params)[0][0]
        return total
