"""What the screen tells the article pane to show: `ArticleData`."""

from __future__ import annotations

from dataclasses import dataclass

from reader.model import Post
from reader.render.footer import FooterSection
from reader.tui.article_render import Phrase


@dataclass(frozen=True, slots=True)
class ArticleData:
    """What the article pane shows."""

    post: Post | None = None
    terms: tuple[str, ...] = ()
    prefixes: frozenset[str] = frozenset()
    """Terms that match the start of words (`gain*`)."""
    phrases: tuple[Phrase, ...] = ()
    """What to mark: words and quoted phrases (each phrase one match); else `terms`."""
    empty_text: str = "No post to show."
    note: str | None = None
    scroll: float | None = None
    """The place to scroll to once it is rendered (where the reader left the post):
    a position in the post's text, not a line (see `article_place`)."""
    footer: tuple[FooterSection, ...] = ()
    """Sections drawn after the body (`reader.render.footer`): Linked from, Related."""
