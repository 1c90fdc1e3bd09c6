"""Pilot tests: the search language in the box, counts, matches, completions,
history, saved searches and sorting, on a small store with the real index."""

from __future__ import annotations

import tomllib
from pathlib import Path

from app_stores import POSTS, StorePost, settle, write_store
from conftest import SIZE
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.suggest import suggest
from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import SAVED_HEADING, Sidebar
from reader.userdata.paths import config_dir


def listed(app: ReaderApp) -> list[str]:
    return [row.id for row in app.screen.query_one(PostList).selection.rows]


def counts(app: ReaderApp) -> list[tuple[str, int]]:
    return list(app.screen.query_one(Sidebar).data.tags)


def searches_file() -> dict:  # type: ignore[type-arg]
    path = config_dir() / "searches.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


async def search(pilot: Pilot[None], text: str) -> None:
    """Put `text` in the search box at once, as a paste does (typing it key by
    key is tested on its own), and wait for the list to follow."""
    box = pilot.app.screen.query_one(SearchBox)
    box.focus()
    box.value = text
    box.cursor_position = len(text)
    await settle(pilot)


async def test_the_search_language_works_in_the_box(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "tag:politics")
        assert listed(app) == ["politics-of-giving"]
        await search(pilot, "after:2017")
        assert listed(app) == ["quiet-leaders", "change-from-within", "funding-futures"]
        await search(pilot, "leadership -tag:change")
        assert listed(app) == ["funding-futures"]
        await search(pilot, '"sharing power"')
        assert listed(app) == ["generous-leadership"]
        await search(pilot, "quiet OR trust")
        assert sorted(listed(app)) == ["funding-futures", "quiet-leaders"]
        await search(pilot, "author:austwick")
        assert listed(app) == ["generous-leadership"]
        await search(pilot, "is:unread before:2016")
        assert listed(app) == ["politics-of-giving"]


async def test_tag_counts_follow_the_results_in_the_stores_order(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "tag:politics")
        assert counts(app) == [
            ("leadership", 0),
            ("change", 0),
            ("funding", 1),
            ("politics", 1),
            ("value", 0),
        ]
        sidebar = app.screen.query_one(Sidebar)
        lines = [sidebar.render_line(y) for y in range(sidebar.row_count)]
        zero = next(line for line in lines if "leadership" in line.text)
        some = next(line for line in lines if "politics" in line.text)
        # The names of tags with no post under the filter are dimmed.
        assert zero != some
        zero_style = next(seg.style for seg in zero if "leadership" in seg.text)
        some_style = next(seg.style for seg in some if "politics" in seg.text)
        assert zero_style != some_style


async def test_matches_are_marked_and_n_and_shift_n_go_through_them(tmp_path: Path) -> None:
    long_body = "\n\n".join(["Nothing to see in this paragraph."] * 80 + ["Gainful ends here."])
    posts = [*POSTS, StorePost("long", "A long post about gains", "2030-01-01", (), long_body)]
    app = ReaderApp(write_store(tmp_path / "posts", posts))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "gain*")
        assert listed(app) == ["long"]
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen.query_one(Article)
        assert article.data.prefixes == frozenset({"gain"})
        assert article.match_count == 2  # "gains" in the title, "Gainful" at the end
        assert article.border_subtitle == "2 matches · n/N"
        await pilot.press("n")
        assert article.border_subtitle == "match 1 of 2 · n/N"
        assert article.scroll_y == 0
        await pilot.press("n")
        assert article.border_subtitle == "match 2 of 2 · n/N"
        assert article.scroll_y > 100, "scrolled down to the last paragraph"
        top = round(article.scroll_y)
        visible = [article.render_line(y).text for y in range(article.size.height)]
        assert any("Gainful" in line for line in visible), top
        await pilot.press("N")
        assert article.border_subtitle == "match 1 of 2 · n/N"
        assert article.scroll_y < 10
        # A new search on the same post marks its words instead of the old ones.
        await search(pilot, "gainful OR paragraph")
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "long"
        assert article.match_count == 81  # 80 paragraphs, and "Gainful"
        strips = [article.render_line(y) for y in range(article.size.height)]
        marked = [strip for strip in strips if "paragraph" in strip.text]
        for strip in marked:
            word = next(seg for seg in strip if seg.text == "paragraph")
            rest = next(seg for seg in strip if "Nothing" in seg.text)
            assert word.style != rest.style, "the matched word is marked"
        # A whole-word search does not mark a longer word.
        await search(pilot, "gain")
        assert listed(app) == []


