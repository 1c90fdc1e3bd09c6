"""A post's lines for the article pane, drawn by `reader.render`, in batches for the UI loop.

The first batch (the header from `reader.render.article.header_lines` and the
first piece of the body: a screenful) comes at once, then the lines rendered
since go up every `BATCH_EVERY` seconds, and the last batch says the render is
complete. Past `MARKDOWN_BUDGET` characters the rest of a post is shown as
plain text, whose cost does not depend on what the Markdown says. Runs in the
article's render worker: no widgets here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from time import monotonic

from rich.console import Console
from rich.text import Text
from textual.strip import Strip

from reader.model import Post
from reader.render.article import header_lines
from reader.render.document import Document
from reader.render.footer import FooterSection, footer_document
from reader.tui.article_place import HEADER
from reader.tui.article_render import ArticleStyles, make_console

BATCH_EVERY = 0.25
"""Seconds between batches after the first."""
MARKDOWN_BUDGET = 1_000_000
"""Characters rendered as Markdown; past this, plain text (predictable cost)."""
PLAIN_PIECE = 32_000
"""Characters of plain text per piece past the budget."""


@dataclass(slots=True)
class Batch:
    """Lines of a post, the text of each, where each starts in the body, and what the
    reader can jump to in them (line numbers count from the top of the article)."""

    lines: list[Strip] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    records: Document = field(default_factory=Document)
    """What the reader can jump to in these lines (its own `lines` stay empty)."""
    first: bool = False
    """These lines replace what was shown."""
    last: bool = False
    """The render is complete."""

    def add(self, document: Document, console: Console, start: int) -> None:
        """Append a rendered piece whose first line is line `start` of the article."""
        for line in document.lines:
            self.lines.append(Strip(list(line.render(console))))
            self.plain.append(line.plain)
        self.offsets.extend(document.source_offsets)
        # The piece's records, their lines counted from the top of the article.
        self.records.add_records(document, start)


def header_document(post: Post, note: str | None, width: int, styles: ArticleStyles) -> Document:
    """The post's header wrapped to `width`, a rule under it and a blank line."""
    console = make_console(width)
    lines: list[Text] = []
    for line in header_lines(post, styles.header, note):
        lines.extend(line.wrap(console, width))
    lines.append(Text("─" * width, style=styles.rule))
    lines.append(Text())
    return Document(lines=lines, source_offsets=[HEADER] * len(lines))


def body_pieces(body: str, width: int, styles: ArticleStyles) -> Iterator[Document]:
    """The body a piece at a time: Markdown up to the budget, plain text after it."""
    from reader.render.api import render_pieces  # loaded by the first article, in a worker

    for piece in render_pieces(body, width, styles.render):
        if piece.source_offsets and piece.source_offsets[0] >= MARKDOWN_BUDGET:
            yield from _plain_pieces(body, piece.source_offsets[0], width, styles)
            return
        yield piece


def _plain_pieces(body: str, start: int, width: int, styles: ArticleStyles) -> Iterator[Document]:
    console = make_console(width)
    position = start
    while position < len(body):
        cut = body.find("\n\n", position + PLAIN_PIECE)
        end = len(body) if cut < 0 else cut + 2
        lines = [Text(), *Text(body[position:end].strip("\n")).wrap(console, width)]
        yield Document(lines=lines, source_offsets=[position] * len(lines))
        position = end
    note = Text(
        f"(Past the first {MARKDOWN_BUDGET // 1000:,} KB this post is shown as plain text.)",
        style=styles.note,
    )
    lines = [Text(), *note.wrap(console, width)]
    yield Document(lines=lines, source_offsets=[len(body)] * len(lines))


def render_batches(
    post: Post,
    note: str | None,
    width: int,
    styles: ArticleStyles,
    cancelled: Callable[[], bool],
    footer: tuple[FooterSection, ...] = (),
) -> Iterator[Batch]:
    """The post's lines at `width`, batch by batch, then its `footer`; stops early
    once `cancelled()`."""
    console = make_console(width)
    numbered = 0
    pending = Batch(first=True)
    pending.add(header_document(post, note, width, styles), console, 0)
    done = len(pending.lines)
    sent = monotonic()
    for piece in body_pieces(post.body, width, styles):
        if cancelled():
            return
        pending.add(piece, console, done)
        done += len(piece.lines)
        numbered = max((link.number for link in piece.links), default=numbered)
        if pending.first or monotonic() - sent > BATCH_EVERY:
            yield pending
            pending, sent = Batch(), monotonic()
    if footer and not cancelled():
        end = len(post.body)
        rendered = footer_document(
            footer, width, styles.render, first_number=numbered + 1, offset=end
        )
        pending.add(rendered, console, done)
    if not cancelled():
        pending.last = True
        yield pending
