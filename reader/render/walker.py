"""Walks markdown-it's block tokens and lays each block out as lines."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token
from rich.text import Text

from reader.render.builder import Builder
from reader.render.code import code_lines
from reader.render.context import RenderContext
from reader.render.document import Document, Link
from reader.render.inline import InlineWriter, LinkSpan
from reader.render.tables import Cell, table_lines

OffsetOf = Callable[[Token], int]
RenderHtml = Callable[[str, int, int], Document]
"""Renders an HTML block (converted to Markdown) at a width, all at one source offset."""


def _close(tokens: list[Token], index: int) -> int:
    """The index of the token that closes the one at `index`."""
    opener = tokens[index]
    for probe in range(index + 1, len(tokens)):
        token = tokens[probe]
        if token.nesting == -1 and token.level == opener.level and token.type.endswith("_close"):
            return probe
    return len(tokens) - 1


class Walker:
    """Renders a token list (or a slice of one) into a Builder."""

    def __init__(
        self, context: RenderContext, offset_of: OffsetOf, render_html: RenderHtml
    ) -> None:
        self.context = context
        self.offset_of = offset_of
        self.render_html = render_html

    def render(self, tokens: list[Token], width: int) -> Document:
        """Every block in `tokens`, separated by blank lines, at `width`."""
        out = Builder()
        self._range(tokens, 0, len(tokens), width, out, tight=False)
        return out.doc

    def _inline(self, token: Token) -> InlineWriter:
        writer = InlineWriter(self.context)
        writer.tokens(token.children or [])
        return writer

    def _range(
        self, tokens: list[Token], start: int, stop: int, width: int, out: Builder, *, tight: bool
    ) -> None:
        index = start
        while index < stop:
            token = tokens[index]
            end = _close(tokens, index) if token.nesting == 1 else index
            offset = self.offset_of(token)
            kind = token.type
            if kind == "paragraph_open":
                if not (tight and token.hidden):
                    out.separate()
                writer = self._inline(tokens[index + 1])
                if writer.text.plain.strip():
                    out.add_prose(writer.text, writer.links, width, "paragraph", offset)
            elif kind == "heading_open":
                self._heading(tokens, index, width, out, offset)
            elif kind in {"bullet_list_open", "ordered_list_open"}:
                if not tight:
                    out.separate()
                self._list(tokens, index, end, width, out)
            elif kind == "blockquote_open":
                out.separate()
                inner = Walker(self.context, self.offset_of, self.render_html)
                sub = Builder()
                inner._range(tokens, index + 1, end, max(width - 2, 1), sub, tight=False)
                for line in sub.doc.lines:
                    if not line.no_wrap:
                        line.stylize(self.context.styles.quote)
                bar = Text("▌ ", style=self.context.styles.quote_bar)
                out.merge(sub.doc, bar, bar)
            elif kind in {"fence", "code_block"}:
                out.separate()
                lines = code_lines(token.content, token.info, self.context.styles)
                out.add_lines(lines, "code", offset, wide=True)
            elif kind == "html_block":
                inner_doc = self.render_html(token.content, width, offset)
                if inner_doc.lines:
                    out.separate()
                    out.merge(inner_doc, Text(""), Text(""))
            elif kind == "hr":
                out.separate()
                rule = Text("─" * max(1, min(width, 60)), style=self.context.styles.rule)
                out.add_lines([rule], "rule", offset, wide=False)
            elif kind == "table_open":
                out.separate()
                lines, spans = self._table(tokens, index, end)
                first = out.add_lines(lines, "table", offset, wide=True)
                for row_line, span in spans:
                    on = (first + row_line,)
                    out.add_link(Link(span.number, span.text, span.target, on, span.kind))
            elif kind == "dl_open":
                out.separate()
                self._deflist(tokens, index, end, width, out)
            elif kind == "footnote_reference_open":
                label = str(token.meta.get("label"))
                self.context.footnote_bodies.setdefault(":" + label, tokens[index + 1 : end])
            index = end + 1

    def _heading(
        self, tokens: list[Token], index: int, width: int, out: Builder, offset: int
    ) -> None:
        level = int(tokens[index].tag[1:]) if tokens[index].tag[1:].isdigit() else 1
        styles = self.context.styles
        writer = self._inline(tokens[index + 1])
        writer.text.stylize(styles.title if level == 1 else styles.heading)
        out.separate()
        line = out.add_prose(writer.text, writer.links, width, "heading", offset)
        out.heading(level, writer.text.plain.strip(), line)

    def _list(self, tokens: list[Token], index: int, end: int, width: int, out: Builder) -> None:
        opener = tokens[index]
        ordered = opener.type == "ordered_list_open"
        number = int(str(opener.attrGet("start") or 1))
        items: list[tuple[int, int]] = []
        probe = index + 1
        while probe < end:
            if tokens[probe].type == "list_item_open":
                close = _close(tokens, probe)
                items.append((probe, close))
                probe = close
            probe += 1
        tight = all(token.hidden for token in tokens[index:end] if token.type == "paragraph_open")
        last_number = number + len(items) - 1
        marker_width = len(f"{last_number}. ") if ordered else 2
        styles = self.context.styles
        for position, (item_start, item_end) in enumerate(items):
            marker = f"{number + position}. ".rjust(marker_width) if ordered else "• "
            sub = Builder()
            self._range(
                tokens, item_start + 1, item_end, max(width - marker_width, 1), sub, tight=tight
            )
            if not sub.doc.lines:
                sub.add_lines(
                    [Text("")], "paragraph", self.offset_of(tokens[item_start]), wide=False
                )
            if position and not tight:
                out.separate()
            out.merge(sub.doc, Text(marker, style=styles.bullet), Text(" " * marker_width))

    def _deflist(self, tokens: list[Token], index: int, end: int, width: int, out: Builder) -> None:
        probe = index + 1
        styles = self.context.styles
        while probe < end:
            token = tokens[probe]
            close = _close(tokens, probe)
            if token.type == "dt_open":
                writer = self._inline(tokens[probe + 1])
                writer.text.stylize(styles.strong)
                out.add_prose(writer.text, writer.links, width, "term", self.offset_of(token))
            elif token.type == "dd_open":
                sub = Builder()
                self._range(tokens, probe + 1, close, max(width - 4, 1), sub, tight=True)
                out.merge(sub.doc, Text("    "), Text("    "))
            probe = close + 1

    def _table(
        self, tokens: list[Token], index: int, end: int
    ) -> tuple[list[Text], list[tuple[int, LinkSpan]]]:
        """The table's lines, and each cell link with the row line it is drawn on."""
        rows: list[list[Cell]] = []
        spans: list[tuple[int, LinkSpan]] = []
        header_rows = 0
        in_head = False
        for probe in range(index + 1, end):
            token = tokens[probe]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                rows.append([])
                header_rows += 1 if in_head else 0
            elif token.type in {"th_open", "td_open"}:
                style = str(token.attrGet("style") or "")
                align = style.split(":", 1)[1].strip() if "text-align" in style else "left"
                writer = self._inline(tokens[probe + 1])
                # A table row is one line: a <br> in a cell becomes a space.
                cell = Text(" ").join(writer.text.split("\n"))
                rows[-1].append(Cell(cell, align))
                row = len(rows) - 1
                # The rule under the header takes a line of its own.
                row_line = row + 1 if header_rows and row >= header_rows else row
                spans.extend((row_line, span) for span in writer.links)
        return table_lines(rows, header_rows, self.context.styles), spans
