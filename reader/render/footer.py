"""The article's footer: **Linked from** (the posts that link here) and **Related**.

Each section is a heading and a list of post titles with their dates; each
entry is a numbered link, like the body's, to its post's file from the
store's top (`/2019/other.md`), which `reader.links.resolve` takes to that
post: the app's `L` lists them and follows them as any link in the store,
and `reader show` lists them with the body's links. Only sections with posts
are drawn. Every title passes through `safetext.for_terminal`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from reader.links import PostRef
from reader.render.document import Document, Link
from reader.render.styles import RenderStyles
from reader.render.supers import superscript
from reader.safetext import for_terminal

LINKED_FROM = "Linked from"
RELATED = "Related"


@dataclass(frozen=True, slots=True)
class FooterSection:
    """One section of the footer: its heading and its posts, in order."""

    heading: str
    posts: tuple[PostRef, ...]


def sections(linked_from: list[PostRef], related: list[PostRef]) -> tuple[FooterSection, ...]:
    """The footer's sections that have posts; a post that links here is not also "related"."""
    linking = {ref.id for ref in linked_from}
    found = (
        FooterSection(LINKED_FROM, tuple(linked_from)),
        FooterSection(RELATED, tuple(ref for ref in related if ref.id not in linking)),
    )
    return tuple(section for section in found if section.posts)


def target_of(ref: PostRef) -> str:
    """The link an entry follows: the post's file from the store's top."""
    return "/" + ref.path


def footer_document(
    footer: tuple[FooterSection, ...],
    width: int,
    styles: RenderStyles,
    *,
    first_number: int,
    offset: int,
) -> Document:
    """The footer's lines at `width`, its links numbered from `first_number`.

    Every line's place in the source is `offset` (the end of the body): the
    footer is not in the post's text, it follows it.
    """
    console = Console(width=width, file=io.StringIO(), color_system=None, markup=False)
    document = Document()
    number = first_number
    for section in footer:
        document.lines.extend([Text(), Text(section.heading, style=styles.heading)])
        for ref in section.posts:
            entry = Text("• ", style=styles.bullet)
            title = for_terminal(ref.title, one_line=True) or ref.id
            entry.append(title, style=styles.link)
            entry.append(superscript(str(number)), style=styles.link_number)
            if ref.date:
                entry.append(f" · {ref.date[:10]}", style=styles.dim)
            start = len(document.lines)
            document.lines.extend(entry.wrap(console, width))
            lines = tuple(range(start, len(document.lines)))
            document.links.append(Link(number, title, target_of(ref), lines))
            number += 1
    document.source_offsets = [offset] * len(document.lines)
    return document


def add_footer(
    document: Document,
    footer: tuple[FooterSection, ...],
    width: int,
    styles: RenderStyles | None = None,
) -> None:
    """Append the footer to a whole article, its links numbered after the body's."""
    if not footer:
        return
    last = max((link.number for link in document.links), default=0)
    end = document.source_offsets[-1] if document.source_offsets else 0
    rendered = footer_document(
        footer, width, styles or RenderStyles(), first_number=last + 1, offset=end
    )
    document.extend(rendered)
