"""Collects rendered lines with their blocks, links and headings as the walk goes."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from reader.render.document import Block, Document, Footnote, Heading, Link
from reader.render.inline import LinkSpan
from reader.render.wrap import wrap


@dataclass(slots=True)
class Builder:
    """A growing Document; nested containers build their own and are merged in with a prefix."""

    doc: Document = field(default_factory=Document)

    @property
    def size(self) -> int:
        """Lines so far."""
        return len(self.doc.lines)

    def separate(self) -> None:
        """One blank line before the next block, unless there is one already."""
        lines = self.doc.lines
        if lines and lines[-1].plain.strip():
            lines.append(Text(""))
            # The gap belongs to the block above, so a position maps to text.
            self.doc.source_offsets.append(self.doc.source_offsets[-1])

    def add_lines(self, lines: list[Text], kind: str, offset: int, *, wide: bool) -> int:
        """Append a block's lines; returns the index of its first line."""
        start = self.size
        self.doc.lines.extend(lines)
        self.doc.source_offsets.extend([offset] * len(lines))
        # Only a wide block is ever drawn wider than the text: only its width is needed.
        width = max((line.cell_len for line in lines), default=0) if wide else 0
        self.doc.blocks.append(Block(start, self.size, kind, wide, offset, width))
        return start

    def add_prose(
        self, text: Text, spans: list[LinkSpan], width: int, kind: str, offset: int
    ) -> int:
        """Wrap a paragraph's text, record where its links land, append it."""
        wrapped = wrap(text, width)
        start = self.add_lines([line for line, _ in wrapped], kind, offset, wide=False)
        starts = [begin for _, begin in wrapped]
        for span in spans:
            lines = tuple(
                start + index
                for index, begin in enumerate(starts)
                if begin < max(span.end, span.start + 1)
                and (index + 1 == len(starts) or starts[index + 1] > span.start)
            )
            self.add_link(Link(span.number, span.text, span.target, lines, span.kind))
        return start

    def add_link(self, link: Link) -> None:
        """Record a link, an image or a footnote reference in the list for its kind."""
        self.doc.records(link.kind).append(link)

    def heading(self, level: int, text: str, line: int) -> None:
        """Record a heading for the outline."""
        self.doc.headings.append(Heading(level, text, line))

    def footnote(self, number: int, label: str, line: int) -> None:
        """Record where a footnote's text starts."""
        self.doc.footnotes.append(Footnote(number, label, line))

    def merge(self, inner: Document, first: Text, rest: Text) -> None:
        """Append a nested container's lines, the first prefixed by `first`, others by `rest`."""
        shift = self.size
        for index, line in enumerate(inner.lines):
            prefix = (first if index == 0 else rest).copy()
            if line.plain or index == 0:
                prefix.append_text(line)
            else:
                prefix.rstrip()
            prefix.no_wrap = line.no_wrap
            self.doc.lines.append(prefix)
        self.doc.source_offsets.extend(inner.source_offsets)
        # Every line after a container's first has the same prefix width as the first.
        self.doc.add_records(inner, shift, rest.cell_len)
