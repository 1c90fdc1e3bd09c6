"""What a rendered article is: its lines and what the reader can jump to in them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rich.text import Text


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines from one source block; wide blocks scroll sideways, never wrap."""

    start: int
    end: int
    kind: str
    wide: bool
    source_offset: int


@dataclass(frozen=True, slots=True)
class Link:
    """A numbered link: its text, where it goes and the lines it is drawn on."""

    number: int
    text: str
    target: str
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading, for an outline: its level (1-6), its text and its first line."""

    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote: its number, the label in the source and the line it starts on."""

    number: int
    label: str
    line: int


@dataclass(slots=True)
class Document:
    """Rendered lines plus the blocks, links, headings and footnotes found in them.

    Line numbers in every record index `lines`. `source_offsets[i]` is the offset in
    the source Markdown of the block line `i` came from, which stays the same at any
    width, so a reading position can be carried across a resize.
    """

    lines: list[Text] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    source_offsets: list[int] = field(default_factory=list)

    def extend(self, piece: Document) -> None:
        """Append a later piece of the same article, shifting its line numbers."""
        shift = len(self.lines)
        self.lines.extend(piece.lines)
        self.source_offsets.extend(piece.source_offsets)
        self.blocks.extend(
            replace(block, start=block.start + shift, end=block.end + shift)
            for block in piece.blocks
        )
        self.links.extend(
            replace(link, lines=tuple(line + shift for line in link.lines)) for link in piece.links
        )
        self.headings.extend(
            replace(heading, line=heading.line + shift) for heading in piece.headings
        )
        self.footnotes.extend(replace(note, line=note.line + shift) for note in piece.footnotes)

    def line_for_offset(self, offset: int) -> int:
        """The first line drawn from the block at or before `offset` in the source."""
        best = 0
        for index, line_offset in enumerate(self.source_offsets):
            if line_offset > offset:
                break
            if index == 0 or line_offset != self.source_offsets[index - 1]:
                best = index
        return best


def plain_text(document: Document, *, link_list: bool = True) -> str:
    """The document as plain text for piped output, links listed by number at the end."""
    out = [line.plain.rstrip() for line in document.lines]
    if link_list and document.links:
        out.append("")
        out.extend(f"[{link.number}] {link.target}" for link in document.links)
    return "\n".join(out) + "\n"
