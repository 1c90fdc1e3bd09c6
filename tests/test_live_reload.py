"""Live reload: the app follows its store as files are added, changed and removed.

No test here is timed: each waits for its condition (up to a generous bound)
with the watcher's debounce made short, so a busy machine is slower, never wrong.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from app_stores import StorePost, article_text, main_screen, post_file, recording_app, settle
from conftest import SIZE
from textual.pilot import Pilot

from reader import store_watch
from reader.tui.app import ReaderApp
from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.config import Config

WAIT = 10.0
"""Seconds a condition may take: far more than the debounce and a refresh."""


@pytest.fixture(autouse=True)
def short_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_watch, "DEBOUNCE_MS", 50)


async def wait_until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Let the app run until `condition` holds; fail after `WAIT` seconds."""
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the app did not follow the store"
        await pilot.pause(0.05)


FAILING_WATCHER = """
import sys, watchfiles
def fail(*args, **kwargs):
    raise OSError("OS file watch limit reached")
watchfiles.watch = fail
from reader.store_watch_child import main
sys.exit(main(sys.argv[1:]))
"""


def failing_watcher(root: Path, debounce_ms: int) -> list[str]:
    """The watcher process, with watchfiles failing as it does at the inotify limit."""
    return [sys.executable, "-c", FAILING_WATCHER, str(root), str(debounce_ms)]


def listed(app: ReaderApp) -> list[str]:
    return [row.id for row in app.screen.query_one(PostList).selection.rows]


def write(store: Path, post: StorePost) -> None:
    (store / f"{post.id}.md").write_text(post_file(post), encoding="utf-8")


def tag_count(app: ReaderApp, tag: str) -> int:
    return dict(app.screen.query_one(Sidebar).data.tags).get(tag, 0)


async def test_a_post_written_while_the_app_is_open_appears_and_the_cursor_stays(
    store: Path,
) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        posts.focus()
        await pilot.press("j", "j")
        await settle(pilot)
        held = posts.highlighted_id
        assert held is not None and posts.cursor == 2
        # Newest of all: it is listed first, and every other row moves down one.
        write(store, StorePost("brand-new", "Brand new", "2030-01-01", ("fresh", "leadership")))
        await wait_until(pilot, lambda: "brand-new" in listed(app))
        await settle(pilot)
        assert listed(app)[0] == "brand-new"
        assert posts.highlighted_id == held, "the cursor stays on the same post"
        assert posts.cursor == 3
        assert tag_count(app, "fresh") == 1
        assert tag_count(app, "leadership") == 5
        assert app.screen.sub_title == "6 of 6 posts"


async def test_a_change_to_the_open_post_re_renders_it_where_the_reader_was(
    store: Path,
) -> None:
    paragraphs = "\n\n".join(f"Paragraph {n} of a long post." for n in range(120))
    long_post = StorePost("zz-long", "A long post", "2031-01-01", ("long",), paragraphs)
    write(store, long_post)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert listed(app)[0] == "zz-long"
        article = app.screen.query_one(Article)
        await wait_until(pilot, lambda: article.complete and article.line_count > 100)
        article.focus()
        for _ in range(30):
            await pilot.press("j")
        await settle(pilot)
        top = article.scroll_y
        assert top >= 20
        first_shown = article.plain_lines()[round(top)]
        write(store, StorePost(long_post.id, "A long post", "2031-01-01", ("long",),
                               paragraphs + "\n\nA paragraph added while reading."))  # fmt: skip
        await wait_until(pilot, lambda: "A paragraph added while reading." in article_text(app))
        await wait_until(pilot, lambda: article.complete)
        await settle(pilot)
        assert article.scroll_y == top, "the reading position is kept"
        assert article.plain_lines()[round(article.scroll_y)] == first_shown
        assert article.has_focus


async def test_a_removed_post_goes_the_cursor_takes_the_next_and_that_is_said(
    store: Path,
) -> None:
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        posts.focus()
        await pilot.press("j")
        await settle(pilot)
        before = listed(app)
        gone, after_it = before[1], before[2]
        await wait_until(pilot, lambda: shown_id(app) == gone)
        title = main_screen(app).article_data.post.title  # type: ignore[union-attr]
        (store / f"{gone}.md").unlink()
        await wait_until(pilot, lambda: gone not in listed(app))
        await wait_until(pilot, lambda: shown_id(app) == after_it)
        await settle(pilot)
        assert listed(app) == [before[0], *before[2:]]
        assert posts.highlighted_id == after_it and posts.cursor == 1, "the row after it"
        assert app.screen.sub_title == "4 of 4 posts"
        said = [m for m in app.messages if "no longer" in m]
        assert said == [f"“{title}” is no longer in the store."]


