"""Pilot tests from a new user's tour: the shown post, colours, tags, sorting, help, footer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_stores import POSTS, StorePost, main_screen, recording_app, settle, write_store
from conftest import SIZE
from textual.color import Color
from textual.containers import VerticalScroll
from textual.strip import Strip
from textual.widgets._footer import FooterKey

from reader.model import display_date
from reader.tui.app import ReaderApp
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.widgets.article import Article
from reader.tui.widgets.footer import FittingFooter
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar

NARROW = (80, 30)
# Newest first: quiet-leaders, change-from-within, funding-futures, ...
NEWEST = sorted(POSTS, key=lambda post: post.date, reverse=True)


def first_line(app: ReaderApp) -> str:
    lines = app.screen.query_one(Article).plain_lines()
    return lines[0] if lines else ""


# --- 1. the article shows, and b/e/o act on, the post the user opened ------------------


async def test_narrow_article_shows_each_post_opened_and_b_acts_on_it(store: Path) -> None:
    app = recording_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert NEWEST[0].title in first_line(app)
        await pilot.press("escape", "j", "j", "enter")
        await settle(pilot)
        assert NEWEST[2].title in first_line(app), "the article must show the post opened"
        await pilot.press("b")
        await settle(pilot)
        assert main_screen(app).marks.bookmarked == {NEWEST[2].id}
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        assert NEWEST[2].title in first_line(app)


async def test_e_and_o_act_on_the_post_being_read(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []

    def fake_start(command: tuple[str, ...]) -> None:
        opened.append(command[-1])

    monkeypatch.setenv("BROWSER", "true %s")  # `true` is on every system's PATH
    monkeypatch.setattr("reader.tui.terminal.start_detached", fake_start)
    app = ReaderApp(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("enter", "escape", "j", "enter")
        await settle(pilot)
        assert NEWEST[1].title in first_line(app)
        await pilot.press("o")
        await settle(pilot)
        assert opened and NEWEST[1].id in opened[0]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        assert NEWEST[1].title in str(app.screen.query_one("#prompt-body").border_title)


# --- 17. resizing keeps the reader reading; wide screens share the room ------------------


async def test_shrinking_while_reading_keeps_the_article_full_width(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.resize_terminal(80, 30)
        await settle(pilot)
        article = app.screen.query_one(Article)
        assert article.display and not app.screen.query_one(PostList).display
        assert article.size.width >= 70
        assert NEWEST[1].title in first_line(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one(PostList).display


async def test_at_220_columns_the_article_gets_most_of_the_room(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=(220, 50)) as pilot:
        await settle(pilot)
        posts, article = app.screen.query_one(PostList), app.screen.query_one(Article)
        assert 40 <= posts.size.width <= 70
        assert article.size.width >= 110


# --- 2. muted text is drawn between the background and the body text -------------------


def luminance(color: Color) -> float:
    red, green, blue = (channel / 255 for channel in color.rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def segment_color(strip: Strip, text: str) -> tuple[Color, Color]:
    """The colour and background of the segment drawing `text`."""
    for segment in strip:
        if segment.text.strip() == text and segment.style is not None:
            assert segment.style.color is not None and segment.style.bgcolor is not None
            return (
                Color.from_rich_color(segment.style.color),
                Color.from_rich_color(segment.style.bgcolor),
            )
    raise AssertionError(f"{text!r} not drawn in {strip.text!r}")


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "gruvbox", "catppuccin-latte"])
async def test_muted_text_lies_between_background_and_body_text(store: Path, theme: str) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        row = NEWEST[1]  # Not the cursor's row, which has its own colours.
        strip = posts.render_line(1)
        date, background = segment_color(strip, display_date(dt.date.fromisoformat(row.date)))
        title, _ = segment_color(strip, row.title)
        low, high = sorted((luminance(background), luminance(title)))
        assert low < luminance(date) < high, (date, background, title)
        assert date.rgb != (255, 255, 255)
        # A read post's title is dimmed, not brightened.
        await pilot.press("enter", "escape", "j")
        await settle(pilot)
        read, _ = segment_color(posts.render_line(0), NEWEST[0].title)
        assert low < luminance(read) < high, (read, background, title)
        # A tag's count in the sidebar is muted too (row 3: the busiest tag, under "Tags").
        tag_row = app.screen.query_one(Sidebar).render_line(3)
        muted, sidebar_background = segment_color(tag_row, "4")
        name, _ = segment_color(tag_row, "leadership")
        low, high = sorted((luminance(sidebar_background), luminance(name)))
        assert low < luminance(muted) < high


# --- 3 and 5. the tag list stays put; Enter on a tag shows only that tag ----------------


def tag_names(sidebar: Sidebar) -> list[str]:
    return [name for index in range(sidebar.row_count) if (name := sidebar.tag_at(index))]


async def test_choosing_a_tag_keeps_the_order_and_j_enter_picks_the_next_one(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        before = tag_names(sidebar)
        assert before == ["leadership", "change", "funding", "politics", "value"]
        # All posts, Bookmarks, the Tags heading, leadership, change, funding
        await pilot.press("j", "j", "j", "j", "j")
        assert sidebar.tag_at(sidebar.cursor) == "funding"
        await pilot.press("enter")
        await settle(pilot)
        assert tag_names(sidebar) == before, "the tags must not re-sort under the cursor"
        assert sidebar.tag_at(sidebar.cursor) == "funding"
        counts = dict(sidebar.data.tags)
        assert counts["change"] == 0 and counts["funding"] == 2, "counts follow the filter"
        await pilot.press("j", "enter")
        await settle(pilot)
        assert main_screen(app).wanted.tags == ("politics",)


async def test_enter_on_a_tag_leaves_the_bookmarks_scope(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")  # One bookmark, so the Bookmarks scope shows a post.
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        await pilot.press("j", "enter")
        await settle(pilot)
        assert main_screen(app).wanted.bookmarked_only
        await pilot.press("j", "j", "enter")  # past the Tags heading
        await settle(pilot)
        wanted = main_screen(app).wanted
        assert wanted.tags == ("leadership",) and not wanted.bookmarked_only
        assert len(main_screen(app).listing.selection.rows) == 4


# --- 16. sorting: newest, oldest, title, relevance; a new search starts by relevance -----


def listed_ids(app: ReaderApp) -> list[str]:
    rows = main_screen(app).listing.selection.rows
    return [rows[index].id for index in range(len(rows))]


async def test_s_cycles_newest_oldest_title_and_relevance_while_searching(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        assert listed_ids(app) == [post.id for post in NEWEST]
        await pilot.press("s")
        await settle(pilot)
        assert "oldest first" in str(posts.border_title)
        assert listed_ids(app) == [post.id for post in reversed(NEWEST)]
        await pilot.press("s")
        await settle(pilot)
        assert "by title" in str(posts.border_title)
        by_title = sorted(POSTS, key=lambda post: post.title.casefold())
        assert listed_ids(app) == [post.id for post in by_title]
        # A title sort does not carry into a new search: it starts by relevance.
        await pilot.press("slash", *"leadership", "enter")
        await settle(pilot)
        assert main_screen(app).wanted.sort == "relevance"
        assert "by relevance" in str(posts.border_title)
        # The whole cycle while searching is test_session's; here, the keys drive it.
        await pilot.press("s", "s", "s")  # To title, then clear the search.
        await settle(pilot)
        assert main_screen(app).wanted.sort == "title"
        await pilot.press("slash", "escape")
        await settle(pilot)
        assert main_screen(app).wanted.query == "" and main_screen(app).wanted.sort == "date"


# --- 13. the suggestion for a tag with spaces reads right and is taken quoted -----------


async def test_a_tag_with_spaces_is_suggested_readably_and_taken_quoted(tmp_path: Path) -> None:
    posts = (*POSTS, StorePost("two", "Two words", "2020-01-01", ("two words",)))
    app = ReaderApp(write_store(tmp_path / "posts", posts))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quiet tag:tw")
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        shown = "".join(segment.text for segment in box.render_line(0)).strip()
        assert shown == "quiet tag:two words", shown
        await pilot.press("right")
        await settle(pilot)
        assert box.value == 'quiet tag:"two words"'
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        assert box.value == 'quiet tag:"two wor'
        shown = "".join(segment.text for segment in box.render_line(0)).strip()
        assert shown == 'quiet tag:"two words"', shown


# --- 14. help scrolls with the list keys, in one case; the palette's own commands --------


async def test_help_scrolls_with_j_k_g_G_and_reads_in_sentence_case(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 3, "the help must be taller than the screen for this test"
        await pilot.press("j", "j")
        await settle(pilot)
        assert body.scroll_y == 2
        await pilot.press("k")
        await settle(pilot)
        assert body.scroll_y == 1
        await pilot.press("G")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        await settle(pilot)
        assert body.scroll_y == 0
        for _title, rows in app.key_sections():
            for row in rows:
                words = row.description.split()
                assert words[0][0].isupper(), row
                assert all(not word.istitle() for word in words[1:]), row


async def test_the_palette_offers_no_keys_panel_and_the_screenshot_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Path
) -> None:
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Keys" not in titles
        assert "Screenshot" in titles
        screenshot = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        monkeypatch.chdir(tmp_path)  # No downloads folder in the test's home: saved here.
        screenshot.callback()
        await settle(pilot)
        saved = [message for message in app.messages if message.startswith("Saved a screenshot")]
        assert saved, app.messages
        path = Path(saved[0].removeprefix("Saved a screenshot to "))
        assert path.parent == tmp_path and path.suffix == ".svg"
        assert "<svg" in path.read_text(encoding="utf-8")


# --- 15. the footer keeps Help and Quit at 80 columns ------------------------------------


def footer_text(app: ReaderApp) -> str:
    footer = app.screen.query_one(FittingFooter)
    return " ".join(" ".join(key.render_line(0).text.split()) for key in footer.query(FooterKey))


@pytest.mark.parametrize("width", [80, 60, 40])
async def test_the_footer_shows_what_fits_and_always_help_and_quit(store: Path, width: int) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(FittingFooter)
        keys = list(footer.query(FooterKey))
        assert sum(key.outer_size.width for key in keys) <= width
        text = footer_text(app)
        assert "? Help" in text and "q Quit" in text, text
        if width == 80:
            assert "/ Search" in text and "b Bookmark" in text, text
        # Every key shown is drawn whole, inside the screen.
        assert all(key.region.right <= width for key in keys)
        await pilot.resize_terminal(200, 24)
        await settle(pilot)
        assert "Save search" in footer_text(app)
