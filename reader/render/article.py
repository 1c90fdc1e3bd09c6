"""A whole post as an article: its header (title, dates, authors, tags, where it
lives) above its rendered body, for `reader show` and the article pane alike.

The header says the same words wherever it is drawn, so the pane and the
command line never disagree about a post. Every field shown passes through
`safetext.for_terminal` (bidi and zero-width characters are made visible);
the post itself is not changed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from rich.console import Console
from rich.style import Style
from rich.text import Text

from reader.model import Post, display_date
from reader.render.document import Document, plain_text
from reader.render.styles import RenderStyles
from reader.safetext import for_terminal


@dataclass(frozen=True, slots=True)
class HeaderStyles:
    """Rich styles for the header's parts; the defaults suit a plain terminal."""

    title: Style = field(default_factory=lambda: Style(bold=True))
    guessed: Style = field(default_factory=lambda: Style(dim=True, italic=True))
    meta: Style = field(default_factory=lambda: Style(dim=True))
    tag: Style = field(default_factory=Style)
    summary: Style = field(default_factory=lambda: Style(italic=True))
    note: Style = field(default_factory=lambda: Style(italic=True))


def header_lines(post: Post, styles: HeaderStyles, note: str | None = None) -> list[Text]:
    """Title, dates, authors, tags, the summary, where the post lives and the
    user's note, one `Text` a line (not yet wrapped)."""
    title = Text(for_terminal(post.title, one_line=True), style=styles.title)
    if post.title_guessed:
        title.append("  (title guessed)", style=styles.guessed)
    if post.draft:
        title.append("  (draft)", style=styles.guessed)
    lines = [title]
    dates = display_date(post.date)
    if post.updated is not None:
        dates += f" · updated {display_date(post.updated)}"
    lines.append(Text(dates, style=styles.meta))
    if post.authors:
        lines.append(Text("By " + for_terminal(", ".join(post.authors)), style=styles.meta))
    if post.tags:
        tags = Text("Tags: ", style=styles.meta)
        for index, tag in enumerate(post.tags):
            if index:
                tags.append(", ", style=styles.meta)
            tags.append(for_terminal(tag, one_line=True), style=styles.tag)
        lines.append(tags)
    if post.summary:
        lines.append(Text(for_terminal(" ".join(post.summary.split())), style=styles.summary))
    lines.append(Text(for_terminal(post.permalink or post.path, one_line=True), style=styles.meta))
    if note:
        lines.append(Text("Note: " + for_terminal(" ".join(note.split())), style=styles.note))
    return lines


def article_document(
    post: Post,
    width: int,
    styles: RenderStyles | None = None,
    header: HeaderStyles | None = None,
) -> Document:
    """The post's header, wrapped to `width`, a blank line, then its rendered body."""
    styles = styles or RenderStyles()
    lines: list[Text] = []
    for line in header_lines(post, header or HeaderStyles()):
        lines.extend(line.wrap(_measure_console(width), width))
    lines.append(Text())
    article = Document(lines=lines, source_offsets=[0] * len(lines))
    # The parser (markdown-it, its plugins, Pygments) loads on the first article,
    # not when the app starts.
    from reader.render.api import render_document

    article.extend(render_document(post.body, width, styles))
    return article


def _measure_console(width: int) -> Console:
    return Console(width=width, file=io.StringIO(), color_system=None, markup=False, emoji=False)


def as_plain(document: Document) -> str:
    """The article as plain text (piped output, `--plain`), links listed at the end."""
    return plain_text(document)


def as_ansi(document: Document, width: int) -> str:
    """The article drawn with its styles for a terminal, OSC 8 links included.

    Wide blocks (code, tables) keep their long lines whole: the terminal shows
    them as they come rather than Rich folding them."""
    out = Console(
        width=width,
        file=io.StringIO(),
        force_terminal=True,
        markup=False,
        emoji=False,
        highlight=False,
    )
    with out.capture() as captured:
        for line in document.lines:
            out.print(line, soft_wrap=True)
    return captured.get()
