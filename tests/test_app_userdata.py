"""Pilot tests: notes, the Bookmarks list, reading positions, and files that
cannot be written, on a small store with the real index."""

from __future__ import annotations

import tomllib
from pathlib import Path

from app_stores import POSTS, StorePost, article_text, recording_app, settle, write_store
from conftest import SIZE
from textual.widgets import Input

from reader.tui.app import ReaderApp
from reader.tui.screens.prompt import PromptScreen
from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import MISSING_TEXT, PostList
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.paths import config_dir, store_key


def bookmarks_file() -> list[dict]:  # type: ignore[type-arg]
    path = config_dir() / "bookmarks.toml"
    if not path.exists():
        return []
    return tomllib.loads(path.read_text(encoding="utf-8")).get("bookmarks", [])  # type: ignore[no-any-return]


def listed(app: ReaderApp) -> list[str]:
    return [row.id for row in app.screen.query_one(PostList).selection.rows]


async def test_e_edits_a_note_that_shows_in_the_header_and_the_file(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")  # from the article pane
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"read again", "enter")
        await settle(pilot)
        assert [(b["post_id"], b.get("note")) for b in bookmarks_file()] == [
            ("quiet-leaders", "read again")
        ]
        assert "Note: read again" in article_text(app)
        assert app.screen.query_one(PostList).marks.bookmarked == {"quiet-leaders"}
        # The prompt opens with the note; Escape changes nothing.
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one("#prompt-input", Input).value == "read again"
        await pilot.press(*" later", "escape")
        await settle(pilot)
        assert bookmarks_file()[0]["note"] == "read again"
        # An empty note clears the note and keeps the bookmark.
        await pilot.press("e", "ctrl+u", "enter")
        await settle(pilot)
        assert [(b["post_id"], b.get("note")) for b in bookmarks_file()] == [
            ("quiet-leaders", None)
        ]
        assert "Note:" not in article_text(app)


async def test_the_bookmarks_list_is_by_date_saved_and_shows_missing_posts(store: Path) -> None:
    key = store_key(store)
    config_dir().mkdir(parents=True, exist_ok=True)
    entries = [
        ("quiet-leaders", "Quiet leaders", "2024-05-01T09:00:00Z"),
        ("gone-post", "A vanished post", "2024-05-04T09:00:00Z"),
        ("funding-futures", "Funding futures", "2024-05-02T09:00:00Z"),
        ("politics-of-giving", "The politics of giving", "2024-05-03T09:00:00Z"),
    ]
    text = "version = 1\n" + "".join(
        f'\n[[bookmarks]]\nstore = "{key}"\npost_id = "{post}"\n'
        f'title = "{title}"\nadded = {added}\n'
        for post, title, added in entries
    )
    (config_dir() / "bookmarks.toml").write_text(text, encoding="utf-8")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.data.bookmarked_total == 3  # posts in the store
        sidebar.focus()
        sidebar.move_cursor(1)
        await pilot.press("enter")
        await settle(pilot)
        # Newest saved first, not by the posts' dates.
        assert listed(app) == [
            "gone-post",
            "politics-of-giving",
            "funding-futures",
            "quiet-leaders",
        ]
        posts = app.screen.query_one(PostList)
        assert posts.border_title == "Posts · by date saved"
        first = posts.render_line(0).text
        assert "A vanished post" in first and MISSING_TEXT in first
        posts.focus()
        posts.move_cursor(0)
        await settle(pilot)
        assert "A vanished post” is no longer in the store" in article_text(app)
        # b on the missing row removes its bookmark.
        await pilot.press("b")
        await settle(pilot)
        assert [b["post_id"] for b in bookmarks_file()] == [
            "quiet-leaders",
            "funding-futures",
            "politics-of-giving",
        ]
        assert listed(app) == ["politics-of-giving", "funding-futures", "quiet-leaders"]


async def test_reopening_a_post_restores_where_the_reader_left_it(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {n} of a long read." for n in range(200))
    posts = [*POSTS, StorePost("long", "A long read", "2030-01-01", (), body)]
    store = write_store(tmp_path / "posts", posts)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        await pilot.press("enter", "pagedown", "pagedown", "pagedown")
        await settle(pilot)
        left_at = round(article.scroll_y)
        assert left_at > 50
        await pilot.press("escape", "j")  # another post: the place is saved
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "quiet-leaders"
        assert article.scroll_y == 0
        await pilot.press("k")
        await settle(pilot)
        assert round(article.scroll_y) == left_at
    # And in the next session.
    again = ReaderApp(store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = again.screen.query_one(Article)
        assert article.data.post is not None and article.data.post.id == "long"
        assert round(article.scroll_y) == left_at


async def test_a_bookmarks_file_from_a_newer_reader_is_reported_not_a_crash(store: Path) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "bookmarks.toml").write_text("version = 99\n", encoding="utf-8")
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert app.is_running
        assert any(message.startswith("Bookmark not saved") for message in app.messages)
        assert (config_dir() / "bookmarks.toml").read_text(encoding="utf-8") == "version = 99\n"


async def test_a_damaged_bookmarks_file_is_set_aside_with_a_notification(store: Path) -> None:
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "bookmarks.toml").write_text("this is [not toml\n", encoding="utf-8")
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("bookmarks.toml" in message for message in app.messages)
        await pilot.press("b")
        await settle(pilot)
        assert [b["post_id"] for b in bookmarks_file()] == ["quiet-leaders"]
