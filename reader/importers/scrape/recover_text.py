"""Small text tools the title and author rules share: sentences, quotes, names.

The scrape's prose uses `’` both as an apostrophe and as a closing quote, so
a quote closes only where the mark is not followed by a letter (`can’t` stays
inside ‘The challenge … can’t be trusted …’).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.importers.scrape.phrase_search import PhraseSearch

OPEN_QUOTES = "‘“\"'"
CLOSE_QUOTES = "’”\"'"
QUOTE_MARKS = frozenset(OPEN_QUOTES + CLOSE_QUOTES + "«»")

# (the opening mark, the pattern): a pattern runs only on lines with its mark.
# A quote that any rule uses is a few words long, so a span is at most
# MAX_QUOTE_CHARS: unbounded, every `'` of a line without a closing one
# searched on to the line's end, quadratic in the line's length. The
# repeats are possessive: a span ends at the first mark that can close it,
# so giving characters back never finds another.
MAX_QUOTE_CHARS = 300
_QUOTED = (
    ("‘", re.compile(rf"‘(?P<text>(?:[^‘’\n]|’(?=\w)){{1,{MAX_QUOTE_CHARS}}}+)’(?!\w)")),
    ("“", re.compile(rf"“(?P<text>[^“”\n]{{1,{MAX_QUOTE_CHARS}}}+)”")),
    ('"', re.compile(rf'(?<![\w"])"(?P<text>[^"\n]{{1,{MAX_QUOTE_CHARS}}}+)"(?!\w)')),
    ("'", re.compile(rf"(?<![\w'])'(?P<text>(?:[^'\n]|'(?=\w)){{1,{MAX_QUOTE_CHARS}}}+)'(?!\w)")),
)

# Sentence ends: `.`, `!`, `?` or `…`, maybe followed by closing quotes or
# brackets, then whitespace or the end of the text.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s|$)")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")
_WORD_CHARACTER = re.compile(r"\w")
_ABBREVIATION_TEXT = """dr mr mrs ms mx prof st rev revd cllr no vs etc e.g i.e eg ie approx
    dept inc ltd co jr sr"""
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())

_STOPWORD_TEXT = """a an and are as at be but by for from has have her his i if in into is it its
    of on or our so than that the their them then there these they this to was we
    were what when where which who will with you your my me us not no can all any
    about over more most such do does did"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

HONORIFICS = "Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Mr|Mrs|Ms|Miss|Mx|Rev|Revd|Cllr"
_NAME_WORD = r"(?:[A-Z]|[À-ÖØ-Þ])[^\W\d_]*(?:[’'\-][^\W\d_]+)*"
_PARTICLE = r"(?:van|von|de|da|del|della|di|du|la|le|bin|al)"
HONORIFIC = rf"(?:(?:{HONORIFICS})\.?)"
# A full name: two to four capitalised words, maybe a title and particles.
FULL_NAME = rf"(?:{HONORIFIC}\s+)?{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}"
# What a closing line may give: a first name, a surname after a title, or more.
SOME_NAME = rf"(?:{HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"

# Words that make a capitalised run an organisation or a sentence, not a person.
_NOT_NAME_TEXT = """leadership foundation trust fund council society network group team ltd limited
    charity charities association institute centre center university college school
    service services uk social sector government the this that these those it its our
    my we their his her what when where why how there here clore blog post
    national royal british london city partnership alliance company"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted span of one line: its text and where it started."""

    text: str
    start: int


def quoted_spans(line: str) -> list[Quoted]:
    """Every quoted span of a line, in order, in any of the four quote styles."""
    spans = [
        Quoted(match["text"].strip(), match.start())
        for mark, pattern in _QUOTED
        if mark in line
        for match in pattern.finditer(line)
    ]
    spans.sort(key=lambda span: span.start)
    return [span for span in spans if span.text]


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph (the whole text when it has one)."""
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            last = _word_before(text, match.start()).strip("".join(QUOTE_MARKS) + "(")
            if _is_abbreviation(last):
                continue
        # Only the next character counts: slicing off the rest of the text at
        # every full stop made a paragraph of many `e.g.`s quadratic.
        after = _NEXT_CHARACTER.match(text, match.end())
        following = after.group(1) if after else None
        if following and not (
            following.isupper() or following.isdigit() or following in QUOTE_MARKS
        ):
            continue  # `e.g. this` or `... and so on. but` : not a sentence break
        return text[: match.end()].strip()
    return text.strip()


def _word_before(text: str, end: int) -> str:
    """The last blank-separated word of `text[:end]`, or ''.

    Walks back from `end`; a sentence end follows its own word, so the walks
    of one paragraph's sentence ends never cover the same text twice.
    """
    stop = end
    while stop > 0 and text[stop - 1].isspace():
        stop -= 1
    start = stop
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:stop]


def _is_abbreviation(word: str) -> bool:
    if len(word) == 1 and word.isupper():
        return True  # an initial: `J. Smith`
    return word.lower().rstrip(".") in _ABBREVIATIONS


def is_person_name(name: str) -> bool:
    """Shape alone cannot tell `Dawn Austwick` from `Big Lottery Fund`; a word list can."""
    words = [word.strip(".,").lower() for word in name.split()]
    return not any(word in _NOT_NAME_WORDS for word in words)


def count_phrases(phrases: Iterable[str], texts: Iterable[str]) -> dict[str, int]:
    """Case-insensitive, whole-word, non-overlapping occurrences of each phrase
    in all `texts` (a phrase never spans two texts), keyed by the phrase as given.

    One pass over the texts for all the phrases: a regular expression per
    phrase over every text was quadratic on a post of many quoted lines.
    """
    by_folded: dict[str, list[str]] = {}
    for phrase in phrases:
        by_folded.setdefault(phrase.lower(), []).append(phrase)
    counts = dict.fromkeys(by_folded, 0)
    search = PhraseSearch(by_folded)
    for text in texts:
        folded = text.lower()
        free_from: dict[str, int] = {}  # where each phrase may next start
        for start, phrase in search.find(folded):
            end = start + len(phrase)
            if start < free_from.get(phrase, 0) or not _whole_words(folded, start, end):
                continue
            counts[phrase] += 1
            free_from[phrase] = end
    return {given: counts[folded] for folded, all_given in by_folded.items() for given in all_given}


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither starts nor ends inside a word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (_WORD_CHARACTER.match(before) or _WORD_CHARACTER.match(after))
