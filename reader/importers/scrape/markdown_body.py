"""Turn a scraped body (one paragraph per line) into Markdown that says the same.

The scrape is plain text, so every character must survive a Markdown
renderer: a paragraph that starts with `2016. ` or `#` or `> ` would otherwise
turn into a list, a heading or a quote, and `*word*` would lose its stars.
Only what CommonMark would misread is escaped; the rest stays verbatim,
curly quotes, dashes, `…` and typos included.

Structure the scrape does carry:
- runs of `- ` (or `‣ `, `• `) lines are a bullet list; a marker alone on its
  line takes the next line as its item's text;
- runs of `1. ` `2. ` `3. ` (consecutive numbers, two or more) are an ordered list;
- a line repeated inside a longer paragraph is a pull-quote: a `>` blockquote.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reader.importers.scrape.phrase_search import PhraseSearch

_BULLET = re.compile(r"[-‣•](?:\s+(?P<text>.*))?")
_NUMBERED = re.compile(r"(?P<number>\d{1,3})[.)]\s+(?P<text>.+)")
_MIN_ORDERED_RUN = 2
_MIN_PULL_QUOTE = 20
_MAX_PULL_QUOTE = 300

_ASCII_PUNCTUATION = frozenset(string.punctuation)
_MAYBE_SPECIAL = re.compile(r"[\\*`~\[_<&]")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LIST_START = re.compile(r"[-+](?:\s|$)")
_THEMATIC_BREAK = re.compile(r"(?:-[ \t]*){3,}")
_ORDERED_START = re.compile(r"(?P<number>\d{1,9})(?=[.)](?:\s|$))")

BlockKind = Literal["paragraph", "quote", "bullets", "numbers"]


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    items: tuple[str, ...]
    """One text for a paragraph or quote; the item texts of a list."""
    start: int = 1
    """The first number of an ordered list."""


def _bullet_text(line: str) -> str | None:
    match = _BULLET.fullmatch(line)
    if match is None:
        return None
    return (match["text"] or "").strip()


def _ordered_run(texts: Sequence[str], first: int) -> int:
    """How many lines from `first` form a 1. 2. 3. run (0 if fewer than two)."""
    match = _NUMBERED.fullmatch(texts[first])
    if match is None:
        return 0
    expected = int(match["number"])
    length = 0
    for text in texts[first:]:
        item = _NUMBERED.fullmatch(text)
        if item is None or int(item["number"]) != expected:
            break
        expected += 1
        length += 1
    return length if length >= _MIN_ORDERED_RUN else 0


def _quote_key(text: str) -> str:
    return " ".join(text.strip("‘’“”\"'").lower().split()).rstrip(".,;:!?…")


def _pull_quotes(texts: Sequence[str]) -> set[int]:
    """Lines whose words also appear inside a longer line of the same post."""
    keys = [_quote_key(text) for text in texts]
    search = PhraseSearch(key for key in keys if _MIN_PULL_QUOTE <= len(key) <= _MAX_PULL_QUOTE)
    repeated: set[str] = set()
    for other in set(keys):
        repeated.update(key for _start, key in search.find(other) if len(key) < len(other))
    return {index for index, key in enumerate(keys) if key in repeated}


def body_blocks(lines: Sequence[str]) -> list[Block]:
    """Group body lines (blank ones ignored) into paragraphs, quotes and lists."""
    texts = [line for line in lines if line]
    quotes = _pull_quotes(texts)
    blocks: list[Block] = []
    index = 0
    while index < len(texts):
        if _bullet_text(texts[index]) is not None:
            items: list[str] = []
            stray: str | None = None
            while index < len(texts) and (item := _bullet_text(texts[index])) is not None:
                index += 1
                if not item:
                    # A marker alone: its text is on the next line, unless there
                    # is none or it is another item (the marker then stays as text).
                    if index == len(texts) or _bullet_text(texts[index]) is not None:
                        stray = texts[index - 1]
                        break
                    item = texts[index]
                    index += 1
                items.append(item)
            if items:
                blocks.append(Block("bullets", tuple(items)))
            if stray is not None:
                blocks.append(Block("paragraph", (stray,)))
            continue
        run = _ordered_run(texts, index)
        if run:
            matches = [_NUMBERED.fullmatch(text) for text in texts[index : index + run]]
            items = [match["text"].strip() for match in matches if match]
            start = int(matches[0]["number"]) if matches[0] else 1
            blocks.append(Block("numbers", tuple(items), start))
            index += run
            continue
        kind: BlockKind = "quote" if index in quotes else "paragraph"
        blocks.append(Block(kind, (texts[index],)))
        index += 1
    return blocks


def escape_inline(text: str) -> str:
    """Escape what would turn into emphasis, code, links, HTML or entities."""
    if _MAYBE_SPECIAL.search(text) is None:
        return text  # most lines: nothing to look at

    def escape(match: re.Match[str]) -> str:
        char, index = match.group(), match.start()
        before = text[index - 1] if index else ""
        after = text[index + 1 : index + 2]
        if char == "\\":
            needed = not after or after in _ASCII_PUNCTUATION
        elif char == "_":
            # `@h_kippin`: an underscore between letters can never emphasise.
            needed = not (before.isalnum() and after.isalnum())
        elif char == "<":
            needed = after.isalpha() or after in "/!?"
        elif char == "&":
            needed = _ENTITY.match(text, index) is not None
        else:  # * ` ~ [
            needed = True
        return "\\" + char if needed else char

    return _MAYBE_SPECIAL.sub(escape, text)


def escape_block(text: str, *, bullet_item: bool = False) -> str:
    """Escape a paragraph so it stays a paragraph, then its inline marks.

    In a bullet item any leading `-` is escaped: `- --` would be a rule.
    """
    escaped = escape_inline(text)
    if escaped.startswith(("#", ">", "+")) or _THEMATIC_BREAK.fullmatch(escaped):
        return "\\" + escaped
    if bullet_item and escaped.startswith("-"):
        return "\\" + escaped
    if _LIST_START.match(escaped):
        return "\\" + escaped
    match = _ORDERED_START.match(escaped)
    if match:  # `2016. It was…` -> `2016\. It was…`
        return match["number"] + "\\" + escaped[match.end() :]
    return escaped


def render_blocks(blocks: Sequence[Block]) -> str:
    parts: list[str] = []
    previous: BlockKind | None = None
    delimiter = "."
    for block in blocks:
        if block.kind == "paragraph":
            parts.append(escape_block(block.items[0]))
        elif block.kind == "quote":
            parts.append("> " + escape_block(block.items[0]))
        elif block.kind == "bullets":
            parts.append(
                "\n".join("- " + escape_block(item, bullet_item=True) for item in block.items)
            )
        else:
            # Two ordered lists in a row would merge; a new delimiter ends the first.
            delimiter = (")" if delimiter == "." else ".") if previous == "numbers" else "."
            parts.append(
                "\n".join(
                    f"{block.start + offset}{delimiter} {escape_block(item)}"
                    for offset, item in enumerate(block.items)
                )
            )
        previous = block.kind
    return "\n\n".join(parts)


def body_to_markdown(lines: Sequence[str]) -> str:
    """The Markdown for a body's lines, without a final newline."""
    return render_blocks(body_blocks(lines))
