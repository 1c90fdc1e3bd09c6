"""The article renderer: a post's Markdown as styled lines for the pane and `reader show`.

Parsing is markdown-it-py (CommonMark with tables, strikethrough, footnotes, term
lists, task lists and front matter); we walk its tokens and lay out every block
ourselves with Rich's `Text` and `Syntax`. Nothing here imports Textual.

API:

- `render_document(markdown, width, styles) -> Document`: the whole post.
- `render_pieces(markdown, width, styles) -> Iterator[Document]`: the same, a piece at a
  time (cut at block boundaries by `split_blocks`) so a huge post's first screen comes
  first; join pieces with `Document.extend`.
- `Document`: `lines` (`rich.text.Text`, each at most `width` cells except in wide
  blocks), `blocks` (every line is in one: line range, kind, `wide` for code and tables,
  which scroll sideways and never wrap, and for those their full `width` and the
  `indent` a container's prefix takes), `links` (number, text, target, lines),
  `images` and `references` (the same records, of kind image or footnote reference),
  `headings` (level, text, line), `footnotes` (number, label, line), `source_offsets`
  (per line, the offset in the source of the block it came from: keeps a reading
  position across widths; `Document.line_for_offset` maps back).
- `RenderStyles`: the Rich styles used, for the app's theme; the default suits a terminal.
- `plain_text(document)`: piped output, links listed by number at the end.
- `html_to_markdown(html)` (in `reader.render.html`, no Rich): raw HTML as Markdown.
- `word_recall(source, rendered)` (in `reader.render.recall`): how much prose survived.

Before parsing, each piece goes through `store_syntax.prepare`, which turns Hugo, Zola,
Liquid, Go template, MDX and Obsidian syntax into the Markdown it stands for, outside
code only.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.render.api import DEFAULT_STYLES, render_document, render_pieces
    from reader.render.document import Block, Document, Footnote, Heading, Link, plain_text
    from reader.render.pieces import Piece, split_blocks
    from reader.render.styles import RenderStyles

# Names load on first use, so `reader.render.html` can be imported without Rich.
_HOMES = {
    "DEFAULT_STYLES": "api",
    "render_document": "api",
    "render_pieces": "api",
    "Block": "document",
    "Document": "document",
    "Footnote": "document",
    "Heading": "document",
    "Link": "document",
    "plain_text": "document",
    "Piece": "pieces",
    "split_blocks": "pieces",
    "RenderStyles": "styles",
}

__all__ = [
    "DEFAULT_STYLES",
    "Block",
    "Document",
    "Footnote",
    "Heading",
    "Link",
    "Piece",
    "RenderStyles",
    "plain_text",
    "render_document",
    "render_pieces",
    "split_blocks",
]


def __getattr__(name: str) -> Any:
    """Import a public name from the module that defines it."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
