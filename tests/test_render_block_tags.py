"""What the renderer tags its lines with: each line's block (its full width and the
prefix a container put before it), and where images and footnote references are."""

from __future__ import annotations

from render_helpers import render

from reader.render import plain_text, render_document, render_pieces
from reader.render.document import FOOTNOTE, IMAGE, Document

LONG = "print('a line of code that is much wider than the text is, and never wraps')"
SOURCE = f"""Opening prose that wraps over a few lines at this width, with a note[^n].

- An item holding code:

  ```python
  {LONG}
  ```

> ```
> {LONG}
> ```

| a | b |
|---|---|
| 1 | a cell much wider than the text is allowed to be |

[^n]: The note.
"""


def _block_of(document: Document, line: int) -> int:
    (index,) = [i for i, block in enumerate(document.blocks) if block.start <= line < block.end]
    return index


def test_every_line_belongs_to_one_block_and_only_code_and_tables_are_wide() -> None:
    document = render_document(SOURCE, 30)
    covered = [line for block in document.blocks for line in range(block.start, block.end)]
    assert len(covered) == len(set(covered))  # blocks never overlap
    wide = [block for block in document.blocks if block.wide]
    assert [block.kind for block in wide] == ["code", "code", "table"]
    for block in document.blocks:
        if not block.wide:
            assert all(document.lines[i].cell_len <= 30 for i in range(block.start, block.end))


def test_a_wide_blocks_width_is_its_widest_line_and_its_indent_the_containers_prefix() -> None:
    document = render_document(SOURCE, 30)
    listed, quoted, table = [block for block in document.blocks if block.wide]
    for block, prefix in ((listed, "  "), (quoted, "▌ ")):
        line = document.lines[block.start].plain
        assert block.indent == len(prefix) and line.startswith(prefix)
        assert line[block.indent :] == LONG
        assert block.width == len(prefix) + len(LONG)
    widths = [document.lines[i].cell_len for i in range(table.start, table.end)]
    assert table.indent == 0 and table.width == max(widths) > 30


def test_the_tags_are_the_same_when_rendered_a_piece_at_a_time() -> None:
    source = "\n\n".join(f"Para {n}.\n\n```\n{LONG} {n}\n```" for n in range(30))
    whole = render_document(source, 40)
    glued = Document()
    for piece in render_pieces(source, 40, first=100, size=200):
        glued.extend(piece)
    assert glued.blocks == whole.blocks
    for block in glued.blocks:
        if block.wide:
            assert glued.lines[block.start].plain.startswith(LONG)


def test_images_and_footnote_references_are_recorded_with_their_lines() -> None:
    source = (
        "Words ![a cat](pics/cat%20one.png) and a claim[^c] then [a link](https://x.org).\n\n"
        '| pic |\n|---|\n| <img src="b.png" alt="bee"> |\n\n[^c]: Why.'
    )
    document, text = render(source, width=80)
    lines = text.splitlines()
    assert [(i.kind, i.number, i.text, i.target) for i in document.images] == [
        (IMAGE, 1, "a cat", "pics/cat%20one.png"),
        (IMAGE, 2, "bee", "b.png"),
    ]
    assert "🖼 a cat" in lines[document.images[0].lines[0]]
    assert "🖼 bee" in lines[document.images[1].lines[0]]
    (reference,) = document.references
    assert (reference.kind, reference.number, reference.text) == (FOOTNOTE, 1, "footnote 1")
    assert "⁽¹⁾" in lines[reference.lines[0]]
    (note,) = document.footnotes
    assert lines[note.line].startswith("1. Why.")
    # Only links are links: `reader show` lists them by number, not images or notes.
    assert [link.target for link in document.links] == ["https://x.org"]
    assert plain_text(document).endswith("\n\n[1] https://x.org\n")
