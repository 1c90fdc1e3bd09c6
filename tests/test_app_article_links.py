"""Following a post's links (`L`): to another post of the store and back, or to the opener;
and the outline (`T`), which jumps to a heading."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_stores import POSTS, StorePost, main_screen, recording_app, settle, write_store
from conftest import SIZE
from textual.pilot import Pilot

from reader.model import PostSummary
from reader.tui.app import ReaderApp
from reader.tui.link_resolve import LinkIndex
from reader.tui.screens.pick import PickScreen
from reader.tui.widgets.article import Article

LINKING = StorePost(
    "linking",
    "A post that links",
    "2031-01-01",
    ("links",),
    "Read [the funding post](funding-futures.md), or [[Change from within]].\n\n"
    "Or [the permalink](https://example.org/generous-leadership/), or "
    "[somewhere else](https://example.com/elsewhere), or [a file](ftp://example.com/file).\n",
)


def _article(app: ReaderApp) -> Article:
    return app.screen.query_one(Article)


async def _follow(pilot: Pilot[None], app: ReaderApp, number: int) -> None:
    """`L`, then Enter on the `number`-th link."""
    await pilot.press("L")
    await settle(pilot)
    assert isinstance(app.screen, PickScreen)
    await pilot.press(*["down"] * (number - 1), "enter")
    await settle(pilot)


async def test_a_link_to_another_post_opens_it_and_backspace_and_brackets_go_back_and_forth(
    tmp_path: Path,
) -> None:
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, LINKING]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = _article(app)
        assert article.data.post is not None and article.data.post.id == "linking"
        article.focus()
        await _follow(pilot, app, 1)
        assert article.data.post is not None and article.data.post.id == "funding-futures"
        assert app.focused is article  # still reading
        await pilot.press("backspace")
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "linking"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "funding-futures"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "linking"
        # A wikilink, and the full permalink of a post, are the store's too.
        await _follow(pilot, app, 2)
        assert article.data.post is not None and article.data.post.id == "change-from-within"
        await pilot.press("backspace")
        await settle(pilot)
        await _follow(pilot, app, 3)
        assert article.data.post is not None and article.data.post.id == "generous-leadership"


async def test_a_link_out_of_the_store_goes_to_the_opener_and_an_ftp_link_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROWSER", "true")
    app = recording_app(write_store(tmp_path / "posts", [*POSTS, LINKING]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _article(app).focus()
        await _follow(pilot, app, 4)
        assert "Opening https://example.com/elsewhere" in app.messages
        await _follow(pilot, app, 5)
        assert any(m.startswith("Not opened: ftp://example.com/file") for m in app.messages)
        shown = main_screen(app).article_data.post
        assert shown is not None and shown.id == "linking"


def test_links_resolve_by_path_site_path_wikilink_and_permalink() -> None:
    posts = [
        PostSummary(id="2019/other", path="2019/other.md", title="Other"),
        PostSummary(id="notes/Big Idea", path="notes/Big Idea.md", title="Big"),
        PostSummary(id="2020/bundle", path="2020/bundle/index.md", title="Bundle"),
    ]
    index = LinkIndex(posts)
    here = "2020/post.md"
    assert index.resolve("../2019/other.md#part", here) == "2019/other"
    assert index.resolve("/2019/other.md", here) == "2019/other"
    assert index.resolve("/blog/other/", here) == "2019/other"
    assert index.resolve("Big%20Idea", here) == "notes/Big Idea"
    assert index.resolve("notes/Big Idea#Part", here) == "notes/Big Idea"
    assert index.resolve("/blog/bundle", here) == "2020/bundle"
    assert index.resolve("#local", here) is None
    assert index.resolve("missing.md", here) is None
    links = {"2019/other": "https://site.org/2019/other/"}
    assert index.resolve("http://www.site.org/2019/other", here, links.get) == "2019/other"
    assert index.resolve("https://elsewhere.org/2019/other", here, links.get) is None


async def test_the_outline_jumps_to_a_heading(tmp_path: Path) -> None:
    sections = "\n\n".join(f"## Part {n}\n\n" + "Words of the part. " * 60 for n in range(1, 9))
    long_post = StorePost("outlined", "An outlined post", "2031-01-01", ("x",), sections)
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, long_post]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = _article(app)
        article.focus()
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "down", "down", "down", "enter")
        await settle(pilot)
        part5 = next(h for h in article.headings if h.text == "Part 5")
        assert round(article.scroll_y) == part5.line
        assert article.plain_lines()[round(article.scroll_y)].strip() == "Part 5"
