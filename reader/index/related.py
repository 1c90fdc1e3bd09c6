"""Related posts: the few that share the most distinctive words with a post.

The post's own text gives each word's frequency in it (tf), the index's
vocabulary (FTS5's `fts5vocab`) the number of posts that hold the word
(df). The words with the highest tf·log(N/df) that some other post holds
too, ORed into one FTS5 query ranked by bm25, find the posts that share
the most of them, the rarest weighing most. Deterministic for a given
index: ties go by the word, then by the post's id.
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
"""Distinctive words ORed into the query."""
_CANDIDATES = 400
"""Words of the post whose document frequency is looked up, most frequent first."""
_TEXT_BUDGET = 100_000
"""Characters of a post's body read for its words: a long post's start says enough."""

_WORD = re.compile(r"[^\W_]{3,40}")
"""Words as FTS5's unicode61 tokenizer splits them (letters and digits), long
enough to mean something and short enough to be a word."""
_VOCAB = "temp.reader_vocab"


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


def distinctive_terms(query: Query, post: Post, count: int = TERMS) -> list[str]:
    """The post's `count` words of highest tf·idf that other posts hold too."""
    counts = term_counts(post)
    if not counts:
        return []
    query(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} USING fts5vocab(main, 'fts', 'row')", ())
    candidates = sorted(counts, key=lambda term: (-counts[term], term))[:_CANDIDATES]
    total = max(int(query("SELECT count(*) FROM posts", ())[0][0]), 1)
    marks = ", ".join("?" * len(candidates))
    frequency = dict(
        query(f"SELECT term, doc FROM {_VOCAB} WHERE term IN ({marks})", tuple(candidates))
    )
    scored = [
        (-counts[term] * math.log(total / docs), term)
        for term, docs in frequency.items()
        if docs >= 2  # Held by another post too (or by this one's old version).
    ]
    return [term for _, term in sorted(scored)[:count]]


def related(query: Query, post: Post, count: int = RELATED) -> list[PostRef]:
    """Up to `count` other posts sharing the most distinctive words with `post`."""
    terms = distinctive_terms(query, post)
    if not terms:
        return []
    match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    rows = query(
        "SELECT p.id FROM (SELECT rowid AS hit, bm25(fts) AS score FROM fts"
        " WHERE fts MATCH ? ORDER BY score LIMIT -1) JOIN posts AS p ON p.rowid = hit"
        " WHERE p.id != ? ORDER BY score, p.id LIMIT ?",
        (match, post.id, count),
    )
    order = [str(row[0]) for row in rows]
    found = {ref.id: ref for ref in refs(query, order)}
    return [found[post_id] for post_id in order if post_id in found]
