"""Any text renders without error, and prose lines never pass the width."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.render import plain_text, render_document

PIECES = [
    "word",
    "a long-ish sentence here",
    "\n",
    "\n\n",
    "# ",
    "- ",
    "1. ",
    "> ",
    "```",
    "    ",
    "|",
    "---",
    "*",
    "_",
    "`",
    "[",
    "]",
    "(",
    ")",
    "<div>",
    "</div>",
    "<pre>",
    "<br>",
    "<sup>",
    "{{< x >}}",
    "{% y %}",
    "{{ z }}",
    "[[",
    "]]",
    "![",
    "[^1]",
    "[^1]: n",
    "https://x.org/" + "p" * 30,
    "\t",
    "漢字",
    "<Note>",
    "</Note>",
    "import A from 'a'",
    "> [!note] T",
    "&lt;",
    "~~~",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(min_value=10, max_value=90))
def test_any_source_renders_within_the_width(parts: list[str], width: int) -> None:
    document = render_document("".join(parts), width)
    wide = {n for block in document.blocks if block.wide for n in range(block.start, block.end)}
    assert len(document.source_offsets) == len(document.lines)
    for number, line in enumerate(document.lines):
        if number not in wide:
            assert line.cell_len <= width, (number, line.plain)
    for link in document.links:
        assert all(0 <= line < len(document.lines) for line in link.lines)
    for heading in document.headings:
        assert 0 <= heading.line < len(document.lines)
    assert isinstance(plain_text(document), str)
