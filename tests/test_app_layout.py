"""Pilot tests: narrow terminals, the mouse, big posts and big lists, bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app_stores import POSTS, StorePost, main_screen, recording_app, settle, write_store
from conftest import SIZE
from textual import events

from reader.catalog import MemoryCatalog
from reader.model import Post
from reader.store import load_store
from reader.tui.app import ReaderApp
from reader.tui.loading import MemoryLoader
from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import Sidebar

NARROW = (80, 30)


async def test_narrow_hides_the_sidebar_and_enter_escape_open_and_close(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        screen = app.screen
        posts, article, sidebar = (
            screen.query_one(PostList),
            screen.query_one(Article),
            screen.query_one(Sidebar),
        )
        assert not sidebar.display and not article.display and posts.display
        assert posts.size.width >= 70
        await pilot.press("j", "enter")
        await settle(pilot)
        assert article.display and not posts.display
        assert article.size.width >= 70, "the article takes the whole width"
        assert app.focused is article
        assert "Change from within" in article.plain_lines()[0]
        await pilot.press("escape")
        await settle(pilot)
        assert posts.display and not article.display
        assert app.focused is posts
        assert posts.highlighted_id == "change-from-within"


async def test_narrow_t_shows_and_hides_the_tags(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        await pilot.press("t")
        await settle(pilot)
        assert sidebar.display and app.focused is sidebar
        await pilot.press("t")
        await settle(pilot)
        assert not sidebar.display and app.focused is app.screen.query_one(PostList)


async def test_wide_t_hides_the_tags_and_enter_focuses_the_article(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(Sidebar).display and screen.query_one(Article).display
        await pilot.press("enter")
        assert screen.query_one(Article).has_focus
        await pilot.press("escape")
        assert screen.query_one(PostList).has_focus
        await pilot.press("t")
        await settle(pilot)
        assert not screen.query_one(Sidebar).display


async def test_tab_moves_between_panes(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused).__name__)
        assert set(seen) == {"SearchBox", "Sidebar", "PostList", "Article"}
        await pilot.press("shift+tab")
        assert type(app.focused).__name__ == seen[-2]


async def test_a_click_selects_a_post_and_the_sidebar_chooses_a_tag(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        await pilot.click(posts, offset=(10, 3))  # border row, then rows 0, 1, 2
        await settle(pilot)
        assert posts.highlighted_id == "funding-futures"
        assert "Funding futures" in app.screen.query_one(Article).plain_lines()[0]
        sidebar = app.screen.query_one(Sidebar)
        # border, All, Bookmarks, the Tags heading, leadership, change
        await pilot.click(sidebar, offset=(5, 5))
        await settle(pilot)
        assert main_screen(app).sidebar_data.wanted.tags == ("change",)


async def test_files_that_cannot_be_read_give_one_notification(store: Path) -> None:
    (store / "broken.md").write_text('+++\ntitle = "unterminated\n+++\n', encoding="utf-8")
    (store / "broken2.md").write_bytes(b"+++\ntitle = 3 = 4\n+++\nbody")
    contents = load_store(store)
    assert len(contents.problems) >= 2
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(PostList).selection.rows) == len(contents.posts)
        assert [m for m in app.messages if "in the store" in m] == [
            f"{len(contents.problems)} problems in the store; Ctrl+P, Problems lists them."
        ]


def many_posts(count: int) -> list[Post]:
    start = dt.date(2000, 1, 1)
    return [
        Post(
            id=f"p{number:06d}",
            path=f"p{number:06d}.md",
            title=f"Generated post {number}",
            date=start + dt.timedelta(days=number % 9000),
            tags=(f"tag{number % 7}",),
            body="Short body.",
        )
        for number in range(count)
    ]


async def test_the_list_renders_only_the_visible_rows(tmp_path: Path) -> None:
    posts = many_posts(20_000)

    catalog = MemoryCatalog(posts)

    rendered: list[int] = []
    original = PostList.render_row

    def counting(self: PostList, index: int, width: int, is_cursor: bool):  # type: ignore[no-untyped-def]
        rendered.append(index)
        return original(self, index, width, is_cursor)

    PostList.render_row = counting  # type: ignore[method-assign]
    try:
        app = ReaderApp(tmp_path, loader=MemoryLoader(tmp_path, catalog))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            post_list = app.screen.query_one(PostList)
            assert len(post_list.selection.rows) == 20_000
            assert post_list.virtual_size.height == 20_000
            visible = post_list.scrollable_content_region.height
            assert rendered and max(rendered) < visible
            rendered.clear()
            await pilot.press("G")
            await settle(pilot)
            assert post_list.cursor == 19_999
            assert rendered and min(rendered) >= 20_000 - visible
            assert len(set(rendered)) <= visible
            # The wheel scrolls the list.
            post_list.action_first()
            await settle(pilot)
            for _ in range(3):
                post_list.post_message(
                    events.MouseScrollDown(post_list, 5, 5, 0, 1, 0, False, False, False)
                )
            await settle(pilot)
            assert post_list.scroll_y > 0
    finally:
        PostList.render_row = original  # type: ignore[method-assign]


async def test_a_2mb_post_shows_its_first_screen_and_then_all_of_it(tmp_path: Path) -> None:
    paragraph = "A long post keeps going, sentence after sentence, about leadership. " * 12
    body = "# Start of the big post\n\n" + "\n\n".join(
        f"{number}. paragraph: {paragraph}" if number % 50 else f"## Part {number}"
        for number in range(2_500)
    )
    assert len(body) > 2_000_000
    big = StorePost("big", "A very big post", "2031-01-01", ("big",), body)
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, big]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        assert article.complete
        lines = article.plain_lines()
        assert "A very big post" in lines[0]
        assert any("Start of the big post" in line for line in lines[:12])
        assert len(lines) > 20_000
        # The body ends with the note, before the footer (Linked from, Related).
        footer = [i for i, line in enumerate(lines) if line.strip() in ("Linked from", "Related")]
        end = footer[0] - 1 if footer else len(lines)
        assert any("plain text" in line for line in lines[end - 3 : end])
        await pilot.press("enter", "G")
        await pilot.pause()
        assert article.scroll_y > 20_000
