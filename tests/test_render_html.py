"""Raw HTML in posts: converted to Markdown with its structure, nothing dropped."""

from __future__ import annotations

import json
import subprocess
import sys

from render_helpers import render, squash

from reader.render.html import html_to_markdown


def test_paragraphs_links_and_emphasis() -> None:
    markdown = html_to_markdown(
        '<p>One <a href="https://x.org/a b">link</a> <b>bold</b>.</p><p>Two</p>'
    )
    assert markdown == "One [link](<https://x.org/a b>) <b>bold</b>.\n\nTwo"


def test_text_that_looks_like_markdown_stays_text() -> None:
    _, text = render(html_to_markdown("<p>a *star* and &lt;div&gt; and # not a heading</p>"))
    assert text.strip() == "a *star* and <div> and # not a heading"


def test_pre_inside_div_is_a_code_block_with_its_indentation() -> None:
    source = '<div class="x"><pre class="language-go">func f() {\n\treturn\n}</pre></div>\n\nafter'
    document, text = render(source)
    assert text.splitlines()[:3] == ["func f() {", "    return", "}"]
    assert document.blocks[0].kind == "code" and document.blocks[0].wide


def test_details_summary_br_sup_and_sub_keep_their_text() -> None:
    source = (
        "<details>\n<summary>Show more</summary>\n<p>First<br>second</p>\n"
        "<p>E = mc<sup>2</sup>, H<sub>2</sub>O, x<sup>note</sup></p>\n</details>"
    )
    _, text = render(source)
    assert text.splitlines() == ["▸ Show more", "", "First", "second", "", "E = mc², H₂O, xⁿᵒᵗᵉ"]


def test_inline_html_in_markdown() -> None:
    _, text = render("Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, see <a href='/x'>here</a><br>next")
    assert text.splitlines() == ["Press Ctrl+C, see here¹", "next"]


def test_lists_tables_images_and_headings() -> None:
    source = (
        "<h2>Title</h2><ul><li>one</li><li>two <i>it</i></li></ul>"
        "<ol start='3'><li>three</li></ol>"
        "<table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr>"
        "<tr><td>bb</td><td>22</td></tr></table>"
        '<img src="/p.png" alt="A picture">'
    )
    document, text = render(source)
    assert text.splitlines() == [
        "Title",
        "",
        "• one",
        "• two it",
        "",
        "3. three",
        "",
        "k  │ v",
        "───┼───",
        "a  │ 1",
        "bb │ 22",
        "",
        "🖼 A picture — /p.png",
    ]
    assert [h.text for h in document.headings] == ["Title"]


def test_scripts_styles_and_comments_are_left_out() -> None:
    markdown = html_to_markdown("<style>p{}</style><script>x()</script><!-- c --><p>kept</p>")
    assert markdown == "kept"


def test_unknown_and_broken_tags_keep_their_text() -> None:
    _, text = render("<div><custom-thing>inside <span>words</span></custom-thing>\n\nopen para")
    assert squash(text) == "inside words open para"


def test_iframes_and_videos_become_links() -> None:
    document, text = render('<iframe src="https://www.youtube.com/embed/abc"></iframe>')
    assert "iframe: https://www.youtube.com/embed/abc" in text
    assert document.links[0].target == "https://www.youtube.com/embed/abc"


def test_html_module_is_core_clean() -> None:
    code = (
        "import json, sys, reader.render.html, reader.render.recall\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert not [name for name in loaded if name.split(".")[0] in ("rich", "textual")]


def test_the_renderer_never_imports_textual() -> None:
    code = (
        "import json, sys\nfrom reader.render import render_document\n"
        "render_document('# x', 40)\nprint(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not [name for name in json.loads(out.stdout) if name.split(".")[0] == "textual"]
