"""The app on the search index: warm starts, refreshes, first builds, big lists."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from app_stores import POSTS, StorePost, main_screen, settle, write_store
from conftest import SIZE

import reader.store
from reader.index import open_catalog
from reader.index.queries import IndexQueries
from reader.tui.app import ReaderApp
from reader.tui.listing import Listing
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import Sidebar


def listed(app: ReaderApp) -> list[str]:
    return [row.id for row in app.screen.query_one(PostList).selection.rows]


async def test_a_warm_start_paints_from_the_index_without_parsing_the_store(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, _ = open_catalog(store)
    catalog.close()
    parsed: list[str] = []
    original = reader.store.parse_post

    def counting(data: bytes, rel_path: str):  # type: ignore[no-untyped-def]
        parsed.append(rel_path)
        return original(data, rel_path)

    def no_load(root: Path) -> None:
        raise AssertionError("the whole store was read")

    monkeypatch.setattr(reader.store, "parse_post", counting)
    monkeypatch.setattr(reader.store, "load_store", no_load)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(listed(app)) == 5
        assert "Quiet leaders" in app.screen.query_one(PostList).render_line(0).text
        assert dict(app.screen.query_one(Sidebar).data.tags)["leadership"] == 4
    # Only the post shown in the article was read from its file.
    assert set(parsed) <= {"quiet-leaders.md"}


async def test_the_refresh_after_a_warm_start_picks_up_a_new_file(store: Path) -> None:
    catalog, _ = open_catalog(store)
    catalog.close()
    write_store(store, [StorePost("new-post", "A new post", "2024-01-01", ("fresh",))])
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert listed(app)[0] == "new-post"
        assert len(listed(app)) == 6
        assert dict(app.screen.query_one(Sidebar).data.tags)["fresh"] == 1
        assert app.screen.sub_title == "6 of 6 posts"
        # The command palette lists what the refresh found, not what the start saw.
        palette = main_screen(app).palette
        assert ("fresh", 1) in palette.tags
        assert "A new post" in [row.title for row in await palette.posts()]


async def test_the_first_start_builds_the_index_with_progress(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    original = MainScreen.set_status

    def recording(self: MainScreen, text: str) -> None:
        shown.append(text)
        original(self, text)

    monkeypatch.setattr(MainScreen, "set_status", recording)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(listed(app)) == 5
        assert "Indexing 5 of 5 posts…" in shown
        # Before any row arrives, the list says what is happening.
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.listing = Listing(status="Indexing 4,210 of 100,000 posts…")
        await pilot.pause()
        posts = screen.query_one(PostList)
        assert "Indexing 4,210 of 100,000 posts…" in posts.render_line(0).text


async def test_a_big_list_reads_rows_in_workers_and_draws_only_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = [
        StorePost(f"p{n:04d}", f"Post number {n}", f"20{n % 20 + 1:02d}-01-01", (f"t{n % 5}",))
        for n in range(1500)
    ]
    store = write_store(tmp_path / "posts", posts)
    catalog, _ = open_catalog(store)
    catalog.close()
    on_ui_thread: list[int] = []
    original = IndexQueries.summaries

    def recording(self: IndexQueries, rowids):  # type: ignore[no-untyped-def]
        if threading.current_thread() is threading.main_thread():
            on_ui_thread.append(len(rowids))
        return original(self, rowids)

    monkeypatch.setattr(IndexQueries, "summaries", recording)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(PostList).selection.rows) == 1500
        assert on_ui_thread == [], "the first screen was read ahead in a worker"
        post_list = app.screen.query_one(PostList)
        post_list.focus()
        await pilot.press("G")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        # A jump past the rows read ahead reads its page in a worker too.
        assert on_ui_thread == []
        last = post_list.selection.rows[-1]
        assert post_list.highlighted_id == last.id
        shown = [post_list.render_line(y).text for y in range(post_list.size.height)]
        assert any(last.title in line for line in shown)
        assert not any(line.strip() == "…" for line in shown)
        # A tag switch keeps the UI thread out of SQLite as well.
        on_ui_thread.clear()
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.move_cursor(sidebar.index_of_tag("t3"))
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen.query_one(PostList).selection.rows) == 300
        assert on_ui_thread == []


async def test_the_sample_posts_open_through_the_index(tmp_path: Path) -> None:
    app = ReaderApp(write_store(tmp_path / "posts", POSTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert isinstance(screen.catalog, IndexQueries)


async def test_without_a_usable_cache_folder_the_index_is_kept_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app_stores import recording_app

    from reader.tui.widgets.post_list import PostList

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    app = recording_app(write_store(tmp_path / "posts", POSTS))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("kept in memory" in message for message in app.messages)
        post_list = app.screen.query_one(PostList)
        assert len(post_list.selection.rows) == len(POSTS)
        # The search language works as with the index on disk.
        await pilot.press("slash", *"tag:politics")
        await settle(pilot)
        assert [row.id for row in post_list.selection.rows] == ["politics-of-giving"]
