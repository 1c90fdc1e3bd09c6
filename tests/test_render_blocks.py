"""The renderer's blocks: prose, headings, lists, quotes, code, tables, footnotes, layout."""

from __future__ import annotations

from render_helpers import render, squash

from reader.render import plain_text, render_document, render_pieces, split_blocks


def test_paragraphs_are_wrapped_to_the_width_with_one_blank_line_between() -> None:
    document, text = render("one two three four five six seven\n\nnext  para", width=12)
    assert text.splitlines() == ["one two", "three four", "five six", "seven", "", "next para"]
    assert all(line.cell_len <= 12 for line in document.lines)


def test_headings_are_recorded_with_their_level_and_line() -> None:
    document, text = render("# Top\n\nSome text.\n\n## Second *part*\n\nMore.")
    assert [(h.level, h.text) for h in document.headings] == [(1, "Top"), (2, "Second part")]
    lines = text.splitlines()
    assert [lines[h.line] for h in document.headings] == ["Top", "Second part"]


def test_links_are_numbered_with_their_target_and_line() -> None:
    document, text = render("See [the docs](https://example.com/docs) and <https://a.org>.")
    assert squash(text) == "See the docs¹ and https://a.org².".replace("docs¹", "docs¹")
    assert [(link.number, link.text, link.target) for link in document.links] == [
        (1, "the docs", "https://example.com/docs"),
        (2, "https://a.org", "https://a.org"),
    ]
    assert document.links[0].lines == (0,)
    first = document.lines[0]
    styles = [span.style for span in first.spans]
    assert any(getattr(style, "link", None) == "https://example.com/docs" for style in styles)


def test_a_link_wrapped_over_two_lines_is_on_both() -> None:
    document, _ = render("aaaa [one two three four](https://x.org) end", width=14)
    assert document.links[0].lines == (0, 1)


def test_a_url_that_fits_is_never_broken() -> None:
    url = "https://example.com/a/rather/long/path/to/page.html"
    _, text = render(f"Read this article at {url} now please", width=len(url) + 2)
    assert url in text.splitlines()


def test_a_url_wider_than_the_line_is_split_only_then() -> None:
    url = "https://example.com/" + "x" * 40
    document, text = render(f"see {url}", width=20)
    assert "".join(text.split()) == "see" + url
    assert all(line.cell_len <= 20 for line in document.lines)


def test_lists_nest_with_markers_and_numbers() -> None:
    _, text = render("- one\n- two\n  - inner\n\n3. three\n4. four")
    assert text.splitlines() == ["• one", "• two", "  • inner", "", "3. three", "4. four"]


def test_task_lists_show_their_boxes() -> None:
    _, text = render("- [ ] to do\n- [x] done")
    assert text.splitlines() == ["• ☐ to do", "• ☑ done"]


def test_quotes_get_a_bar() -> None:
    _, text = render("> quoted words\n> more")
    assert text.splitlines() == ["▌ quoted words more"]


def test_code_keeps_its_indentation_and_never_wraps() -> None:
    code = "def f():\n    if True:\n\treturn 'a very long line that is much wider than the pane'\n"
    document, text = render(f"```python\n{code}```\n\nafter", width=20)
    lines = text.splitlines()
    assert lines[:3] == [
        "def f():",
        "    if True:",
        "    return 'a very long line that is much wider than the pane'",
    ]
    block = document.blocks[0]
    assert (block.kind, block.wide, block.start, block.end) == ("code", True, 0, 3)
    assert any(span.style for line in document.lines[:3] for span in line.spans)


def test_indented_code_and_unknown_languages_are_kept_as_is() -> None:
    _, text = render("text\n\n    x = 1\n      y\n\n```nosuchlang\n  z\n```")
    assert text.splitlines() == ["text", "", "x = 1", "  y", "", "  z"]


def test_tables_are_aligned_whole_and_wide() -> None:
    source = (
        "| name | count | note |\n|:-----|------:|:----:|\n"
        "| apples | 3 | a rather long note that would never fit |\n| b | 12345 | x |"
    )
    document, text = render(source, width=20)
    lines = text.splitlines()
    note = "a rather long note that would never fit"
    assert lines == [
        "name   │ count │ " + " " * 17 + "note",
        "───────┼───────┼─" + "─" * len(note),
        "apples │     3 │ " + note,
        "b      │ 12345 │ " + " " * 19 + "x",
    ]
    assert document.blocks[0].wide and document.blocks[0].kind == "table"


