"""Pilot tests: saved searches that keep the whole view, phrase matches, reading
positions, problems, bookmarks with notes, the history, the opener and the editor."""

from __future__ import annotations

import contextlib
import os
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_stores import StorePost, article_text, recording_app, settle, write_store
from conftest import SIZE
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import Static

from reader.catalog import Filter
from reader.query import parse
from reader.tui.app import ReaderApp
from reader.tui.article_batches import body_pieces
from reader.tui.article_place import HEADER, line_of, place_of
from reader.tui.article_render import (
    ArticleStyles,
    make_console,
    mark_line,
    match_lines,
    match_pattern,
    phrases_of,
)
from reader.tui.screens.choice import ChoiceScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.problems import ProblemsScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.widgets.article import Article
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sidebar import Sidebar
from reader.userdata.paths import config_dir, store_key
from reader.userdata.readstate import ReadState


def searches_file() -> dict:  # type: ignore[type-arg]
    path = config_dir() / "searches.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def listed(app: ReaderApp) -> list[str]:
    return [row.id for row in app.screen.query_one(PostList).selection.rows]


def main(app: ReaderApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


# --- saved searches keep the view -----------------------------------------------------


async def test_a_tag_only_view_is_saved_whole_and_chosen_whole(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.wanted = Filter(tags=("leadership",), exclude_tags=("funding",), sort="title")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)  # not "type a search first"
        await pilot.press(*"Leaders", "enter")
        await settle(pilot)
        assert searches_file()["saved"] == [
            {
                "name": "Leaders",
                "query": "",
                "tags": ["leadership"],
                "exclude_tags": ["funding"],
                "sort": "title",
            }
        ]
        # Somewhere else entirely, then the saved search: the whole view comes back.
        screen.wanted = Filter(query="trust", tags=("politics",), bookmarked_only=True)
        await settle(pilot)
        sidebar = screen.query_one(Sidebar)
        sidebar.focus()
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert screen.wanted == Filter(
            tags=("leadership",), exclude_tags=("funding",), sort="title"
        )
        assert screen.query_one(SearchBox).value == ""
        assert listed(app) == ["change-from-within", "generous-leadership", "quiet-leaders"]


async def test_saving_under_a_name_in_use_asks_before_overwriting(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main(app)
        screen.wanted = Filter(query="trust", sort="relevance")
        await settle(pilot)
        await pilot.press("ctrl+s", *"Mine", "enter")
        await settle(pilot)
        screen.wanted = Filter(tags=("change",), tag_mode="or")
        await settle(pilot)
        await pilot.press("ctrl+s", *"Mine", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert searches_file()["saved"] == [{"name": "Mine", "query": "trust"}]
        await pilot.press("r")  # another name: the prompt again, with the name to edit
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+u", *"Change", "enter")
        await settle(pilot)
        assert [s["name"] for s in searches_file()["saved"]] == ["Mine", "Change"]
        # The same clash again, overwritten this time.
        await pilot.press("ctrl+s", "ctrl+u", *"Mine", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("o")
        await settle(pilot)
        saved = searches_file()["saved"]
        assert saved[0] == {"name": "Mine", "query": "", "tags": ["change"], "tag_mode": "or"}


# --- the history keeps what the user acted on -----------------------------------------


async def test_only_searches_acted_on_go_into_the_history(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lead*")
        await settle(pilot)
        await pilot.pause(2.0)  # longer than the old 1.5 s rest
        await settle(pilot)
        assert searches_file().get("history", []) == []
        # Opening a post from the results is acting on the search.
        box = main(app).query_one(SearchBox)
        box.value = "trust"
        await settle(pilot)
        main(app).query_one(PostList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert searches_file()["history"] == ["trust"]
        # So is Enter in the box (Escape first: `/` in the article finds in the post).
        await pilot.press("escape", "slash", *"quiet", "enter")
        await settle(pilot)
        assert searches_file()["history"] == ["quiet", "trust"]


# --- programs that need the terminal: the editor and console browsers ----------------


def recording_suspend(app: ReaderApp) -> list[str]:
    """Make `app.suspend()` record that it was entered (the headless driver cannot)."""
    entered: list[str] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        entered.append("suspended")
        yield

    app.suspend = suspend  # type: ignore[method-assign]
    return entered


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


async def test_capital_e_edits_the_file_and_the_article_shows_what_was_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Path
) -> None:
    editor = script(
        tmp_path,
        "editor",
        "path = sys.argv[-1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text + '\\nAn edited last line.\\n')",
    )
    monkeypatch.setenv("VISUAL", f"{editor} --wait")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        entered = recording_suspend(app)
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert entered == ["suspended"]
        assert "An edited last line." in (store / "quiet-leaders.md").read_text()
        assert "An edited last line." in article_text(app)


async def test_a_console_browser_gets_the_terminal_and_others_are_detached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Path
) -> None:
    ran = tmp_path / "ran"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script(bin_dir, "w3m", f"open({str(ran)!r}, 'a').write(sys.argv[-1] + '\\n')")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("BROWSER", "w3m")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        entered = recording_suspend(app)
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert entered == ["suspended"]
        assert ran.read_text().endswith("quiet-leaders.md\n")


# --- phrases are marked as phrases; the current match stands out -----------------------

PHRASE_BODY = (
    "Social change takes time. Social media is not social change.\n\n"
    "A social life and a change of heart.\n\n"
    "Again: social   change, and social-change.\n"
)


async def test_a_phrase_is_one_match_and_n_stops_only_at_the_phrase(tmp_path: Path) -> None:
    posts = [StorePost("social", "On society", "2031-01-01", (), PHRASE_BODY)]
    app = ReaderApp(write_store(tmp_path / "posts", posts))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        box = main(app).query_one(SearchBox)
        box.value = '"social change"'
        await settle(pilot)
        article = main(app).query_one(Article)
        assert article.match_count == 4
        assert str(article.border_subtitle).startswith("4 matches")
        # Every stop is a whole phrase, and only that one is drawn as current.
        article.focus()
        await pilot.press("n")
        await settle(pilot)
        styles = article._styles()
        assert styles.current.bgcolor != styles.match.bgcolor

        def marked(match: int, style: Style) -> str:
            top = round(article.scroll_y)
            drawn = article.render_line(article._matches.lines[match] - top)
            return "".join(
                seg.text for seg in drawn if seg.style and seg.style.bgcolor == style.bgcolor
            )

        assert article.match_index == 0
        assert marked(0, styles.current).lower() == "social change"
        assert marked(1, styles.current) == ""
        assert marked(1, styles.match).lower() == "social change"
        await pilot.press("n")
        assert marked(0, styles.current) == ""
        assert marked(1, styles.current).lower() == "social change"
        # The same words unquoted are words: each is a match of its own.
        box.value = "social change"
        await settle(pilot)
        assert article.match_count == 12


def test_phrases_of_a_search_and_their_pattern() -> None:
    plan = parse('"social change" lead* -brexit author:kippin')
    phrases = phrases_of(plan)
    assert phrases == ((("social", "change"), False), (("lead",), True))
    pattern = match_pattern((), (), phrases)
    assert pattern is not None
    found = [m.group(0) for m in pattern.finditer("Social  Change, leaders; social changes")]
    assert found == ["Social  Change", "lead"]  # a prefix marks the part typed


# --- problems, an empty folder, and no opener -----------------------------------------


async def test_problems_are_counted_honestly_and_listed_from_the_palette(store: Path) -> None:
    (store / "bad-date.md").write_text(
        '+++\ntitle = "Bad date"\ndate = "2016-13-45"\n+++\nBody.\n', encoding="utf-8"
    )
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "bad-date" in listed(app)  # the post loaded: only its date was ignored
        assert "1 problem in the store; Ctrl+P, Problems lists them." in app.messages
        assert not any("could not be read" in message for message in app.messages)
        await pilot.press("ctrl+p", *"Problems")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems-text", Static).render())
        assert "bad-date.md:3: impossible date '2016-13-45'; 'date' ignored" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_an_empty_folder_says_no_markdown_files_were_found(tmp_path: Path) -> None:
    store = tmp_path / "empty"
    store.mkdir()
    (store / "notes.txt").write_text("not a post", encoding="utf-8")
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        posts = main(app).query_one(PostList)
        line = posts.render_line(0).text
        assert line.strip().startswith("No Markdown files found in /")  # cut to fit
        assert posts.listing.status == f"No Markdown files found in {store}."
        assert f"No Markdown files found in {store}" in article_text(app)


async def test_o_with_no_opener_says_what_it_tried_and_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: Path
) -> None:
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        (message,) = [m for m in app.messages if "open" in m.lower()]
        assert "tried $BROWSER (not set), xdg-open (not found)" in message
        assert "Set $BROWSER" in message


# --- a bookmark with a note is not removed unasked --------------------------------------


def bookmarks_file() -> list[dict]:  # type: ignore[type-arg]
    path = config_dir() / "bookmarks.toml"
    if not path.exists():
        return []
    return tomllib.loads(path.read_text(encoding="utf-8")).get("bookmarks", [])  # type: ignore[no-any-return]


async def test_b_asks_before_removing_a_bookmark_with_a_note(store: Path) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e", *"read again", "enter")
        await settle(pilot)
        assert [b.get("note") for b in bookmarks_file()] == ["read again"]
        # The note shows in the Bookmarks list.
        main(app).wanted = Filter(bookmarked_only=True)
        await settle(pilot)
        posts = main(app).query_one(PostList)
        assert "read again" in posts.render_line(0).text
        posts.focus()
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("k")  # keep
        await settle(pilot)
        assert [b.get("note") for b in bookmarks_file()] == ["read again"]
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("escape")  # cancel keeps it too
        await settle(pilot)
        assert len(bookmarks_file()) == 1
        await pilot.press("b", "r")
        await settle(pilot)
        assert bookmarks_file() == []
        # Without a note, b removes at once (b adds, b removes).
        main(app).wanted = Filter()
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert len(bookmarks_file()) == 1
        await pilot.press("b")
        await settle(pilot)
        assert bookmarks_file() == []


# --- the reading position is a place in the text ----------------------------------------

FILLER = "words that wrap at one width and not at another, " * 3
LONG_BODY = "\n\n".join(f"Paragraph {n}. {FILLER}" for n in range(150))


def paragraph_at_top(article: Article) -> int:
    """The number of the paragraph the top line of the pane belongs to."""
    lines = article.plain_lines()
    for index in range(round(article.scroll_y), -1, -1):
        if "Paragraph " in lines[index]:
            return int(lines[index].split("Paragraph ")[1].split(".")[0])
    return -1


async def test_the_place_is_kept_at_another_width_and_in_the_next_session(
    tmp_path: Path,
) -> None:
    posts = [StorePost("long", "A long read", "2031-01-01", (), LONG_BODY)]
    store = write_store(tmp_path / "posts", posts)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = main(app).query_one(Article)
        await pilot.press("enter", *["pagedown"] * 6)
        await settle(pilot)
        paragraph, line = paragraph_at_top(article), round(article.scroll_y)
        assert paragraph > 10
        await pilot.resize_terminal(200, 40)  # a wider pane: fewer lines per paragraph
        await settle(pilot)
        assert round(article.scroll_y) < line - 20
        assert paragraph_at_top(article) in (paragraph, paragraph + 1)
        await pilot.press("j")  # the user scrolls: this place is saved
        await settle(pilot)
        saved = paragraph_at_top(article)
    again = ReaderApp(store)
    async with again.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        article = main(again).query_one(Article)
        assert article.data.post is not None and article.data.post.id == "long"
        assert paragraph_at_top(article) in (saved, saved + 1)


async def test_a_post_only_previewed_opens_at_the_top(tmp_path: Path) -> None:
    short_body = "\n\n".join(f"Paragraph {n}. {FILLER}" for n in range(40))
    posts = [
        StorePost("long", "A long read", "2031-01-01", (), LONG_BODY),
        StorePost("other", "Another read", "2030-01-01", (), short_body),
    ]
    store = write_store(tmp_path / "posts", posts)
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", *["pagedown"] * 12, "escape")
        await settle(pilot)
        await pilot.press("j")  # only a preview of the other post
        await settle(pilot)
        await pilot.resize_terminal(200, 40)
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
    state = ReadState()
    assert state.scroll(store_key(store), "other") is None
    again = ReaderApp(store)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        article = main(again).query_one(Article)
        assert article.data.post is not None and article.data.post.id == "other"
        assert article.scroll_y == 0
        assert article.plain_lines()[0].strip().startswith("Another read")


def test_places_map_to_lines_and_back() -> None:
    offsets = [HEADER, HEADER, 0, 0, 12, 30, 30, 44]
    assert [place_of(offsets, top) for top in (0, 1, 2, 4, 7, 99)] == [0, 0, 1, 13, 45, 0]
    assert line_of(offsets, 0, False) == 0
    assert line_of(offsets, 13, False) == 4
    assert line_of(offsets, 20, False) == 5  # the next line starting past it
    assert line_of(offsets, 99, False) is None  # not rendered that far yet
    assert line_of(offsets, 99, True) == 7


def test_rendered_lines_know_where_they_start_in_the_source() -> None:
    body = "Intro with **bold** words.\n\n- first item\n- second item\n\nThe end of it."
    first, *_ = body_pieces(body, 20, ArticleStyles())
    plain, offsets = [line.plain for line in first.lines], first.source_offsets
    placed = {text.strip(): body[offset:] for text, offset in zip(plain, offsets, strict=True)}
    assert placed["Intro with bold"].startswith("Intro")
    assert placed["• second item"].startswith("- second item")
    assert placed["The end of it."].startswith("The end")
    assert offsets == sorted(offsets)


def test_a_phrase_split_by_the_wrap_is_one_match_marked_on_both_lines() -> None:
    pattern = match_pattern((), (), ((("social", "change"), False),))
    assert pattern is not None
    plain = ["Real social   ", "  change, then social", "change again; social", "media."]
    assert match_lines(plain, pattern) == [0, 1]
    console = make_console(40)
    styles = ArticleStyles()

    def marked(index: int, current: int | None, current_in: bool = False) -> list[str]:
        strip = Strip([Segment(plain[index])])
        drawn = mark_line(console, strip, plain, index, pattern, styles, current, current_in)
        return [seg.text for seg in drawn if seg.style == styles.current]

    assert marked(0, 0) == ["social"]  # the first part, current
    assert marked(1, None, current_in=True) == ["change"]  # its second part
    assert marked(1, 0) == ["social"]  # the next phrase starts on that line
    assert marked(2, None, current_in=True) == ["change"]
    assert marked(3, None) == []
