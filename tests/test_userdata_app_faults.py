"""Pilot test: an unusable reading state neither hides nor deletes bookmarks."""

from __future__ import annotations

import tomllib

from app_stores import recording_app, settle, write_store

from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.bookmarks import BookmarkFile, bookmarks_path
from reader.userdata.paths import store_key
from reader.userdata.readstate import readstate_path

SIZE = (120, 40)


def saved_notes() -> list[tuple[str, str | None]]:
    document = tomllib.loads(bookmarks_path().read_text(encoding="utf-8"))
    return [(entry["post_id"], entry.get("note")) for entry in document.get("bookmarks", [])]


async def test_bookmarks_show_and_b_acts_as_shown_without_a_reading_state(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = write_store(tmp_path / "posts")
    BookmarkFile().add(store_key(store), "quiet-leaders", "Quiet leaders", note="my note")
    readstate_path().mkdir(parents=True)  # a folder where state.sqlite3 belongs
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert app.screen.query_one(Sidebar).data.bookmarked_total == 1
        assert posts.marks.bookmarked == {"quiet-leaders"}
        assert "★" in posts.render_line(0).text
        problems = [message for message in app.messages if str(readstate_path()) in message]
        assert len(problems) == 1
        # b on the bookmarked post removes it, as the ★ said it would (its note
        # makes the app ask first; `r` confirms).
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert saved_notes() == []
        assert "Bookmark removed: Quiet leaders" in app.messages
        assert posts.marks.bookmarked == frozenset()
        await pilot.press("b")
        await settle(pilot)
        assert [post for post, _ in saved_notes()] == ["quiet-leaders"]
        assert posts.marks.bookmarked == {"quiet-leaders"}
        assert not [message for message in app.messages if "not saved" in message]
        assert len([m for m in app.messages if str(readstate_path()) in m]) == 1
