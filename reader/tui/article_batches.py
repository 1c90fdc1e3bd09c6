"""A post's lines for the article pane, in batches paced for the UI loop.

The first batch (the header and the first piece of the body: a screenful)
comes at once, then the lines rendered since go up every `BATCH_EVERY`
seconds, and the last batch says the render is complete. Runs in the
article's render worker: no widgets here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from time import monotonic

from textual.strip import Strip

from reader.model import Post
from reader.tui.article_place import HEADER
from reader.tui.article_render import ArticleStyles, render_body, render_header

BATCH_EVERY = 0.25
"""Seconds between batches after the first."""


@dataclass(slots=True)
class Batch:
    """Lines of a post, the text of each, and where each starts in the body."""

    lines: list[Strip] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    first: bool = False
    """These lines replace what was shown."""
    last: bool = False
    """The render is complete."""


def render_batches(
    post: Post,
    note: str | None,
    width: int,
    styles: ArticleStyles,
    cancelled: Callable[[], bool],
) -> Iterator[Batch]:
    """The post's lines at `width`, batch by batch; stops early once `cancelled()`."""
    lines, plain = render_header(post, width, styles, note)
    pending = Batch(lines, plain, [HEADER] * len(lines), first=True)
    sent = monotonic()
    for batch, batch_plain, batch_offsets in render_body(post.body, width, styles):
        if cancelled():
            return
        pending.lines.extend(batch)
        pending.plain.extend(batch_plain)
        pending.offsets.extend(batch_offsets)
        if pending.first or monotonic() - sent > BATCH_EVERY:
            yield pending
            pending, sent = Batch(), monotonic()
    if not cancelled():
        pending.last = True
        yield pending
