"""Keys that arrive faster than the app handles them act on what the user saw.

`tmux send-keys j j b` once bookmarked the first post instead of the third,
and "query, Enter, b" typed a b into the search box: these tests send keys
in one burst, the way a fast typist does.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from app_stores import main_screen, settle, type_fast
from conftest import SIZE

from reader.tui.app import ReaderApp
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.paths import config_dir


def bookmarked_ids() -> list[str]:
    path = config_dir() / "bookmarks.toml"
    if not path.exists():
        return []
    return [b["post_id"] for b in tomllib.loads(path.read_text("utf-8")).get("bookmarks", [])]


async def test_j_j_b_in_one_burst_bookmarks_the_third_post(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_fast(app, "j", "j", "b")
        await settle(pilot)
        # Newest first: quiet-leaders, change-from-within, funding-futures.
        assert bookmarked_ids() == ["funding-futures"]
        assert app.screen.query_one(PostList).highlighted_id == "funding-futures"


async def test_j_e_in_one_burst_edits_the_note_of_the_second_post(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        type_fast(app, "j", "e")
        await settle(pilot)
        assert "Change from within" in str(app.screen.query_one("#prompt-body").border_title)


async def test_search_enter_b_in_one_burst_bookmarks_instead_of_typing(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quiet")
        await settle(pilot)
        type_fast(app, "enter", "b")
        await settle(pilot)
        assert app.screen.query_one(SearchBox).value == "quiet"
        assert isinstance(app.focused, PostList)
        assert bookmarked_ids() == ["quiet-leaders"]


async def test_space_j_space_in_one_burst_chooses_both_tags(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.move_cursor(sidebar.index_of_tag("leadership"))  # then change, below it
        await settle(pilot)
        type_fast(app, "space", "j", "space")
        await settle(pilot)
        assert main_screen(app).wanted.tags == ("leadership", "change")
        assert sorted(row.id for row in app.screen.query_one(PostList).selection.rows) == [
            "change-from-within",
            "generous-leadership",
            "quiet-leaders",
        ]
