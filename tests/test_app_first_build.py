"""A first build lists the posts indexed so far, long before it ends.

The build commits its posts in batches through its own connection; the app
lists what is committed every little while (`opening.Partials`), keeps the
first row on the newest post, says the build's progress beside the counts,
and starts live reload only once the build is done."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_stores import StorePost, settle, write_store
from conftest import SIZE

import reader.index.build
from reader.tui import loading
from reader.tui.app import ReaderApp
from reader.tui.screens import opening
from reader.tui.screens.main import MainScreen
from reader.tui.screens.reports import StoreOpened
from reader.tui.widgets.post_list import PostList

POSTS = 40


def _store(root: Path) -> Path:
    # Walked oldest first (the names sort by date): the newest are indexed last.
    posts = [
        StorePost(f"p{n:02d}", f"Post {n}", f"2020-01-{n % 28 + 1:02d}", ("common",))
        for n in range(POSTS)
    ]
    posts = [
        StorePost(f"{post.date}-{post.id}", post.title, post.date, post.tags) for post in posts
    ]
    return write_store(root, posts)


@pytest.fixture
def openings(monkeypatch: pytest.MonkeyPatch) -> list[StoreOpened]:
    """Every store opening the opener makes (the first listing and whether a build goes on)."""
    seen: list[StoreOpened] = []
    original = opening.StoreOpener._opened

    def recording(*args: object, **kwargs: object) -> StoreOpened:
        opened = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(opened)
        return opened

    monkeypatch.setattr(opening.StoreOpener, "_opened", staticmethod(recording))
    return seen


async def test_the_list_shows_the_posts_indexed_so_far_during_a_first_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, openings: list[StoreOpened]
) -> None:
    monkeypatch.setattr(reader.index.build, "_CHUNK", 4)
    monkeypatch.setattr(reader.index.build, "_BATCH", 8)
    monkeypatch.setattr(opening, "FIRST_PARTIAL", 0.0)
    monkeypatch.setattr(opening, "PARTIAL_EVERY", 0.0)
    store = _store(tmp_path / "store")
    app = ReaderApp(store, loader=loading.IndexLoader(store))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        posts = screen.query_one(PostList)
        # The store opened while it was being built, with part of its posts.
        # (An opening before the first batch was committed lists nothing and is not posted.)
        so_far = [len(o.listing.selection.rows) for o in openings if o.building]
        so_far = [rows for rows in so_far if rows]
        assert so_far and so_far[0] < POSTS
        assert len(posts.selection.rows) == POSTS
        # The first row is the newest post of the whole store, not the one it held before.
        assert posts.cursor == 0 and posts.highlighted_id == "2020-01-28-p27"
        assert screen.build_status == "" and "Indexing" not in str(screen.sub_title)
        assert screen.follower._started


async def test_a_build_done_before_the_first_listing_opens_the_store_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, openings: list[StoreOpened]
) -> None:
    monkeypatch.setattr(opening, "FIRST_PARTIAL", 600.0)
    store = _store(tmp_path / "store")
    app = ReaderApp(store, loader=loading.IndexLoader(store))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [o.building for o in openings] == [False]
        assert len(app.screen.query_one(PostList).selection.rows) == POSTS
