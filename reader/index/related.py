"""Related posts: the few that share the most distinctive words with a post.

The post's own text gives each word's frequency in it (tf), the FTS index
the posts that hold the word, and so their number (df). The words with the
highest tf·log(N/df) that another post holds too are the post's
distinctive words; a post scores the weights of those it holds, and the
best five are its related posts. Deterministic for a given index: ties go
by the word, then by the post's id.

The cost is bounded whatever the store: FTS5 reads a word's posts to count
them (`fts5vocab` too: 0.4 ms for a common word in a 13k store, and a post
has hundreds of words), so only the post's most frequent words that are
neither short nor stop words are looked up, and each word's posts are read
up to `_COMMON`: a word held by more is too common to tell posts apart, and
weighs the least. Ranking the union of the words' posts with bm25 instead
took 180 ms at 13k posts when every word is common.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from reader.index.links import Query, refs
from reader.links import PostRef
from reader.model import Post

RELATED = 5
"""Posts listed."""
TERMS = 12
"""Distinctive words a post is scored by."""
_CANDIDATES = 32
"""Words of the post looked up in the index, most frequent first."""
_COMMON = 400
"""A word's posts read at most: one held by more counts as held by this many."""
_TEXT_BUDGET = 100_000
"""Characters of a post's body read for its words: a long post's start says enough."""

_WORD = re.compile(r"[^\W_]{3,40}")
"""Words as FTS5's unicode61 tokenizer splits them (letters and digits), long
enough to mean something and short enough to be a word."""
_STOP_WORDS = (
    "about after again also been before being between both could does doing down during"
    " each even every from further have having here into itself just more most much must"
    " only other over same should some such than that their theirs them then there these"
    " they this those through under until very were what when where which while will"
    " with would your yours"
)
_STOP = frozenset(_STOP_WORDS.split())
"""English words too common to say what a post is about, never looked up."""


def _fold(word: str) -> str:
    """A word as the index holds it: lowercase, diacritics removed (`remove_diacritics 2`)."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def term_counts(post: Post) -> Counter[str]:
    """How often each word is in the post's title, tags and (the start of its) body."""
    text = " ".join((post.title, " ".join(post.tags), post.body[:_TEXT_BUDGET]))
    return Counter(_fold(word) for word in _WORD.findall(text) if not word.isdigit())


def weighted_terms(query: Query, post: Post) -> list[tuple[float, str, list[int]]]:
    """The post's distinctive words as (weight, word, rowids of the posts holding
    it), heaviest first: tf·log(N/df), for words another post holds too."""
    counts = term_counts(post)
    candidates = sorted(
        (term for term in counts if len(term) >= 4 and term not in _STOP),
        key=lambda term: (-counts[term], term),
    )[:_CANDIDATES]
    if not candidates:
        return []
    total = max(int(query("SELECT count(*) FROM posts", ())[0][0]), 1)
    weighted = []
    for term in candidates:
        holding = _holding(query, term)
        if len(holding) >= 2:  # Another post too (or this one's old version).
            weight = counts[term] * math.log(max(total, len(holding)) / len(holding))
            weighted.append((weight, term, holding))
    weighted.sort(key=lambda item: (-item[0], item[1]))
    return weighted[:TERMS]


def distinctive_terms(query: Query, post: Post) -> list[str]:
    """The post's distinctive words, most distinctive first."""
    return [term for _, term, _ in weighted_terms(query, post)]


def _holding(query: Query, term: str) -> list[int]:
    """The rowids of the posts (dead ones too) that hold `term`, up to `_COMMON`."""
    rows = query(
        "SELECT group_concat(rowid) FROM (SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?)",
        ('"' + term.replace('"', '""') + '"', _COMMON),
    )
    text = rows[0][0] if rows else None
    return [int(rowid) for rowid in str(text).split(",")] if text else []


def related(query: Query, post: Post, count: int = RELATED) -> list[PostRef]:
    """Up to `count` other posts sharing the most distinctive words with `post`."""
    scores: dict[int, float] = {}
    for weight, _term, holding in weighted_terms(query, post):
        for rowid in holding:
            scores[rowid] = scores.get(rowid, 0.0) + weight
    if not scores:
        return []
    # The best few rowids, and ties at the edge, then by id among live posts.
    best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[: 4 * count + 8]
    by_rowid = dict(
        query(
            "SELECT p.rowid, p.id FROM json_each(?) AS j JOIN posts AS p ON p.rowid = j.value",
            ("[" + ",".join(str(rowid) for rowid, _ in best) + "]",),
        )
    )
    ranked = sorted(
        (-score, str(by_rowid[rowid]))
        for rowid, score in best
        if rowid in by_rowid and by_rowid[rowid] != post.id
    )
    order = [post_id for _, post_id in ranked[:count]]
    found = {ref.id: ref for ref in refs(query, order)}
    return [found[post_id] for post_id in order if post_id in found]