def test_footnotes_are_numbered_and_collected_at_the_end() -> None:
    source = "Claim[^a] and another[^b].\n\n[^b]: Second note.\n[^a]: First note.\n\nEnd."
    document, text = render(source)
    lines = text.splitlines()
    assert lines[0] == "Claim⁽¹⁾ and another⁽²⁾."
    assert lines[-2:] == ["1. First note.", "2. Second note."]
    assert [(note.number, note.label) for note in document.footnotes] == [(1, "a"), (2, "b")]
    assert lines[document.footnotes[1].line] == "2. Second note."
    assert "[^" not in text


def test_definition_lists_and_rules() -> None:
    _, text = render("Term\n: The meaning.\n\n---\n\nafter", width=14)
    assert text.splitlines() == ["Term", "    The", "    meaning.", "", "─" * 14, "", "after"]


def test_images_are_a_labelled_line() -> None:
    _, text = render("![A cat](/img/cat.png)")
    assert text.strip() == "🖼 A cat — /img/cat.png"


def test_front_matter_is_not_shown() -> None:
    _, text = render("---\ntitle: x\n---\n\nBody.")
    assert text.strip() == "Body."


def test_source_offsets_point_at_each_lines_block() -> None:
    source = "first paragraph here\n\n## Head\n\nlast one"
    for width in (10, 40):
        document = render_document(source, width)
        assert len(document.source_offsets) == len(document.lines)
        line = document.line_for_offset(source.index("## Head"))
        assert document.lines[line].plain == "Head"
        assert document.source_offsets[-1] == source.index("last one")


def test_split_blocks_never_cuts_code_or_html() -> None:
    fence = "```\n" + "\n\n".join(f"code {n}" for n in range(50)) + "\n```\n"
    html = "<pre>\n" + "\n\n".join(f"pre {n}" for n in range(50)) + "\n</pre>\n"
    source = ("para\n\n" * 30) + fence + "\n" + html + "\n" + ("after\n\n" * 30)
    pieces = list(split_blocks(source, first=10, size=10))
    assert len(pieces) > 5
    assert "".join(piece.text for piece in pieces) == source
    assert all(source[piece.offset :].startswith(piece.text) for piece in pieces)
    assert any(fence in piece.text for piece in pieces)
    assert any(html in piece.text for piece in pieces)


def test_pieces_render_like_the_whole() -> None:
    source = "\n\n".join(
        f"## Part {n}\n\nText with [a link](https://x.org/{n}) and a note[^n{n}].\n\n"
        f"- item {n}\n\n[^n{n}]: Note {n}.\n\nUses [ref].\n\n[ref]: https://ref.org"
        for n in range(40)
    )
    whole = render_document(source, 50)
    pieces = list(render_pieces(source, 50, first=200, size=300))
    assert len(pieces) > 3
    assert "[ref]" not in plain_text(whole) and "[^" not in plain_text(whole)
    assert [link.number for link in whole.links] == list(range(1, len(whole.links) + 1))
    assert len(whole.footnotes) == 40
    assert "Note 39." in plain_text(whole)
    glued = pieces[0]
    for piece in pieces[1:]:
        glued.extend(piece)
    assert plain_text(glued) == plain_text(whole)


def test_first_screen_of_a_huge_post_comes_quickly() -> None:
    import time

    source = ("## Heading\n\n" + "word " * 200 + "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n") * 4000
    assert len(source) > 2_000_000
    start = time.process_time()
    first = next(iter(render_pieces(source, 80)))
    assert time.process_time() - start < 1.0
    assert first.lines and first.headings


def test_the_theme_styles_are_used() -> None:
    from rich.style import Style

    from reader.render import RenderStyles

    styles = RenderStyles(link=Style(color="#123456"), heading=Style(color="#654321"))
    document = render_document("## Head\n\n[x](https://x.org)", 40, styles)
    colours = {
        str(span.style.color.name)
        for line in document.lines
        for span in line.spans
        if isinstance(span.style, Style) and span.style.color is not None
    }
    assert {"#123456", "#654321"} <= colours
