"""Recover what the scrape lost: each post's title, and its authors.

Title rules, first hit wins (the rule's name is stored as `title_source`, so
the reader can mark the title as guessed):

- `explicit`: the writer names it: "the title of my piece ‘X’", "calling ‘X’";
- `quoted-phrase`: a short quoted phrase (1–6 words) that recurs in the body;
- `lead-sentence`: the first sentence, if at most 12 words, after dropping a
  bio or "written by" line and a caption;
- `first-sentence`: that sentence cut at about 70 characters with `…`;
- `date`: an empty body leaves only the date ("Post of 13 September 2016").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reader.importers.scrape.parse import ScrapedPost
from reader.importers.scrape.recover_authors import bio_name, find_authors, written_by_names
from reader.importers.scrape.recover_text import (
    QUOTE_MARKS,
    STOPWORDS,
    count_phrases,
    first_sentence,
    quoted_spans,
)

_EXPLICIT_CUE = re.compile(
    r"(?:\btitle\s+of\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+,?|"
    r"\b(?:calling|called|entitled|titled)(?:\s+(?:it|this))?)\s*$",
    re.IGNORECASE,
)
_CUE_WINDOW = 80  # how far before a quote its cue may start
_MAX_EXPLICIT_WORDS = 16
_MAX_PHRASE_WORDS = 6
_MAX_LEAD_WORDS = 12
_CUT_AT = 70
# `Photo: …`, `Pictured – …`, `Image by …`, `© …`; not "Credit unions are …".
_CAPTION = re.compile(
    r"(?:photo|image|picture|pictured|credit|caption)s?\s*(?:[:|–—-]|by\b)|©", re.IGNORECASE
)
_BULLET = re.compile(r"(?:[-‣•]|\d{1,3}[.)])(?:\s+|$)")
_TRAILING = ".,;:–—-" + "".join(QUOTE_MARKS)
_MAY_START = "(£$€@"
_MAY_END = "…?!"
# Words a cut title must not end on ("… talked about in…" reads broken).
_DANGLING_TEXT = """a an the and or but nor of in on at to for from with by as into that which
    who whose our their its his her my your this these those is are was were be"""
_DANGLING = frozenset(_DANGLING_TEXT.split())


@dataclass(frozen=True, slots=True)
class Recovery:
    """What the rules recovered for one post, and which rule said so."""

    title: str
    title_source: str
    authors: tuple[str, ...]
    authors_source: str | None
    authors_confirmed_by: str | None = None
    author_hint: str | None = None


def tidy_title(text: str) -> str:
    """Make a phrase read like a title: one line, no quotes or marks around it,
    no closing full stop (but `?`, `!` and `…` stay), first letter capitalised.
    Empty when no letter or digit is left: such a phrase is no title."""
    text = " ".join(text.split())
    start = 0
    while start < len(text) and not (text[start].isalnum() or text[start] in _MAY_START):
        start += 1
    end = len(text)
    while end > start and not (
        text[end - 1].isalnum()
        or text[end - 1] in _MAY_END
        or (text[end - 1] == ")" and "(" in text[start:end])
    ):
        end -= 1
    text = text[start:end]
    if not any(char.isalnum() for char in text):
        return ""
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def explicit_title(texts: Sequence[str]) -> str | None:
    for text in texts:
        for span in quoted_spans(text):
            before = text[max(0, span.start - _CUE_WINDOW) : span.start]
            if _EXPLICIT_CUE.search(before) and len(span.text.split()) <= _MAX_EXPLICIT_WORDS:
                return span.text
    return None


def _is_meaningful(phrase: str) -> bool:
    """Not a lone `our` or `it`: some word of three or more letters that matters."""
    words = re.findall(r"[^\W\d_]+", phrase.lower())
    return any(len(word) >= 3 and word not in STOPWORDS for word in words)


def recurring_phrase(texts: Sequence[str]) -> str | None:
    candidates = [
        phrase
        for text in texts
        for span in quoted_spans(text)
        if 1 <= len((phrase := span.text.strip(".,;:!?…").strip()).split()) <= _MAX_PHRASE_WORDS
        and _is_meaningful(phrase)
    ]
    counts = count_phrases(candidates, texts)
    return next((phrase for phrase in candidates if counts[phrase] >= 2), None)


def lead_lines(texts: Sequence[str]) -> list[str]:
    """The body without its opening bio / "written by" line and captions."""
    lines = list(texts)
    while lines and (bio_name(lines[0]) or written_by_names(lines[0])):
        lines.pop(0)
    return [line for line in lines if not _CAPTION.match(line)] or lines


def cut_sentence(sentence: str, limit: int = _CUT_AT) -> str:
    """At most `limit` characters on a word boundary, not ending on `of`, with `…`."""
    if len(sentence) <= limit:
        return sentence
    kept: list[str] = []
    for word in sentence.split():
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1].lower().strip(_TRAILING) in _DANGLING:
        kept.pop()
    if not kept:  # one enormous word
        return sentence[: limit - 1] + "…"
    return " ".join(kept).rstrip(_TRAILING) + "…"


def recover_title(post: ScrapedPost) -> tuple[str, str]:
    """(title, rule) for a post; the title is never empty."""
    texts = post.body_texts
    for rule, finder in (("explicit", explicit_title), ("quoted-phrase", recurring_phrase)):
        found = finder(texts)
        if found and tidy_title(found):
            return tidy_title(found), rule
    for line in lead_lines(texts):
        sentence = tidy_title(first_sentence(_BULLET.sub("", line, count=1)))
        if not sentence:
            continue
        if len(sentence.split()) <= _MAX_LEAD_WORDS:
            return sentence, "lead-sentence"
        return tidy_title(cut_sentence(sentence)), "first-sentence"
    return f"Post of {post.date.day} {post.date:%B %Y}", "date"


def recover(post: ScrapedPost) -> Recovery:
    title, title_source = recover_title(post)
    found = find_authors(post.body_texts, post.posted_by)
    return Recovery(
        title=title,
        title_source=title_source,
        authors=found.authors,
        authors_source=found.source,
        authors_confirmed_by=found.confirmed_by,
        author_hint=found.hint,
    )
