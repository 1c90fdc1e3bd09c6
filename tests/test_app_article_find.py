"""Find in the post (`/` in the article, Ctrl+F anywhere) and the border that says where
the reader is in a long post."""

from __future__ import annotations

from pathlib import Path

from app_stores import POSTS, StorePost, main_screen, settle, write_store
from conftest import SIZE

from reader.render.document import Heading
from reader.tui.app import ReaderApp
from reader.tui.article_find import place_title
from reader.tui.screens.find import FindScreen
from reader.tui.widgets.article import Article
from reader.tui.widgets.search_box import SearchBox

BODY = "\n\n".join(
    f"## Part {n}\n\n" + "Plain words go on here. " * 40 + ("A Needle hides." if n % 2 else "")
    for n in range(1, 11)
)


def _visible(article: Article) -> str:
    top = round(article.scroll_y)
    return "\n".join(article.plain_lines()[top : top + article.scrollable_content_region.height])


def _app(tmp_path: Path) -> ReaderApp:
    post = StorePost("long", "A long post", "2031-01-01", ("x",), BODY)
    return ReaderApp(write_store(tmp_path / "posts", [*POSTS, post]))


async def test_slash_in_the_article_finds_as_you_type_n_moves_escape_goes_back(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        article.focus()
        await pilot.press("j", "j")
        await pilot.pause()
        origin = article.scroll_y
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, FindScreen)
        await pilot.press(*"needle")
        await settle(pilot)
        assert article.finding and article.match_count == 5
        first = round(article.scroll_y)
        assert first >= origin and "Needle" in _visible(article)  # the first one below
        assert article.match_index == 0
        assert str(article.border_subtitle).startswith("match 1 of 5")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FindScreen) and app.focused is article
        await pilot.press("n")
        await settle(pilot)
        assert article.match_index == 1 and round(article.scroll_y) > first
        await pilot.press("N")
        await settle(pilot)
        assert article.match_index == 0
        # The store-wide search was not touched.
        assert app.screen.query_one(SearchBox).value == ""
        await pilot.press("escape")
        await settle(pilot)
        assert not article.finding and article.match_count == 0
        assert article.scroll_y == origin


async def test_ctrl_f_finds_from_anywhere_and_escape_in_the_line_goes_back(
    tmp_path: Path,
) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        app.screen.query_one(SearchBox).focus()  # even from the search box
        await pilot.pause()
        await pilot.press("ctrl+f", *"part 9")
        await settle(pilot)
        assert article.match_count == 1
        assert article.scroll_y > 0 and "Part 9" in _visible(article)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main_screen(app)
        assert not article.finding and article.scroll_y == 0


async def test_a_long_posts_border_shows_the_heading_and_how_far_down(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        part4 = next(h for h in article.headings if h.text == "Part 4")
        article.jump_to(part4.line)
        await settle(pilot)
        assert str(article.border_title).startswith("Part 4 · ")
        assert str(article.border_title).endswith("%")


def test_place_title_says_nothing_for_a_short_post_and_the_heading_above() -> None:
    headings = [Heading(2, "One", 5), Heading(2, "Two", 50)]
    assert place_title(headings, 0, 20, 30) == ""
    assert place_title(headings, 0, 20, 100) == "20%"
    assert place_title(headings, 60, 20, 100) == "Two · 80%"
    assert place_title(headings, 80, 20, 100) == "Two · 100%"


async def test_the_footer_says_what_slash_does_where_the_focus_is(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)

        def slash() -> str:
            return app.screen.active_bindings["slash"].binding.description

        assert slash() == "Search"  # The list has the focus.
        app.screen.query_one(Article).focus()
        await settle(pilot)
        assert slash() == "Find"
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, FindScreen)
