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


def last_word(value: str) -> tuple[str, str]:
    """`value` split before its last word; an open quote's spaces are the word's."""
    end = value.rfind('"') if value.count('"') % 2 else len(value)
    start = value.rfind(" ", 0, end) + 1
    return value[:start], value[start:]


def suggest(value: str, tags: Sequence[str]) -> str | None:
    """The completed search text for `value`, or None.

    Only the last word is completed. After `tag:` (or `-tag:`) it is a tag
    of the store, most used first; at the start of a word, a field name.
    """
    prefix, word = last_word(value)
    if not word or (word[-1].isspace() and word.count('"') != 1):
        return None
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


def ghost(value: str, completed: str) -> str | None:
    """What the box shows for `completed`: a text that starts with `value`.

    Textual draws the part of a suggestion past what was typed, so
    `tag:"two words"` for `tag:tw` would read `tag:twwo words"`. When the
    completion put quotes around the last word, the ghost leaves them out
    (`tag:two words`); accepting it puts in `completed`, quotes and all.
    """
    if completed.startswith(value):
        return completed
    head, _ = last_word(value)
    if not completed.startswith(head):
        return None
    typed, plain = value[len(head) :], completed[len(head) :].replace('"', "")
    return head + plain if plain.startswith(typed) and plain != typed else None


class SearchSuggester(Suggester):
    """Suggests with `suggest`, reading the store's tags when asked.

    The box gets the `ghost` of each completion; `accepted` turns the ghost
    back into the completion when the user takes it.
    """

    def __init__(self, tags: Callable[[], Sequence[str]]) -> None:
        # No cache: the tags arrive after the box is made, and this is cheap.
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = tags
        self._completions: dict[str, str] = {}

    async def get_suggestion(self, value: str) -> str | None:
        completed = suggest(value, self._tags())
        shown = None if completed is None else ghost(value, completed)
        if shown is not None and completed is not None:
            self._completions = {shown: completed}  # Only the latest is ever taken.
        return shown

    def accepted(self, shown: str) -> str:
        """The search text for the suggestion the box showed."""
        return self._completions.get(shown, shown)
