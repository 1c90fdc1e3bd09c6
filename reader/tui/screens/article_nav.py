"""What L, T, Backspace, [ and ] do: the post's links and outline, and back and forward.

`L` lists the article's links, its images and its footnote references, in
the order they come; the one picked is followed: a link to another post of
the store (see `link_resolve`) opens it in the app and goes into the
`History`, anything else goes to the opener, web and mail addresses only. An
image goes to the opener too (`article_images`), and a footnote reference
jumps to its footnote (Backspace or `[` comes back).
`T` lists the headings and jumps to the one picked. The screen owns an
`ArticleNav` and calls these from its actions; they never reach into it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import App
from textual.notifications import SeverityLevel

from reader.catalog import Catalog, CatalogError
from reader.model import PostSummary
from reader.render.document import FOOTNOTE, IMAGE, Link
from reader.render.supers import superscript
from reader.tui.history import History
from reader.tui.link_resolve import LinkIndex
from reader.tui.screens.pick import PickScreen
from reader.tui.terminal import open_address
from reader.tui.widgets.article import Article

OPENABLE = ("http://", "https://", "mailto:")
"""The links handed to the opener: a post must not make the desktop open a file or a program."""


class ArticleNav:
    """The history of followed links, and the store's posts indexed for resolving them."""

    def __init__(self) -> None:
        self.history = History()
        self._rows: Sequence[PostSummary] | None = None
        self._index = LinkIndex(())

    def index_for(self, rows: Sequence[PostSummary]) -> LinkIndex:
        """The index of `rows`, built again only when the store's posts were read again."""
        if rows is not self._rows:
            self._rows, self._index = rows, LinkIndex(rows)
        return self._index


def link_line(link: Link) -> str:
    """A link as the list shows it: its number in the text, its words and where it goes."""
    text = " ".join(link.text.split())
    if link.kind == FOOTNOTE:
        return f"[{superscript(f'({link.number})')}] {text}"
    if link.kind == IMAGE:
        return f"🖼 {text} → {link.target}" if text else f"🖼 {link.target}"
    return f"[{link.number}] {text} → {link.target}" if text else f"[{link.number}] {link.target}"


def pick_link(app: App[object], article: Article, then: Callable[[Link], object]) -> bool:
    """`L`: list the article's links, images and footnote references; a link picked goes
    to `then`, an image to the opener, a footnote reference to its footnote. False if
    there are none."""
    links = sorted(
        [*article.links, *article.images, *article.references],
        key=lambda link: link.lines[:1] or (0,),
    )
    if not links:
        return False

    def picked(index: int | None) -> None:
        if index is None:
            return
        link = links[index]
        if link.kind == FOOTNOTE:
            if not article.follow_footnote(link.number):
                app.bell()
        elif link.kind == IMAGE:
            article.open_image(link)
        else:
            then(link)

    app.push_screen(PickScreen("Links", [link_line(link) for link in links]), picked)
    return True


def pick_heading(app: App[object], article: Article) -> bool:
    """`T`: list the article's headings; jump to the one picked. False if it has none."""
    headings = list(article.headings)
    if not headings:
        return False
    top = round(article.scroll_y)
    current = max((i for i, heading in enumerate(headings) if heading.line <= top), default=0)
    lines = ["  " * (heading.level - 1) + heading.text for heading in headings]

    def picked(index: int | None) -> None:
        if index is not None:
            article.jump_to(headings[index].line)

    app.push_screen(PickScreen("Outline", lines, current), picked)
    return True


def resolve(index: LinkIndex, catalog: Catalog, from_path: str, target: str) -> str | None:
    """The post `target` points at (blocks: call it from a thread), or None."""

    def permalink_of(post_id: str) -> str | None:
        try:
            post = catalog.post(post_id)
        except (OSError, CatalogError):
            return None
        return None if post is None else post.permalink

    return index.resolve(target, from_path, permalink_of)


def open_external(app: App[object], target: str) -> tuple[str, SeverityLevel]:
    """Hand a link that leaves the store to the opener (blocks: call it from a thread)."""
    if not target.lower().startswith(OPENABLE) or any(c.isspace() for c in target):
        return f"Not opened: {target} is not a web or mail address", "warning"
    return open_address(app, target)