async def test_the_open_post_renamed_is_followed_to_its_new_name(store: Path) -> None:
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        posts.focus()
        await pilot.press("j")
        await settle(pilot)
        before = listed(app)
        moving = before[1]
        await wait_until(pilot, lambda: shown_id(app) == moving)
        title = main_screen(app).article_data.post.title  # type: ignore[union-attr]
        (store / f"{moving}.md").rename(store / "elsewhere.md")
        await wait_until(pilot, lambda: "elsewhere" in listed(app))
        await wait_until(pilot, lambda: shown_id(app) == "elsewhere")
        await settle(pilot)
        assert posts.highlighted_id == "elsewhere"
        assert moving not in listed(app) and len(listed(app)) == len(before)
        assert [m for m in app.messages if "moved" in m] == [f"“{title}” moved to elsewhere."]
        assert not [m for m in app.messages if "no longer" in m]


def shown_id(app: ReaderApp) -> str | None:
    post = main_screen(app).article_data.post
    return None if post is None else post.id


async def test_files_that_are_not_posts_wake_no_refresh(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshed: list[frozenset[str]] = []
    original = store_watch.follow

    def recording(root: Path, refresh: store_watch.Refresh, *args: Any, **kwargs: Any) -> None:
        def counted(paths: frozenset[str]) -> object:
            refreshed.append(paths)
            return refresh(paths)

        original(root, counted, *args, **kwargs)

    monkeypatch.setattr(store_watch, "follow", recording)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (store / ".quiet-leaders.md.swp").write_text("swap")
        (store / "quiet-leaders.md~").write_text("backup")
        (store / ".git").mkdir()
        (store / ".git" / "index.md").write_text("not a post")
        (store / ".a.md.1234abcd.tmp").write_text("an atomic write's temp file")
        (store / "notes.txt").write_text("not Markdown")
        # A post written last: once its refresh has come, the others would have too.
        write(store, StorePost("last-one", "Last one", "2030-01-01"))
        await wait_until(pilot, lambda: "last-one" in listed(app))
        assert refreshed and all(paths <= {"last-one.md"} for paths in refreshed)


async def test_watch_false_in_the_config_turns_it_off(store: Path) -> None:
    app = ReaderApp(store, config=Config(watch=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not any(worker.group == "follow" for worker in app.workers)
        assert len(listed(app)) == 5


async def test_without_notifications_the_store_is_checked_and_that_is_said_once(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_watch, "watcher_command", failing_watcher)
    monkeypatch.setattr(store_watch, "POLL_SECONDS", 0.1)
    checks: list[int] = []
    original_poll = store_watch.poll

    def counting_poll(refresh: store_watch.Refresh, *args: Any, **kwargs: Any) -> None:
        def counted(paths: frozenset[str]) -> object:
            checks.append(1)
            return refresh(paths)

        original_poll(counted, *args, **kwargs)

    monkeypatch.setattr(store_watch, "poll", counting_poll)
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        write(store, StorePost("polled-in", "Polled in", "2030-01-01", ("fresh",)))
        await wait_until(pilot, lambda: "polled-in" in listed(app))
        # Several checks later, the line is still said once.
        await wait_until(pilot, lambda: len(checks) >= 3)
        said = [m for m in app.messages if "cannot be watched" in m]
        assert said == [
            "The store cannot be watched (OS file watch limit reached):"
            " it is checked every 0.1 seconds."
        ]
        assert tag_count(app, "fresh") == 1


def test_a_refresh_that_keeps_failing_says_so_once_until_one_succeeds(tmp_path: Path) -> None:
    from reader.catalog import CatalogError
    from reader.tui.loading import MemoryLoader, Progress
    from reader.tui.screens.opening import StoreOpener
    from reader.tui.screens.reports import Failed

    outcomes: list[Exception | bool] = [
        CatalogError("disk I/O error"),
        CatalogError("disk I/O error"),
        True,
        CatalogError("disk I/O error"),
    ]

    class Flaky(MemoryLoader):
        def refresh(self, progress: Progress) -> bool:
            outcome = outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            return outcome

    posted: list[object] = []
    opener = StoreOpener(tmp_path, Flaky(tmp_path), posted.append)
    assert [opener.refresh() for _ in range(4)] == [False, False, True, False]
    said = [message.text for message in posted if isinstance(message, Failed)]
    assert said == ["The index was not updated: disk I/O error"] * 2
