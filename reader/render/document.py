"""What a rendered article is: its lines and what the reader can jump to in them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rich.text import Text


@dataclass(frozen=True, slots=True)
class Block:
    """A run of lines from one source block; wide blocks scroll sideways, never wrap.

    `width` is a wide block's widest line in cells (0 for prose, which is never
    wider than the text), `indent` the cells of the prefix a container put before
    them (a list's marker, a quote's bar): a wide block scrolls what comes after the
    indent, the prefix stays.
    """

    start: int
    end: int
    kind: str
    wide: bool
    source_offset: int
    width: int = 0
    indent: int = 0


LINK = "link"
IMAGE = "image"
FOOTNOTE = "footnote"
"""The kinds of `Link`: a link, an image (its source), a footnote reference."""


@dataclass(frozen=True, slots=True)
class Link:
    """A numbered link: its text, where it goes and the lines it is drawn on.

    Images and footnote references are recorded the same way (`kind`), each in a
    list of its own: an image's `target` is its source, a footnote reference's
    `number` is the footnote's.
    """

    number: int
    text: str
    target: str
    lines: tuple[int, ...]
    kind: str = LINK


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
    """Rendered lines plus the blocks, links, images, headings and footnotes found in them.

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
    images: list[Link] = field(default_factory=list)
    references: list[Link] = field(default_factory=list)
    """Footnote references, where the text mentions a footnote."""

    def records(self, kind: str) -> list[Link]:
        """The list that holds links of `kind`."""
        if kind == IMAGE:
            return self.images
        if kind == FOOTNOTE:
            return self.references
        return self.links

    def extend(self, piece: Document) -> None:
        """Append a later piece of the same article, shifting its line numbers."""
        shift = len(self.lines)
        self.lines.extend(piece.lines)
        self.source_offsets.extend(piece.source_offsets)
        self.add_records(piece, shift)

    def add_records(self, piece: Document, shift: int, indent: int = 0) -> None:
        """Append `piece`'s blocks, links, images, headings and footnotes, their lines
        moved down by `shift` (and its blocks right by `indent` cells of prefix)."""
        self.blocks.extend(
            replace(
                block,
                start=block.start + shift,
                end=block.end + shift,
                width=block.width + indent,
                indent=block.indent + indent,
            )
            for block in piece.blocks
        )
        for kind in (LINK, IMAGE, FOOTNOTE):
            self.records(kind).extend(
                replace(link, lines=tuple(line + shift for line in link.lines))
                for link in piece.records(kind)
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
