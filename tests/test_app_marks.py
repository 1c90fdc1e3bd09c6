"""Pilot tests: bookmarks, read state, help, the keymap, the theme, quitting."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

from app_stores import recording_app, settle
from conftest import SIZE
from rich.console import Console

from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.post_list import BOOKMARK_MARK, PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.config import Config, config_path, load_config
from reader.userdata.paths import config_dir, store_key


def bookmarks_file() -> dict:  # type: ignore[type-arg]
    path = config_dir() / "bookmarks.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


async def test_b_bookmarks_the_highlighted_post_and_the_mark_appears(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert BOOKMARK_MARK not in posts.render_line(0).text
        await pilot.press("b")
        await settle(pilot)
        saved = bookmarks_file()["bookmarks"]
        assert [(b["store"], b["post_id"], b["title"]) for b in saved] == [
            (store_key(store), "quiet-leaders", "Quiet leaders")
        ]
        assert BOOKMARK_MARK in posts.render_line(0).text
        assert BOOKMARK_MARK not in posts.render_line(1).text
        assert app.screen.query_one(Sidebar).data.bookmarked_total == 1
        # The Bookmarks entry lists only bookmarked posts.
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.move_cursor(1)
        await pilot.press("enter")
        await settle(pilot)
        assert [row.id for row in posts.selection.rows] == ["quiet-leaders"]
        # b again removes it.
        posts.focus()
        await pilot.press("b")
        await settle(pilot)
        assert bookmarks_file().get("bookmarks", []) == []
        assert [row.id for row in posts.selection.rows] == []


async def test_bookmarks_made_elsewhere_show_when_the_app_opens(store: Path) -> None:
    from reader.userdata.bookmarks import BookmarkFile

    BookmarkFile().add(store_key(store), "funding-futures", "Funding futures")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        ids = [row.id for row in posts.selection.rows]
        row = posts.render_line(ids.index("funding-futures")).text
        assert BOOKMARK_MARK in row


async def test_enter_marks_a_post_read(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert posts.marks.read == frozenset()
        unread = posts.render_line(0)
        await pilot.press("enter")
        await settle(pilot)
        assert posts.marks.read == {"quiet-leaders"}
        assert posts.render_line(0) != unread  # styled as read
    # Remembered for the next time.
    again = ReaderApp(store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.screen.query_one(PostList).marks.read == {"quiet-leaders"}


async def test_question_mark_shows_every_key_and_remapped_keys(store: Path) -> None:
    config = Config(keys={"bookmark": "f", "sort": "S,ctrl+s", "nonsense": "z"})
    app = recording_app(store, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = {
            row.binding_id: row.keys for _title, section in app.key_sections() for row in section
        }
        assert rows["bookmark"] == ("f",)
        assert rows["sort"] == ("S", "ctrl+s")
        assert rows["quit"] == ("q", "ctrl+q") or rows["quit"] == ("q",)
        for binding_id in ("search", "open_link", "toggle_tags", "tag_mode", "help", "down"):
            assert binding_id in rows
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.table())
        shown = console.export_text()
        bookmark_line = next(line for line in shown.splitlines() if "Bookmark" in line)
        assert bookmark_line.split()[0] == "f" and bookmark_line.split()[-1] == "bookmark"
        assert "Exclude value" in shown and "Page down" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        # The remapped key works, and the unknown id was reported.
        await pilot.press("f")
        await settle(pilot)
        assert app.screen.query_one(PostList).marks.bookmarked == {"quiet-leaders"}
        assert any("nonsense" in message for message in app.messages)
        # `sort` took Ctrl+S from `save_search`: the user is told.
        assert "config.toml [keys]: 'ctrl+s' is bound to both sort and save_search" in app.messages
        assert not any("'f'" in message for message in app.messages)


async def test_q_quits(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_q_in_the_search_box_is_typed_not_quit(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one("#search", SearchBox).value == "q"


async def test_the_theme_comes_from_config_and_a_new_choice_is_saved(store: Path) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('version = 1\ntheme = "nord"\n', encoding="utf-8")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.theme = "gruvbox"
        await settle(pilot)
    assert load_config().theme == "gruvbox"
