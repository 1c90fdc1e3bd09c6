"""Pilot tests: tags, search, sorting and the article pane."""

from __future__ import annotations

from pathlib import Path

from app_stores import POSTS, StorePost, settle, write_store
from conftest import SIZE

from reader.tui.app import ReaderApp
from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar


def listed(app: ReaderApp) -> list[str]:
    return [row.id for row in app.screen.query_one(PostList).selection.rows]


def counts(app: ReaderApp) -> dict[str, int]:
    return dict(app.screen.query_one(Sidebar).data.tags)


def screen_text(widget: PostList | Sidebar | Article) -> str:
    height = widget.scrollable_content_region.height
    return "\n".join(widget.render_line(y).text for y in range(height))


async def go_to_tag(pilot, tag: str) -> None:  # type: ignore[no-untyped-def]
    sidebar = pilot.app.screen.query_one(Sidebar)
    sidebar.focus()
    sidebar.move_cursor(sidebar.index_of_tag(tag))
    await pilot.pause()


async def test_opens_newest_first_with_counts(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert listed(app) == [
            "quiet-leaders",
            "change-from-within",
            "funding-futures",
            "generous-leadership",
            "politics-of-giving",
        ]
        assert counts(app) == {
            "leadership": 4,
            "change": 3,
            "funding": 2,
            "politics": 1,
            "value": 1,
        }
        sidebar_text = screen_text(app.screen.query_one(Sidebar))
        assert "All posts" in sidebar_text and "Bookmarks" in sidebar_text
        assert "Tags" in sidebar_text.splitlines()[2]  # a group's heading: years too
        assert "leadership" in sidebar_text.splitlines()[3]
        assert app.screen.sub_title == "5 of 5 posts"


async def test_a_tag_narrows_the_list_and_updates_the_counts(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_tag(pilot, "funding")
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(listed(app)) == ["funding-futures", "politics-of-giving"]
        assert counts(app)["funding"] == 2
        assert counts(app)["leadership"] == 1
        assert counts(app)["change"] == 0
        assert app.screen.sub_title == "2 of 5 posts"
        # "All posts" brings everything back.
        app.screen.query_one(Sidebar).move_cursor(0)
        await pilot.press("enter")
        await settle(pilot)
        assert len(listed(app)) == 5


async def test_space_adds_tags_with_and_then_or(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_tag(pilot, "leadership")
        await pilot.press("space")
        await settle(pilot)
        await go_to_tag(pilot, "change")
        await pilot.press("space")
        await settle(pilot)
        # AND: posts with both tags.
        assert sorted(listed(app)) == [
            "change-from-within",
            "generous-leadership",
            "quiet-leaders",
        ]
        assert app.screen.query_one(Sidebar).border_title == "+tag:leadership +tag:change · AND"
        await go_to_tag(pilot, "funding")
        await pilot.press("space")
        await settle(pilot)
        assert listed(app) == []  # no post has all three
        await pilot.press("m")
        await settle(pilot)
        # OR: posts with any of the three.
        assert len(listed(app)) == 5
        assert "· OR" in str(app.screen.query_one(Sidebar).border_title)
        # Space again takes a tag out.
        await go_to_tag(pilot, "leadership")
        await pilot.press("space")
        await go_to_tag(pilot, "change")
        await pilot.press("space")
        await settle(pilot)
        assert sorted(listed(app)) == ["funding-futures", "politics-of-giving"]


async def test_a_tag_can_be_excluded(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_tag(pilot, "leadership")
        await pilot.press("x")
        await settle(pilot)
        assert listed(app) == ["politics-of-giving"]
        sidebar = app.screen.query_one(Sidebar)
        assert "− leadership" in screen_text(sidebar)


async def test_a_search_narrows_the_list_and_escape_restores_it(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        await pilot.press(*"funding")
        await settle(pilot)
        assert sorted(listed(app)) == ["funding-futures", "politics-of-giving"]
        assert counts(app)["politics"] == 1 and counts(app)["change"] == 0
        # The article marks the words of the search.
        article = app.screen.query_one(Article)
        assert article.data.terms == ("funding",)
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed(app)) == 5
        assert isinstance(app.focused, SearchBox), "the first Escape only clears"
        await pilot.press("escape")
        assert isinstance(app.focused, PostList), "the second Escape leaves the box"


async def test_search_then_enter_goes_to_the_list_and_escape_clears(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quiet", "enter")
        await settle(pilot)
        assert listed(app) == ["quiet-leaders"]
        assert isinstance(app.focused, PostList)
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed(app)) == 5


async def test_sort_by_title_and_back(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s", "s")  # newest → oldest → title
        await settle(pilot)
        titles = [row.title for row in app.screen.query_one(PostList).selection.rows]
        assert titles == sorted(titles, key=str.casefold)
        assert app.screen.query_one(PostList).border_title == "Posts · by title"
        await pilot.press("s")
        await settle(pilot)
        assert listed(app)[0] == "quiet-leaders"


async def test_the_article_shows_the_header_and_body(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")  # the oldest... then up to Generous leadership
        await pilot.press("k")
        await settle(pilot)
        article = app.screen.query_one(Article)
        text = "\n".join(article.plain_lines())
        assert "Generous leadership" in text
        assert "(title guessed)" not in text
        assert "2016-09-13 · updated 2020-12-07" in text
        assert "By Dawn Austwick" in text
        assert "Tags: leadership, change, value" in text
        # A long permalink wraps; it is all there.
        assert "https://example.org/generous-leadership" in text.replace("\n", "")
        assert "• give away credit" in text
        await pilot.press("k", "k")  # Change from within: a guessed title
        await settle(pilot)
        assert "Change from within  (title guessed)" in "\n".join(article.plain_lines())


async def test_a_hostile_post_shows_literally(tmp_path: Path) -> None:
    title = "[bold red]Loud[/] [link=https://evil.example]click[/link] \x1b]52;c;aGk=\x07 \x1b[31m"
    hostile = StorePost(
        "hostile", title, "2030-01-01", ("[b]tag[/b]",), "Body with [red]markup[/red]\x1b[2J."
    )
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, hostile]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        first_row = posts.render_line(0)
        assert "[bold red]Loud[/] [link=" in first_row.text
        assert not any(segment.style and segment.style.link for segment in first_row)
        sidebar_text = screen_text(app.screen.query_one(Sidebar))
        assert "[b]tag[/b]" in sidebar_text
        article_text = "\n".join(app.screen.query_one(Article).plain_lines())
        assert "[link=https://evil.example]click[/link]" in article_text
        assert "[bold red]Loud[/]" in article_text
        assert "[red]markup[/red]" in article_text
        everything = first_row.text + sidebar_text + article_text + (app.screen.sub_title or "")
        assert "\x1b" not in everything and "\x07" not in everything


async def test_the_palette_jumps_to_a_tag_and_to_a_post(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"politics")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["politics-of-giving"]
        await pilot.press("ctrl+p", *"Quiet leaders")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        # The post was hidden by the tag: the filter is cleared to show it.
        assert len(listed(app)) == 5
        assert app.screen.query_one(PostList).highlighted_id == "quiet-leaders"
