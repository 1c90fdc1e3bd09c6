"""State shared by every piece of one article: link and footnote numbers, references."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

from reader.render.styles import RenderStyles


@dataclass(slots=True)
class RenderContext:
    """Numbers links and footnotes across pieces so a piecewise render matches a whole one."""

    styles: RenderStyles
    references: dict[str, Any] = field(default_factory=dict)
    """Link reference definitions of the whole article, in markdown-it's env shape."""
    footnote_labels: set[str] = field(default_factory=set)
    """Footnote labels defined anywhere in the article."""
    link_count: int = 0
    image_count: int = 0
    footnote_numbers: dict[str, int] = field(default_factory=dict)
    footnote_bodies: dict[str, list[Token]] = field(default_factory=dict)
    piece: int = 0
    inline_footnotes: dict[int, list[Token]] = field(default_factory=dict)
    """The current piece's `^[inline]` footnotes, by markdown-it's id."""

    def next_link(self) -> int:
        """The number for the next link."""
        self.link_count += 1
        return self.link_count

    def next_image(self) -> int:
        """The number for the next image."""
        self.image_count += 1
        return self.image_count

    def footnote_number(self, key: str) -> int:
        """The footnote's number, given at its first mention."""
        if key not in self.footnote_numbers:
            self.footnote_numbers[key] = len(self.footnote_numbers) + 1
        return self.footnote_numbers[key]

    def fresh_env(self) -> dict[str, Any]:
        """A markdown-it env that knows the article's references and footnote labels."""
        refs = {":" + label: -1 for label in self.footnote_labels}
        return {
            "references": dict(self.references),
            "footnotes": {"refs": refs, "list": {}},
        }
