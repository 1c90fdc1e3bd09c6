"""Completions for the search box: field names, and tag names after `tag:`.

Pure functions plus a Textual `Suggester`. The suggestion is the whole new
value (Textual shows the part past the cursor, dimmed; → accepts it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.suggester import Suggester

FIELDS = ("tag:", "author:", "after:", "before:", "is:bookmarked", "is:unread")
"""What a word may start with, in the order offered."""


def _quoted(tag: str) -> str:
    return f'"{tag}"' if any(ch.isspace() for ch in tag) else tag


def suggest(value: str, tags: Sequence[str]) -> str | None:
    """The completed search text for `value`, or None.

    Only the last word is completed. After `tag:` (or `-tag:`) it is a tag
    of the store, most used first; at the start of a word, a field name.
    """
    if not value or value[-1].isspace():
        return None
    head, _, word = value.rpartition(" ")
    prefix = head + " " if head else ""
    negated = word.startswith("-")
    bare = word[1:] if negated else word
    sign = "-" if negated else ""
    name, colon, typed = bare.partition(":")
    if colon and name.casefold() == "tag":
        needle = typed.strip('"').casefold()
        for tag in tags:
            if tag.casefold().startswith(needle) and tag.casefold() != needle:
                return f"{prefix}{sign}{name}:{_quoted(tag)}"
        return None
    if colon and name.casefold() == "is":
        candidates = [field for field in FIELDS if field.startswith("is:")]
    elif colon:
        return None
    else:
        candidates = list(FIELDS)
    folded = bare.casefold()
    for field in candidates:
        if field.startswith(folded) and field != folded:
            return f"{prefix}{sign}{bare}{field[len(bare) :]}"
    return None


class SearchSuggester(Suggester):
    """Suggests with `suggest`, reading the store's tags when asked."""

    def __init__(self, tags: Callable[[], Sequence[str]]) -> None:
        # No cache: the tags arrive after the box is made, and this is cheap.
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        return suggest(value, self._tags())
