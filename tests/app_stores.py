"""Small stores and helpers for the app's Pilot, snapshot and end-to-end tests."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from reader.model import Post
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen


@dataclass(frozen=True)
class StorePost:
    id: str
    title: str
    date: str
    tags: tuple[str, ...] = ()
    body: str = "A paragraph of text."
    authors: tuple[str, ...] = ()
    updated: str | None = None
    title_source: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# Tag counts: leadership 4, change 3, funding 2, politics 1, value 1.
POSTS = (
    StorePost(
        "generous-leadership",
        "Generous leadership",
        "2016-09-13",
        ("leadership", "change", "value"),
        "Dawn Austwick is Chief Executive of Big Lottery Fund.\n\n"
        "Generous leadership means sharing power.\n\n- give away credit\n- listen first\n",
        authors=("Dawn Austwick",),
        updated="2020-12-07",
        extra={"permalink": "https://example.org/generous-leadership"},
    ),
    StorePost(
        "funding-futures",
        "Funding futures",
        "2017-02-14",
        ("funding", "leadership"),
        "Money follows trust. Funding is a relationship, not a transaction.\n",
    ),
    StorePost(
        "change-from-within",
        "Change from within",
        "2018-05-01",
        ("change", "leadership"),
        "Organisations change when their people do.\n",
        title_source="quoted-phrase",
    ),
    StorePost(
        "politics-of-giving",
        "The politics of giving",
        "2015-11-20",
        ("politics", "funding"),
        "Giving is never neutral. Funding shapes what gets done.\n",
    ),
    StorePost(
        "quiet-leaders",
        "Quiet leaders",
        "2019-03-08",
        ("leadership", "change"),
        "The quiet ones often lead best.\n",
    ),
)


def post(post_id: str, title: str, day: int, tags: tuple[str, ...] = (), body: str = "") -> Post:
    """A post of January 2020 held in memory, for catalogs the tests build."""
    return Post(
        id=post_id,
        path=f"{post_id}.md",
        title=title,
        date=dt.date(2020, 1, day),
        tags=tags,
        body=body or f"About {title}.",
    )


def toml_string(text: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes (\uXXXX included).
    return json.dumps(text, ensure_ascii=True)


def post_file(post: StorePost) -> str:
    lines = ["+++", f"title = {toml_string(post.title)}", f"date = {post.date}"]
    if post.updated:
        lines.append(f"updated = {post.updated}")
    if post.authors:
        lines.append(f"authors = [{', '.join(toml_string(a) for a in post.authors)}]")
    lines.append(f"tags = [{', '.join(toml_string(t) for t in post.tags)}]")
    extra = dict(post.extra)
    if post.title_source:
        extra["title_source"] = post.title_source
    if extra:
        lines.append("")
        lines.append("[extra]")
        lines.extend(f"{key} = {toml_string(value)}" for key, value in extra.items())
    lines += ["+++", "", post.body]
    return "\n".join(lines)


def write_store(folder: Path, posts: Iterable[StorePost] = POSTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        (folder / f"{post.id}.md").write_text(post_file(post), encoding="utf-8")
    return folder


async def settle(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Wait until every worker is done and the screen has caught up."""
    from reader.tui.watching import GROUP as FOLLOWING

    app = pilot.app
    quiet = 0
    while quiet < rounds:
        await pilot.pause()
        # The store's follower runs until the app ends: it is never "done".
        for worker in [worker for worker in app.workers if worker.group != FOLLOWING]:
            # A worker replaced by a newer one of its group (the next article)
            # is cancelled: that is the app working, not a failure.
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        busy = any(not w.is_finished for w in app.workers if w.group != FOLLOWING)
        # A search waits on a timer for the next keystroke before its worker starts.
        busy = busy or bool(getattr(app.screen, "query_pending", False))
        quiet = 0 if busy else quiet + 1


class RecordingApp(ReaderApp):
    """A ReaderApp that keeps the text of every notification in `.messages`."""

    def __init__(self, root: Path, **options: Any) -> None:
        super().__init__(root, **options)
        self.messages: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:
        self.messages.append(message)
        super().notify(message, **kwargs)


def recording_app(root: Path, **options: Any) -> RecordingApp:
    """A ReaderApp that keeps the text of every notification in `.messages`."""
    return RecordingApp(root, **options)


def main_screen(app: ReaderApp) -> MainScreen:
    """The app's main screen (the test fails if another screen is on top)."""
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def type_fast(app: ReaderApp, *keys: str) -> None:
    """Send keys the way a fast typist or `tmux send-keys` does: all at once,
    with no pause for the app to handle one before the next arrives."""
    from textual import events

    driver = app._driver
    assert driver is not None
    for key in keys:
        char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


def article_text(app: ReaderApp) -> str:
    from reader.tui.widgets.article import Article

    return "\n".join(app.screen.query_one(Article).plain_lines())
