"""The HTML step of every importer: HTML content (or summary) becomes Markdown.

One function, so every format converts HTML the same way; it is the store
renderer's converter (`reader.render.html`), which keeps every piece of text,
escapes what would read as Markdown syntax and drops scripts and styles.
"""

from __future__ import annotations

import html

from reader.render.html import html_to_markdown


def to_markdown(markup: str) -> str:
    """Markdown for a fragment of HTML."""
    return html_to_markdown(markup).strip("\n")


def text_to_markdown(text: str) -> str:
    """Markdown for plain text: its paragraphs kept, nothing in it read as syntax."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    escaped = "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs if part)
    return to_markdown(escaped) if escaped else ""