async def test_the_box_suggests_field_names_and_tags(store: Path) -> None:
    tags = ["leadership", "change", "funding", "politics", "two words"]
    assert suggest("tag:pol", tags) == "tag:politics"
    assert suggest("quiet -tag:ch", tags) == "quiet -tag:change"
    assert suggest("tag:two", tags) == 'tag:"two words"'
    assert suggest("au", tags) == "author:"
    assert suggest("is:u", tags) == "is:unread"
    assert suggest("leader ", tags) is None
    assert suggest("tag:zzz", tags) is None
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tag:fu")
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        assert box._suggestion == "tag:funding"
        await pilot.press("right")  # accepts the suggestion
        await settle(pilot)
        assert box.value == "tag:funding"
        assert sorted(listed(app)) == ["funding-futures", "politics-of-giving"]


async def test_enter_remembers_a_search_and_up_brings_it_back(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"quiet", "enter")
        await settle(pilot)
        await pilot.press("slash", *"funding", "enter")
        await settle(pilot)
        # Only what the user settled on, not every prefix typed on the way.
        assert searches_file()["history"] == ["funding", "quiet"]
        await pilot.press("slash", "escape")
        await settle(pilot)
        box = app.screen.query_one(SearchBox)
        assert box.value == ""
        await pilot.press("up")
        assert box.value == "funding"
        await pilot.press("up")
        assert box.value == "quiet"
        await pilot.press("down")
        assert box.value == "funding"
        await pilot.press("down")
        assert box.value == ""
        await settle(pilot)
        assert len(listed(app)) == 5


async def test_a_search_is_saved_run_from_the_sidebar_and_deleted(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tag:funding", "ctrl+s")
        await settle(pilot)
        await pilot.press(*"Money", "enter")
        await settle(pilot)
        assert searches_file()["saved"] == [{"name": "Money", "query": "tag:funding"}]
        sidebar = app.screen.query_one(Sidebar)
        text = [sidebar.render_line(y).text for y in range(sidebar.row_count)]
        assert SAVED_HEADING in text[2] and "Money" in text[3]
        # Back to everything, then the saved search from the sidebar.
        await pilot.press("escape")
        await settle(pilot)
        assert len(listed(app)) == 5
        sidebar.focus()
        await pilot.press("down", "down")  # All posts, Bookmarks, (heading skipped) Money
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(listed(app)) == ["funding-futures", "politics-of-giving"]
        assert app.screen.query_one(SearchBox).value == "tag:funding"
        sidebar.focus()
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert searches_file().get("saved", []) == []
        text = [sidebar.render_line(y).text for y in range(sidebar.row_count)]
        assert not any("Money" in line for line in text)


async def test_the_palette_runs_a_saved_search_and_saves_one(store: Path) -> None:
    from reader.userdata.searches import SearchFile

    SearchFile().save("Politics", "tag:politics")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Search: Politics")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert listed(app) == ["politics-of-giving"]
        await pilot.press("ctrl+p", *"Save this search")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"Again", "enter")
        await settle(pilot)
        names = [entry["name"] for entry in searches_file()["saved"]]
        assert names == ["Politics", "Again"]


async def test_s_cycles_relevance_newest_oldest_and_title_while_searching(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = app.screen.query_one(PostList)
        await pilot.press("slash", *"funding", "enter")
        await settle(pilot)
        assert posts.border_title == "Posts · by relevance"
        # "Funding" in the title outranks a mention in the body.
        assert listed(app) == ["funding-futures", "politics-of-giving"]
        labels = []
        for _ in range(4):
            await pilot.press("s")
            await settle(pilot)
            labels.append(posts.border_title)
        assert labels == [
            "Posts · newest first",
            "Posts · oldest first",
            "Posts · by title",
            "Posts · by relevance",
        ]
        await pilot.press("escape")  # clears the search: back to newest first
        await settle(pilot)
        assert posts.border_title == "Posts · newest first"


async def test_a_saved_search_that_looks_like_markup_shows_literally(store: Path) -> None:
    from textual.command import CommandPalette

    from reader.userdata.searches import SearchFile

    SearchFile().save("[b]Odd[/b]", "[/draft] notes [link=x]y[/link]")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Search")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        shown = "\n".join(app.screen.query_one("CommandList").render_line(y).text for y in range(6))
        assert "[/draft] notes [link=x]y[/link]" in shown
        assert "Search: [b]Odd[/b]" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
