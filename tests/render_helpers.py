"""Shared helpers for the renderer's tests."""

from __future__ import annotations

from reader.render import Document, plain_text, render_document


def render(markdown: str, width: int = 60) -> tuple[Document, str]:
    """The document and its plain text without the link list."""
    document = render_document(markdown, width)
    return document, plain_text(document, link_list=False)


def squash(text: str) -> str:
    """Text with runs of white space made single spaces, for asserting on prose."""
    return " ".join(text.split())
