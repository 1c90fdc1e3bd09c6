"""Snippets: a few lines of a post around the words that were searched for.

The index keeps no text (see `reader.index.schema`), so snippets are cut here from
the post's body, read from its file, for the few results that are shown.
Markdown punctuation is dropped first so the snippet reads as prose.
Matching follows the index: case and accents do not matter, and a prefix
term matches any word that starts with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

Segment = tuple[str, bool]
"""A piece of snippet text, and whether it is a matched word."""

MARK = "**"
"""What `marked` puts around a matched word (Markdown's bold)."""

_WORD = re.compile(r"[^\W_]+")
# Every scan stops at the next bracket (or parenthesis) and every line-start
# rule at the line's end, so no character is scanned twice: `[^\]]*` ran on
# to the end of the text from every `[`, quadratic on a body of brackets.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\((?:[^()]++|\([^()]*\))*+\)")  # one level of (…) in a URL
_MARKUP = re.compile(
    r"^[ \t]*(?:#{1,6}\s|>\s?|[-*+‣]\s|\d{1,9}[.)]\s)|[*_`~]+|<[^<>]{0,200}>", re.M
)
_SPACE = re.compile(r"\s+")
_SCAN_LIMIT = 200_000


def fold(word: str) -> str:
    """Casefold and drop accents, as the index's tokenizer does."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def prose(markdown: str) -> str:
    """Body text without Markdown punctuation, on one line."""
    text = _LINK.sub(r"\1", markdown[:_SCAN_LIMIT])
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def snippet(
    body: str,
    terms: Iterable[str],
    prefixes: Iterable[str] = (),
    *,
    words: int = 28,
) -> list[Segment]:
    """About `words` words of the body around the best cluster of matches."""
    text = prose(body)
    exact = {fold(term) for term in terms}
    starts = tuple(fold(term) for term in prefixes)
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return [(text, False)] if text else []

    def term_of(token: re.Match[str]) -> str | None:
        word = fold(token.group())
        if word in exact:
            return word
        return next((start for start in starts if word.startswith(start)), None)

    found = [(index, term) for index, token in enumerate(tokens) if (term := term_of(token))]
    first = 0
    if found:
        # The window holding the most different terms wins; the earliest on ties.
        best = -1
        for index, _ in found[:200]:
            # A few words of lead-in, but never a short window at the end.
            start = max(0, min(index - 4, len(tokens) - words))
            distinct = {term for i, term in found if start <= i < start + words}
            if len(distinct) > best:
                best, first = len(distinct), start
    last = min(len(tokens), first + words) - 1
    matched = {index for index, _ in found if first <= index <= last}
    begin = tokens[first].start() if first > 0 else 0
    end = tokens[last].end() if last < len(tokens) - 1 else len(text)
    segments: list[Segment] = [("…", False)] if begin > 0 else []
    cursor = begin
    for index in sorted(matched):
        token = tokens[index]
        if token.start() > cursor:
            segments.append((text[cursor : token.start()], False))
        segments.append((token.group(), True))
        cursor = token.end()
    if end > cursor:
        segments.append((text[cursor:end], False))
    if end < len(text):
        segments.append(("…", False))
    return segments


def marked(segments: Iterable[Segment]) -> str:
    """The snippet as one string, matched words in `**`."""
    return "".join(f"{MARK}{text}{MARK}" if hit else text for text, hit in segments)
