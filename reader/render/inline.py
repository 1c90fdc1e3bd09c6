"""One paragraph's inline tokens as a styled `Text`, with where each link sits in it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it.token import Token
from rich.style import Style
from rich.text import Text

from reader.render.context import RenderContext
from reader.render.document import FOOTNOTE, IMAGE, LINK
from reader.render.supers import subscript, superscript


@dataclass(frozen=True, slots=True)
class LinkSpan:
    """A link's number, text and target, and its character range in the paragraph;
    an image or a footnote reference by `kind` (see `reader.render.document.Link`)."""

    number: int
    text: str
    target: str
    start: int
    end: int
    kind: str = LINK


@dataclass(frozen=True, slots=True)
class TagEvent:
    """One HTML tag from an inline HTML token: start, end or both at once."""

    tag: str
    attrs: dict[str, str]
    start: bool
    end: bool


class _TagReader(HTMLParser):
    """Reads the tags in a fragment with the standard library's HTML tokenizer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[TagEvent] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(TagEvent(tag, {k: v or "" for k, v in attrs}, True, False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(TagEvent(tag, {k: v or "" for k, v in attrs}, True, True))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(TagEvent(tag, {}, False, True))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_tags(fragment: str) -> list[TagEvent]:
    """The tags in a fragment of HTML, in order; comments and text are ignored."""
    reader = _TagReader()
    reader.feed(fragment)
    reader.close()
    return reader.events


_SPACES = re.compile(r"[ \t]{2,}")
_VOID = {"br", "img", "input", "hr", "wbr", "source", "meta", "link"}
_SPECIAL_STYLE = {"reader-dim": "dim"}


def image_label(alt: str, src: str) -> str:
    """How an image reads in text: a picture sign, its alt text and its source."""
    alt = " ".join(alt.split())
    if alt and src:
        return f"🖼 {alt} — {src}"
    return f"🖼 {alt or src or 'image'}"


