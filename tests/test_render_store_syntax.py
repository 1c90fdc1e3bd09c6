"""Store syntax becomes what it means, outside code only: Hugo, Zola, Liquid, MDX, Obsidian."""

from __future__ import annotations

from render_helpers import render, squash
from rich.style import Style

from reader.render.store_syntax import prepare


def _dimmed(document_line: object, word: str) -> bool:
    from rich.text import Text

    assert isinstance(document_line, Text)
    start = document_line.plain.index(word)
    return any(
        isinstance(span.style, Style) and span.style.dim and span.start <= start < span.end
        for span in document_line.spans
    )


def test_hugo_figure_youtube_vimeo_gist_and_ref() -> None:
    source = (
        '{{< figure src="/img/cat.jpg" caption="A cat" >}}\n'
        "{{< youtube dQw4w9WgXcQ >}}\n"
        '{{< vimeo id="123" >}}\n'
        "{{< gist spf13 7896402 >}}\n\n"
        'Read [the intro]({{< ref "intro.md" >}}).'
    )
    document, text = render(source)
    assert text.splitlines() == [
        "🖼 A cat — /img/cat.jpg",
        "",
        "YouTube video dQw4w9WgXcQ¹",
        "",
        "Vimeo video 123²",
        "",
        "gist spf13/7896402³",
        "",
        "Read the intro⁴.",
    ]
    assert [link.target for link in document.links] == [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/123",
        "https://gist.github.com/spf13/7896402",
        "intro.md",
    ]


def test_hugo_highlight_is_a_code_block() -> None:
    source = "{{< highlight go >}}\nfunc main() {\n\tfmt.Println(1)\n}\n{{< /highlight >}}"
    document, text = render(source)
    assert text.splitlines() == ["func main() {", "    fmt.Println(1)", "}"]
    assert document.blocks[0].kind == "code"


def test_paired_notices_keep_their_text_and_unknown_ones_are_dimmed() -> None:
    source = '{{% notice warning %}}\nMind the gap.\n{{% /notice %}}\n\n{{< chart data="x" >}}'
    document, text = render(source)
    assert squash(text) == 'Warning Mind the gap. chart data="x"'
    chart = next(line for line in document.lines if "chart" in line.plain)
    assert _dimmed(chart, "chart")


def test_zola_shortcodes() -> None:
    source = (
        '{{ youtube(id="abc") }}\n\n{% note(kind="tip") %}\nBody text.\n{% end %}\n\n'
        "{{ mystery(a=1) }}"
    )
    document, text = render(source)
    assert squash(text) == "YouTube video abc¹ Note Body text. mystery 1"
    assert document.links[0].target == "https://www.youtube.com/watch?v=abc"


def test_jekyll_highlight_raw_link_post_url_and_variables() -> None:
    source = (
        "{% highlight ruby %}\ndef x\n  1\nend\n{% endhighlight %}\n\n"
        "See [news]({% link _posts/2020-01-01-x.md %}) and [more]({% post_url 2010-a %}).\n\n"
        "{% raw %}{{ kept }}{% endraw %} on {{ site.url }}\n\n"
        "{% assign r = site.data | first %}\nVersion {{ release.version }}."
    )
    document, text = render(source)
    lines = text.splitlines()
    assert lines[:3] == ["def x", "  1", "end"]
    assert document.blocks[0].kind == "code"
    assert squash("\n".join(lines[3:])) == (
        "See news¹ and more². {{ kept }} on site.url Version release.version."
    )
    assert [link.target for link in document.links] == ["_posts/2020-01-01-x.md", "2010-a"]
    version = next(line for line in document.lines if "Version" in line.plain)
    assert _dimmed(version, "release.version")


def test_go_templates() -> None:
    source = '{{image "gophers/a.png" 800}}\n\nCompare a {{raw "<"}} b.\n\n{{play "prog.go"}}'
    _, text = render(source)
    assert squash(text) == "🖼 gophers/a.png Compare a < b. play prog.go"


def test_go_raw_blocks_keep_their_code() -> None:
    source = "Before:\n\n{{raw `\n\tfunc main() {\n\t}\n`}}\n\nAfter."
    document, text = render(source)
    assert text.splitlines() == ["Before:", "", "func main() {", "}", "", "After."]
    assert [block.kind for block in document.blocks] == ["paragraph", "code", "paragraph"]


def test_mdx_imports_comments_and_components() -> None:
    source = (
        "import Thing from './thing';\nexport const meta = {\n  a: 1,\n};\n\n"
        "## Title {/*title*/}\n\n<Intro>\n\nIntro words.\n\n</Intro>\n\n"
        "<Note>Inline note.</Note>\n\n<Sandpack\n  files={x}\n>\n\ncode words\n\n</Sandpack>\n\n"
        "<Divider />"
    )
    document, text = render(source)
    assert squash(text) == "Title Intro words. Inline note. code words Divider"
    assert [h.text for h in document.headings] == ["Title"]


