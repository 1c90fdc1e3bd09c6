"""The styles a rendered article is drawn with, so the app can feed its theme in."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.style import Style


@dataclass(frozen=True, slots=True)
class RenderStyles:
    """Rich styles for each piece of an article; the defaults suit a plain terminal."""

    text: Style = field(default_factory=Style)
    heading: Style = field(default_factory=lambda: Style(bold=True))
    title: Style = field(default_factory=lambda: Style(bold=True, underline=True))
    emphasis: Style = field(default_factory=lambda: Style(italic=True))
    strong: Style = field(default_factory=lambda: Style(bold=True))
    strike: Style = field(default_factory=lambda: Style(strike=True))
    highlight: Style = field(default_factory=lambda: Style(reverse=True))
    code_inline: Style = field(default_factory=lambda: Style(bold=True, dim=False))
    code_block: Style = field(default_factory=Style)
    link: Style = field(default_factory=lambda: Style(underline=True))
    link_number: Style = field(default_factory=lambda: Style(dim=True))
    quote: Style = field(default_factory=lambda: Style(italic=True))
    quote_bar: Style = field(default_factory=lambda: Style(dim=True))
    bullet: Style = field(default_factory=lambda: Style(bold=True))
    rule: Style = field(default_factory=lambda: Style(dim=True))
    image: Style = field(default_factory=lambda: Style(italic=True))
    dim: Style = field(default_factory=lambda: Style(dim=True))
    table_header: Style = field(default_factory=lambda: Style(bold=True))
    table_border: Style = field(default_factory=lambda: Style(dim=True))
    footnote: Style = field(default_factory=lambda: Style(dim=True))
    code_theme: str = "ansi_dark"
    """A Pygments or Rich theme name for fenced code with a language."""