@dataclass(slots=True)
class InlineWriter:
    """Builds a paragraph's Text from markdown-it inline tokens."""

    context: RenderContext
    base: Style = field(default_factory=Style)
    text: Text = field(default_factory=Text)
    links: list[LinkSpan] = field(default_factory=list)
    _styles: list[tuple[str, Style]] = field(default_factory=list)
    _open_links: list[tuple[str, int]] = field(default_factory=list)
    _script: list[tuple[str, int]] = field(default_factory=list)

    def _style(self) -> Style:
        style = self.base
        for _, extra in self._styles:
            style = style + extra
        return style

    def add(self, content: str, style: Style | None = None) -> None:
        """Append text in the current style, plus `style` on top."""
        if content:
            current = self._style()
            self.text.append(content, current + style if style else current)

    def _push(self, tag: str, style: Style) -> None:
        self._styles.append((tag, style))

    def _pop(self, tag: str) -> None:
        for index in range(len(self._styles) - 1, -1, -1):
            if self._styles[index][0] == tag:
                del self._styles[index]
                return

    def _open_link(self, target: str) -> None:
        self._open_links.append((target, len(self.text)))
        self._push("link", self.context.styles.link + Style(link=target or None))

    def _close_link(self) -> None:
        if not self._open_links:
            return
        target, start = self._open_links.pop()
        self._pop("link")
        label = self.text.plain[start:]
        number = self.context.next_link()
        self.links.append(LinkSpan(number, label.strip(), target, start, len(self.text)))
        self.text.append(superscript(str(number)), self.base + self.context.styles.link_number)

    def _begin_script(self, kind: str) -> None:
        self._script.append((kind, len(self.text)))

    def _end_script(self, kind: str) -> None:
        if not self._script or self._script[-1][0] != kind:
            return
        _, start = self._script.pop()
        inner = self.text[start:]
        self.text.right_crop(len(inner))
        shifted = superscript(inner.plain) if kind == "sup" else subscript(inner.plain)
        self.text.append(shifted, self._style())

    def html(self, fragment: str) -> None:
        """Apply an inline HTML tag: styles, links, line breaks, images, checkboxes."""
        for event in read_tags(fragment):
            if event.start:
                self._start_tag(event.tag, event.attrs)
            if event.end and (not event.start or event.tag not in _VOID):
                self._end_tag(event.tag)

    def _start_tag(self, tag: str, attrs: dict[str, str]) -> None:
        styles = self.context.styles
        if tag == "br":
            self.text.append("\n")
        elif tag == "img":
            self._image(attrs.get("alt", ""), attrs.get("src", ""))
        elif tag == "input" and attrs.get("type") == "checkbox":
            self.add("☑" if "checked" in attrs else "☐")
        elif tag == "a":
            self._open_link(attrs.get("href", ""))
        elif tag in {"sup", "sub"}:
            self._begin_script(tag)
        elif tag in {"b", "strong"}:
            self._push(tag, styles.strong)
        elif tag in {"i", "em", "cite", "dfn", "var"}:
            self._push(tag, styles.emphasis)
        elif tag in {"code", "kbd", "tt", "samp"}:
            self._push(tag, styles.code_inline)
        elif tag in {"s", "del", "strike"}:
            self._push(tag, styles.strike)
        elif tag in {"u", "ins"}:
            self._push(tag, Style(underline=True))
        elif tag == "mark":
            self._push(tag, styles.highlight)
        elif tag == "span" and _SPECIAL_STYLE.get(attrs.get("class", "")) == "dim":
            self._push(tag, styles.dim)
        elif tag not in _VOID:
            self._push(tag, Style())

    def _end_tag(self, tag: str) -> None:
        if tag == "a":
            self._close_link()
        elif tag in {"sup", "sub"}:
            self._end_script(tag)
        else:
            self._pop(tag)

    def tokens(self, children: list[Token]) -> None:
        """Append every inline token."""
        styles = self.context.styles
        for token in children:
            kind = token.type
            if kind == "text":
                # Runs of spaces read as one, as in a browser.
                self.add(_SPACES.sub(" ", token.content))
            elif kind == "softbreak":
                self.add(" ")
            elif kind == "hardbreak":
                self.text.append("\n")
            elif kind == "code_inline":
                self.add(token.content, styles.code_inline)
            elif kind == "em_open":
                self._push("em_md", styles.emphasis)
            elif kind == "strong_open":
                self._push("strong_md", styles.strong)
            elif kind == "s_open":
                self._push("s_md", styles.strike)
            elif kind in {"em_close", "strong_close", "s_close"}:
                self._pop(kind.split("_")[0] + "_md")
            elif kind == "link_open":
                self._open_link(str(token.attrGet("href") or ""))
            elif kind == "link_close":
                self._close_link()
            elif kind == "image":
                alt = "".join(child.content for child in token.children or [])
                self._image(alt, str(token.attrGet("src") or ""))
            elif kind == "html_inline":
                self.html(token.content)
            elif kind == "footnote_ref":
                self._footnote_ref(token)
        while self._open_links:
            self._close_link()

    def _image(self, alt: str, src: str) -> None:
        start = len(self.text)
        self.add(image_label(alt, src), self.context.styles.image)
        number = self.context.next_image()
        text = " ".join(alt.split())
        self.links.append(LinkSpan(number, text, src, start, len(self.text), IMAGE))

    def _footnote_ref(self, token: Token) -> None:
        label = token.meta.get("label")
        key = f":{label}" if label is not None else f"#{self.context.piece}:{token.meta['id']}"
        number = self.context.footnote_number(key)
        if label is None:
            bodies = self.context.footnote_bodies
            found = self._inline_footnote(token.meta["id"])
            if found is not None:
                bodies.setdefault(key, found)
        start = len(self.text)
        self.text.append(superscript(f"({number})"), self.base + self.context.styles.link_number)
        target = label if label is not None else ""
        span = LinkSpan(number, f"footnote {number}", target, start, len(self.text), FOOTNOTE)
        self.links.append(span)

    def _inline_footnote(self, index: int) -> list[Token] | None:
        entry = self.context.inline_footnotes.get(index)
        if entry is None:
            return None
        paragraph = Token("paragraph_open", "p", 1)
        inline = Token("inline", "", 0)
        inline.children = entry
        return [paragraph, inline, Token("paragraph_close", "p", -1)]