def test_jsx_expression_attributes_are_not_text() -> None:
    source = (
        "<div style={{display: 'flex', justifyContent: 'center', margin: '2rem' }}>\n"
        '  <img src="/logo.webp" alt="Logo" />\n</div>\n\n'
        '<Button onClick={go} data={{a: 1}} kind="x">Go now</Button>\n\n'
        "Prose with x={1} stays as written.\n"
    )
    _document, text = render(source)
    assert "display" not in text and "onClick" not in text and "7rem" not in text
    assert "Logo" in text and "Go now" in text
    assert "x={1}" in text


def test_obsidian_links_embeds_and_callouts() -> None:
    source = (
        "See [[Some Note]], [[Other note|the other]] and [[Page#Part]].\n\n"
        "![[diagram.png|300]]\n\n"
        "> [!warning]- Be careful\n> The body, with [[a link]].\n\n"
        "Use [[Functions#hasTag|`hasTag`]] and [[Long\nname]]."
    )
    document, text = render(source)
    assert squash(text) == (
        "See Some Note¹, the other² and Page › Part³. 🖼 diagram.png "
        "▌ Warning: Be careful ▌ ▌ The body, with a link⁴. Use hasTag⁵ and Long name⁶."
    )
    assert [link.target for link in document.links] == [
        "Some%20Note",
        "Other%20note",
        "Page#Part",
        "a%20link",
        "Functions#hasTag",
        "Long%20name",
    ]


def test_code_is_never_rewritten() -> None:
    source = (
        "```\n{{< youtube x >}} [[kept]] {% raw %}\nimport a from 'b'\n```\n\n"
        "Inline `{{ site.url }}` and `[[x]]` stay.\n\n    {% highlight %} <Note>"
    )
    _, text = render(source)
    assert text.splitlines() == [
        "{{< youtube x >}} [[kept]] {% raw %}",
        "import a from 'b'",
        "",
        "Inline {{ site.url }} and [[x]] stay.",
        "",
        "{% highlight %} <Note>",
    ]


def test_prose_that_starts_with_import_is_kept() -> None:
    _, text = render("You can\nimport the package and export data.")
    assert squash(text) == "You can import the package and export data."


def test_every_output_line_knows_its_source_line() -> None:
    source = "import A from 'a'\n\n{{< highlight py >}}\nx = 1\n{{< /highlight >}}\n\ntext"
    prepared = prepare(source)
    assert len(prepared.origins) == len(prepared.text.split("\n"))
    assert prepared.origins[prepared.text.split("\n").index("text")] == 6


def test_block_ids_heading_ids_and_attribute_lists_are_not_text() -> None:
    source = (
        '## Results {#results}\n\nA claim. ^claim-1\n\n![logo](/l.png){: width="80"}\n\nx^2 stays'
    )
    document, text = render(source)
    assert text.splitlines() == ["Results", "", "A claim.", "", "🖼 logo — /l.png", "", "x^2 stays"]
    assert document.headings[0].text == "Results"


def test_code_inside_list_items_is_not_rewritten() -> None:
    source = (
        "* <{{ release.url }}>\n\n      SIZE: {{ release.size }}\n\n"
        "- item\n\n  text {{ site.x }}\n\n  ```\n  [[kept]] {{ y }}\n  ```"
    )
    document, text = render(source)
    assert text.splitlines() == [
        "• <release.url>",
        "",
        "  SIZE: {{ release.size }}",
        "",
        "• item",
        "",
        "  text site.x",
        "",
        "  [[kept]] {{ y }}",
    ]
    assert [block.kind for block in document.blocks if block.wide] == ["code", "code"]


def test_obsidian_highlights_comments_and_table_links() -> None:
    source = (
        "Some ==marked words== here %%hidden%% and a == b.\n\n%%\nblock comment\n%%\n\n"
        "Title\n=====\n\n| a | b |\n|---|---|\n| [[Note#Part\\|label]] | x |"
    )
    document, text = render(source)
    assert text.splitlines() == [
        "Some marked words here and a == b.",
        "",
        "Title",
        "",
        "a      │ b",
        "───────┼──",
        "label¹ │ x",
    ]
    marked = document.lines[0]
    start = marked.plain.index("marked")
    assert any(
        isinstance(span.style, Style) and span.style.reverse and span.start <= start < span.end
        for span in marked.spans
    )
    assert document.links[0].target == "Note#Part"
