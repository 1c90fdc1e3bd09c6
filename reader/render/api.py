"""Rendering a post: pieces parsed with markdown-it, walked into a Document."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin
from rich.text import Text

from reader.render.builder import Builder
from reader.render.context import RenderContext
from reader.render.document import Document
from reader.render.pieces import FIRST_PIECE, PIECE, scan_references, split_blocks
from reader.render.store_syntax import prepare
from reader.render.styles import RenderStyles
from reader.render.walker import Walker

DEFAULT_STYLES = RenderStyles()


@cache
def parser() -> MarkdownIt:
    """The Markdown parser: CommonMark, tables, strikethrough, footnotes, lists of terms."""
    md = (
        MarkdownIt("commonmark", {"html": True})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(tasklists_plugin)
    )
    # Footnote texts are gathered by us across pieces, so leave them where they are.
    md.core.ruler.disable("footnote_tail")
    return md


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


class _PieceRenderer:
    """Renders pieces of one post with one context, so numbering runs across them."""

    def __init__(self, markdown: str, width: int, styles: RenderStyles) -> None:
        self.width = max(width, 10)
        md = parser()
        references, labels = scan_references(markdown)
        for value in references.values():
            value["href"] = md.normalizeLink(value["href"])
        self.context = RenderContext(styles, references, labels)

    def _parse(self, markdown: str) -> list[Token]:
        env = self.context.fresh_env()
        tokens = parser().parse(markdown, env)
        self.context.inline_footnotes = {
            index: entry["tokens"]
            for index, entry in env["footnotes"]["list"].items()
            if "tokens" in entry
        }
        return tokens

    def piece(self, offset: int, source: str) -> Document:
        """One piece of source, starting at `offset` in the post, as lines."""
        self.context.piece += 1
        prepared = prepare(source)
        starts = _line_starts(source)

        def offset_of(token: Token) -> int:
            if token.map is None:
                return offset
            line = prepared.origins[min(token.map[0], len(prepared.origins) - 1)]
            return offset + starts[min(line, len(starts) - 1)]

        walker = Walker(self.context, offset_of, self._html)
        return walker.render(self._parse(prepared.text), self.width)

    def _html(self, html: str, width: int, offset: int) -> Document:
        from reader.render.html import html_to_markdown  # BeautifulSoup: only when needed

        markdown = html_to_markdown(html)
        if not markdown.strip():
            return Document()
        inline_notes = self.context.inline_footnotes
        walker = Walker(self.context, lambda _token: offset, self._html)
        document = walker.render(self._parse(markdown), width)
        self.context.inline_footnotes = inline_notes
        return document

    def footnotes(self, offset: int) -> Document:
        """The footnotes, numbered in the order they were first mentioned."""
        context = self.context
        for key in context.footnote_bodies:
            context.footnote_number(key)
        if not context.footnote_numbers:
            return Document()
        out = Builder()
        styles = context.styles
        out.add_lines(
            [Text("─" * min(self.width, 20), style=styles.rule)], "rule", offset, wide=False
        )
        walker = Walker(context, lambda _token: offset, self._html)
        by_number = sorted(context.footnote_numbers.items(), key=lambda item: item[1])
        marker_width = len(f"{len(by_number)}. ")
        for key, number in by_number:
            body = walker.render(
                context.footnote_bodies.get(key, []), max(self.width - marker_width, 1)
            )
            if not body.lines:
                body.lines.append(Text(""))
                body.source_offsets.append(offset)
            line = out.size
            marker = Text(f"{number}. ".rjust(marker_width), style=styles.footnote)
            out.merge(body, marker, Text(" " * marker_width))
            out.footnote(number, key.lstrip(":") if key.startswith(":") else "", line)
        return out.doc


def render_pieces(
    markdown: str,
    width: int,
    styles: RenderStyles = DEFAULT_STYLES,
    *,
    first: int = FIRST_PIECE,
    size: int = PIECE,
) -> Iterator[Document]:
    """The post rendered a piece at a time: the first screen comes before the rest is read.

    Each piece's line numbers start at 0; `Document.extend` joins them. Links and
    footnotes are numbered across pieces; the footnotes come as the last piece.
    """
    renderer = _PieceRenderer(markdown, width, styles)
    started = False
    for piece in split_blocks(markdown, first, size):
        document = renderer.piece(piece.offset, piece.text)
        if started and document.lines:
            _blank_first(document, piece.offset)
        started = started or bool(document.lines)
        yield document
    notes = renderer.footnotes(len(markdown))
    if notes.lines:
        if started:
            _blank_first(notes, len(markdown))
        yield notes


def _blank_first(document: Document, offset: int) -> None:
    """One blank line between blocks, across a cut as well."""
    moved = Document(lines=document.lines)
    moved.add_records(document, 0)
    document.lines = [Text("")]
    document.source_offsets.insert(0, offset)
    document.blocks, document.links, document.images, document.references = [], [], [], []
    document.headings, document.footnotes = [], []
    document.lines.extend(moved.lines)
    document.add_records(moved, 1)


def render_document(markdown: str, width: int, styles: RenderStyles = DEFAULT_STYLES) -> Document:
    """The whole post as lines at most `width` cells wide (wide blocks excepted)."""
    document = Document()
    for piece in render_pieces(markdown, width, styles):
        document.extend(piece)
    return document


__all__ = ["DEFAULT_STYLES", "parser", "render_document", "render_pieces"]
