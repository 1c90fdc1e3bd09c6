"""The words of a search in the index: the posts they match, their bm25, and
the order of an answer by relevance.

Each reads one JSON array (or two) from SQLite, parsed by `json.loads` in C:
the text of 50,000 rowids parsed one `int` at a time cost more than the
search itself. `reader.index.queries` keeps what these return for one state
of the index.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from reader.index.bitsets import Bits, Ordering, bits_of, flags_of
from reader.index.rows import HEAD_ROWS, PagedOrder
from reader.index.sql import SCORE

Query = Callable[[str, Sequence[object]], list[Any]]
"""Runs a query on the index and returns its rows."""

Ranks = tuple[dict[int, float], Bits | None]
"""bm25 by rowid, and the posts scored when only some were (None: all)."""

FULL_RANK_LIMIT = 10_000
"""Answers larger than this are ranked by their title matches only."""


def matched_bits(query: Query, expression: str, size: int) -> Bits:
    """The rowids an FTS5 expression matches, dead rows of the FTS table too
    (each below `size`)."""
    sql = "SELECT '[' || group_concat(rowid) || ']' FROM fts WHERE fts MATCH ?"
    listed: str | None = query(sql, (expression,))[0][0]
    return bits_of(json.loads(listed) if listed else (), size)


def bm25_scores(query: Query, match: str) -> dict[int, float]:
    """bm25 by rowid of the posts matching an FTS5 expression.

    `LIMIT -1` keeps SQLite from flattening the subquery, which bm25 does
    not allow."""
    sql = (
        "SELECT '[' || group_concat(rowid) || ']', '[' || group_concat(score) || ']'"
        f" FROM (SELECT rowid, {SCORE} AS score FROM fts WHERE fts MATCH ? LIMIT -1)"
    )
    rowids, scores = query(sql, (match,))[0]
    if rowids is None:
        return {}
    return dict(zip(json.loads(rowids), json.loads(scores), strict=True))


def ranks_of(query: Query, match: str, matched: int, size: int) -> Ranks:
    """bm25 of the `matched` rows; for huge answers, of their title matches only.

    Scoring tens of thousands of rows costs SQLite more than the app's
    whole 50 ms budget, and for a word that common the body score says
    little. Past `FULL_RANK_LIMIT` rows, posts whose title matches come
    first, ranked by bm25, and the rest follow newest first: the scores
    come with the set of posts they cover.
    """
    if matched <= FULL_RANK_LIMIT:
        return bm25_scores(query, match), None
    scores = bm25_scores(query, "{title} : (" + match + ")")
    return scores, bits_of(scores, size)


def in_order(base: Ordering, keep: Bits, ranks: Ranks | None, size: int) -> Sequence[int]:
    """The chosen posts in the list's order, or by relevance (best first,
    newest first among equals)."""
    if ranks is None:
        flags = flags_of(keep, size)
        total = keep.bit_count()
        if total < HEAD_ROWS * 4:
            return base.keep(flags)
        # The list shows the first rows: the order of the rest waits until asked for.
        head = base.head(flags, HEAD_ROWS, total)
        return PagedOrder(
            head, total, lambda: base.keep(flags), has=lambda r: r < size and flags[r] == 1
        )
    scores, ranked = ranks
    flags = flags_of(keep, size)
    # The scored posts chosen, best first, newest first among equals:
    # sorted on their own (a few thousand), never by walking the whole order.
    first = base.by_score([rowid for rowid in scores if flags[rowid]], scores)
    if ranked is None:
        return first
    # Only the title matches were scored (bm25 is always below 0): they
    # come first, by score, and every other post follows newest first.
    rest = keep & ~ranked
    rest_flags, rest_total = flags_of(rest, size), rest.bit_count()
    head = first + base.head(rest_flags, max(0, HEAD_ROWS - len(first)), rest_total)
    return PagedOrder(
        head,
        len(first) + rest_total,
        lambda: first + base.keep(rest_flags),
        has=lambda r: r < size and flags[r] == 1,
    )
