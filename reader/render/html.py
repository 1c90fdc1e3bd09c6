"""HTML to Markdown, keeping every piece of text and the structure around it.

Parsed with BeautifulSoup on the standard library's `html.parser`: forgiving of
the broken and partial HTML that posts hold (an opening `<div>` in one block, its
close three paragraphs later) and no compiled dependency. Core-clean: no Rich.
Importers reuse `html_to_markdown` for feeds and WordPress exports.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

from reader.render.markdown_text import escape_markdown, link_destination

_BLOCKS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "noscript",
    "video",
    "audio",
    "iframe",
    "picture",
}
_DROP = {"script", "style", "template", "head", "title", "meta", "link"}
_SPACE = re.compile(r"\s+")
# Characters that would otherwise start Markdown syntax inside converted text.


def _fence(code: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def _language(tag: Tag) -> str:
    for node in [tag, *tag.find_all("code", limit=1)]:
        found = node.get("class")
        classes: list[str] = list(found) if isinstance(found, list) else [str(found or "")]
        for name in classes:
            for prefix in ("language-", "lang-", "highlight-source-"):
                if name.startswith(prefix):
                    return name[len(prefix) :]
        lang = node.get("data-lang") or node.get("lang")
        if isinstance(lang, str) and lang:
            return lang
    return ""


class _Converter:
    """Walks the parsed tree; block elements give paragraphs, inline ones Markdown spans."""

    def inline(self, node: PageElement) -> str:
        """The Markdown for an element's content as one run of inline text."""
        if isinstance(node, Comment):
            return ""
        if isinstance(node, NavigableString):
            return escape_markdown(_SPACE.sub(" ", str(node)))
        if not isinstance(node, Tag) or node.name in _DROP:
            return ""
        name = node.name
        inner = "".join(self.inline(child) for child in node.children)
        if name == "br":
            return "\\\n"
        if name == "img":
            return f"![{escape_markdown(str(node.get('alt') or ''))}]({_dest(node.get('src'))})"
        if name == "a" and node.get("href"):
            return f"[{inner.strip()}]({_dest(node.get('href'))})" if inner.strip() else ""
        if name in {"strong", "b"} and inner.strip():
            return f"<b>{inner}</b>"
        if name in {"em", "i", "cite"} and inner.strip():
            return f"<em>{inner}</em>"
        if name in {"code", "kbd", "tt", "samp"}:
            text = node.get_text()
            return f"<code>{escape_markdown(text)}</code>" if text else ""
        if name in {"sup", "sub", "s", "del", "strike", "u", "ins", "mark"}:
            return f"<{name}>{inner}</{name}>"
        if name == "input" and node.get("type") == "checkbox":
            return "☑ " if node.has_attr("checked") else "☐ "
        if name in {"video", "audio", "iframe", "source", "embed"} and node.get("src"):
            src = str(node.get("src"))
            return f" [{name}: {escape_markdown(src)}]({_dest(src)}) " + inner
        return inner

    def blocks(self, node: Tag | BeautifulSoup, out: list[str], prefix: str = "") -> None:
        """Append the Markdown blocks of an element's children to `out`."""
        run: list[str] = []

        def flush() -> None:
            text = "".join(run).strip()
            run.clear()
            if text:
                out.append(text)

        for child in node.children:
            if isinstance(child, Tag) and child.name in _BLOCKS | {"table", "br"}:
                if child.name == "br":
                    run.append("\\\n")
                    continue
                flush()
                self.block(child, out)
            else:
                run.append(self.inline(child))
        flush()

    def block(self, tag: Tag, out: list[str]) -> None:
        """Append one block element as Markdown."""
        name = tag.name
        if name in _DROP:
            return
        if name == "pre":
            code = tag.get_text().strip("\n")
            fence = _fence(code)
            out.append(f"{fence}{_language(tag)}\n{code}\n{fence}")
        elif name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            text = self.inline(tag).strip().replace("\\\n", " ")
            if text:
                out.append("#" * int(name[1]) + " " + text)
        elif name == "hr":
            out.append("---")
        elif name in {"ul", "ol"}:
            self._list(tag, out)
        elif name == "blockquote":
            out.append(_indent(self.convert_children(tag), "> "))
        elif name == "table":
            out.append(self._table(tag))
        elif name == "summary":
            text = self.inline(tag).strip()
            if text:
                out.append(f"<b>▸ {text}</b>")
        elif name in {"video", "audio", "iframe"}:
            text = self.inline(tag).strip()
            if text:
                out.append(text)
        elif name == "dd":
            out.append(_indent(self.convert_children(tag), "    "))
        else:
            self.blocks(tag, out)

    def convert_children(self, tag: Tag) -> str:
        """An element's content as Markdown blocks joined by blank lines."""
        parts: list[str] = []
        self.blocks(tag, parts)
        return "\n\n".join(parts)

    def _list(self, tag: Tag, out: list[str]) -> None:
        ordered = tag.name == "ol"
        start_attr = tag.get("start")
        number = int(start_attr) if isinstance(start_attr, str) and start_attr.isdigit() else 1
        items: list[str] = []
        for child in tag.children:
            if isinstance(child, Tag) and child.name == "li":
                marker = f"{number}. " if ordered else "- "
                number += 1
                body = self.convert_children(child) or ""
                items.append(marker + _indent(body, " " * len(marker))[len(marker) :])
            elif isinstance(child, Tag | NavigableString) and self.inline(child).strip():
                items.append("- " + self.inline(child).strip())
        if items:
            out.append("\n".join(items))

    def _table(self, tag: Tag) -> str:
        rows: list[list[str]] = []
        for tr in tag.find_all("tr"):
            cells = [
                self.inline(cell).strip().replace("\\\n", " ").replace("\n", " ")
                for cell in tr.find_all(["td", "th"], recursive=False)
            ]
            rows.append(cells)
        rows = [row for row in rows if row]
        if not rows:
            return self.convert_children(tag)
        columns = max(len(row) for row in rows)
        lines = []
        for index, row in enumerate(rows):
            row = row + [""] * (columns - len(row))
            lines.append("| " + " | ".join(row) + " |")
            if index == 0:
                lines.append("|" + "---|" * columns)
        return "\n".join(lines)


def _dest(value: object) -> str:
    return link_destination(str(value or ""))


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def html_to_markdown(html: str) -> str:
    """Markdown that says what `html` says: its text, paragraphs, lists, links, tables, code.

    Scripts, styles and comments are left out; everything a reader would see is kept.
    Inline emphasis, code, sup/sub and strike come out as the few HTML tags the
    renderer draws, since CommonMark has no syntax for some of them.
    """
    soup = BeautifulSoup(html, "html.parser")
    return _Converter().convert_children(soup)
