"""What the article pane shows for a post id: the post read from its file, or why not.

Reading blocks (the post's file, the saved reading position), so the
screen runs `read_article` in a thread. No widgets here.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.catalog import Catalog, CatalogError
from reader.model import Post, display_date
from reader.tui.userstate import FAILURES, UserState
from reader.userdata.bookmarks import Bookmark


def read_article(
    catalog: Catalog, user: UserState | None, post_id: str, searching: bool
) -> tuple[Post | None, float | None, str]:
    """The post, where to scroll it (None: the top), and what to say when there is no post.

    A post opened from a search starts at the top, at its first match.
    """
    try:
        post = catalog.post(post_id)
    except (OSError, CatalogError) as error:
        return None, None, f"This post could not be read: {error}"
    if post is None:
        return None, None, "This post is no longer in the store."
    try:
        scroll = user.scroll(post_id) if user is not None and not searching else None
    except FAILURES:
        scroll = None  # Only a convenience: start at the top.
    return post, scroll, ""


def missing_text(bookmarks: Sequence[Bookmark], post_id: str) -> str:
    """What the article says of a bookmarked post whose file has gone."""
    for mark in bookmarks:
        if mark.post_id == post_id:
            saved = display_date(mark.added.date())
            return (
                f"“{mark.title}” is no longer in the store.\n"
                f"You bookmarked it on {saved}; b removes the bookmark."
            )
    return "This post is no longer in the store."
