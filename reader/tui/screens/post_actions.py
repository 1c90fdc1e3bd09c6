"""What the keys that act on one post do: bookmark (b), note (e), open link (o), edit file (E).

Each is a function of what it needs, passed in by the screen: the post in
view, the user's data as shown, the catalog, and `apply`, which starts a
`UserChange`. They return what came of it (a report, a line for the user)
and never reach into the screen, which stays the one owner of the view's
state. The post in view is the article's while the user reads it, else the
one under the list's cursor at the moment of the key (the `Highlighted`
message from a fast `j` may not have been handled yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.message import Message

from reader.catalog import Catalog, CatalogError
from reader.model import Post
from reader.tui import changes
from reader.tui.changes import UserChange
from reader.tui.screens import asking
from reader.tui.screens.reports import Failed, Notice
from reader.tui.terminal import editor_command, open_post, run_suspended
from reader.tui.userstate import UserView
from reader.tui.widgets.post_list import PostList


@dataclass(frozen=True, slots=True)
class PostRef:
    """The post a key acts on: its id, and its title for the messages."""

    id: str
    title: str


def post_in_view(shown: Post | None, reading: bool, posts: PostList) -> PostRef | None:
    """The post b, e, o and E act on: `shown` (the article's) while `reading`,
    else the one under the list's cursor now."""
    if shown is not None and reading:
        return PostRef(shown.id, shown.title)
    post_id = posts.highlighted_id
    if post_id is None:
        return None
    if shown is not None and shown.id == post_id:
        return PostRef(post_id, shown.title)
    rows = posts.selection.rows
    if 0 <= posts.cursor < len(rows) and rows[posts.cursor].id == post_id:
        return PostRef(post_id, rows[posts.cursor].title)
    return PostRef(post_id, post_id)


def bookmark(
    app: App[object],
    post: PostRef,
    view: UserView,
    bookmarked: bool,
    apply: Callable[[UserChange], object],
) -> None:
    """`b`: bookmark the post, or remove the bookmark; one with a note asks first."""
    note = view.note(post.id) if bookmarked else None
    toggle = changes.toggle_bookmark(post.id, post.title)
    if not note:
        apply(toggle)
        return

    def decided(answer: str | None) -> None:
        if answer == "remove":
            apply(toggle)

    app.push_screen(asking.remove_bookmark_question(post.title, note), decided)


def edit_note(
    app: App[object], post: PostRef, view: UserView, apply: Callable[[UserChange], object]
) -> None:
    """`e`: ask for the note on the post, then save it."""

    def save(note: str | None) -> None:
        if note is not None:
            apply(changes.set_note(post.id, post.title, note))

    app.push_screen(asking.note_prompt(post.title, view.note(post.id)), save)


def open_link(app: App[object], catalog: Catalog, post_id: str, root: Path) -> Message | None:
    """`o` (blocks: call it from a thread worker): open the post's link or file.

    Returns the report to show; None when the post is gone (the screen rings the bell).
    """
    try:
        post = catalog.post(post_id)
    except (OSError, CatalogError) as error:
        return Failed(f"This post could not be read: {error}")
    if post is None:
        return None
    message, severity = open_post(app, post, root)
    return Notice(message, severity)


def edit_file(app: App[object], post: Post, root: Path) -> str | None:
    """`E` (on the UI thread, which waits): edit the post's file in $VISUAL or $EDITOR.

    Returns what went wrong, in a line, if anything did.
    """
    path = root / post.path
    problem = run_suspended(app, editor_command(path))
    return None if problem is None else f"{path}: {problem}"
