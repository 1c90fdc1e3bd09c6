"""How much of a post's prose the renderer kept: the share of source words in its output.

Words are counted in the source outside HTML tags, URLs, link targets, shortcode and
template syntax, MDX import/export lines and comments; each is then looked for in
the rendered plain text (as many times as it occurs in the source). Case is ignored.
The patterns below only find what to leave out of the count; they convert nothing.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter

_WORD = re.compile(r"[^\W_]+")
# Link and footnote numbers: superscript digits, bracketed for footnotes.
_NUMBERS = re.compile(r"[⁽]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+[⁾]?")
_SCRIPT_TAG = re.compile(r"</?su[pb]>", re.IGNORECASE)
_SKIP = [
    re.compile(r"\A(---|\+\+\+)\n.*?\n\1\n", re.DOTALL),  # front matter
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE),
    re.compile(r"\{/\*.*?\*/\}", re.DOTALL),
    re.compile(r"(?<!`)%%.*?%%(?!`)", re.DOTALL),  # Obsidian comments
    re.compile(r"^(import|export)\s.*$", re.MULTILINE),
    re.compile(r"\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL),
    re.compile(r"</?[A-Za-z][^<>]*>"),
    re.compile(r"^[ \t>]*(?:`{3,}|~{3,}).*$", re.MULTILINE),  # fences, in quotes too
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link targets
    re.compile(r"\]\[[^\]]*\]"),  # reference labels
    re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE),  # reference definitions
    re.compile(r"\[\^[^\]]+\]"),  # footnote marks
    re.compile(r"\[\[(?:[^\]|]*\|)"),  # wiki link targets with a label
    re.compile(r"\b(?:https?|ftp|mailto):\S+"),
    re.compile(r"\{#[\w:.-]+\}|\{:[^}]*\}"),  # heading ids, kramdown attribute lists
    re.compile(r"\s\^[A-Za-z0-9-]+$", re.MULTILINE),  # Obsidian block ids
    re.compile(r"\[!\w+\][+-]?"),  # callout kinds
    re.compile(r"\|\d+(?:x\d+)?\]\]"),  # embed sizes
    re.compile(r"^ {0,3}(?:`{3,}|~{3,}).*$", re.MULTILINE),  # fences and their languages
]


def source_words(markdown: str) -> Counter[str]:
    """The prose words of a Markdown source, with how often each occurs."""
    # Superscripts join the word they follow (2<sup>nd</sup> reads 2ⁿᵈ).
    text = _SCRIPT_TAG.sub("", markdown)
    for pattern in _SKIP:
        # What spanned lines leaves a line break, so `^` still finds line starts.
        text = pattern.sub(lambda match: "\n" if "\n" in match.group() else " ", text)
    text = unicodedata.normalize("NFKC", html.unescape(text)).replace("*", "")
    return Counter(word.casefold() for word in _WORD.findall(text))


def rendered_words(plain: str) -> Counter[str]:
    """The words of rendered plain text; link and footnote numbers split words off."""
    text = unicodedata.normalize("NFKC", _NUMBERS.sub(" ", plain))
    return Counter(word.casefold() for word in _WORD.findall(text))


def word_recall(markdown: str, plain: str) -> float:
    """The share (0 to 1) of the source's prose words found in the rendered text."""
    wanted = source_words(markdown)
    total = sum(wanted.values())
    if not total:
        return 1.0
    found = rendered_words(plain)
    kept = sum(min(count, found[word]) for word, count in wanted.items())
    # A word wider than the line is folded over lines: look for it with breaks removed.
    folded = "".join(plain.casefold().split())
    kept += sum(
        count - found[word]
        for word, count in wanted.items()
        if found[word] < count and len(word) > 20 and word in folded
    )
    return kept / total


def missing_words(markdown: str, plain: str, limit: int = 20) -> list[str]:
    """The source words most often missing from the rendered text, for diagnosis."""
    wanted = source_words(markdown)
    found = rendered_words(plain)
    gaps = Counter({word: count - found[word] for word, count in wanted.items()})
    return [word for word, gap in gaps.most_common(limit) if gap > 0]
