"""Footnote numbers that jump (from `L` or a click) and Backspace back; images opened
with `o` or from `L`, through the opener."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from app_stores import POSTS, StorePost, recording_app, settle, write_store
from conftest import SIZE
from textual.pilot import Pilot
from textual.widgets import OptionList

from reader.tui.app import ReaderApp
from reader.tui.article_images import image_target
from reader.tui.screens.pick import PickScreen
from reader.tui.widgets.article import Article

FILLER = "\n\n".join(f"Paragraph {n} goes on for a while to fill the screen." for n in range(40))
NOTED = StorePost(
    "noted",
    "A post with a footnote",
    "2031-01-01",
    ("x",),
    f"A claim that needs a source[^src] and more words.\n\n{FILLER}\n\n[^src]: The source.\n",
)


async def _ready(pilot: Pilot[None]) -> Article:
    await settle(pilot)
    article = pilot.app.screen.query_one(Article)
    article.focus()
    await settle(pilot)
    return article


async def _pick(pilot: Pilot[None], words: str) -> None:
    """`L`, then Enter on the line that has `words`."""
    await pilot.press("L")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PickScreen)
    options = pilot.app.screen.query_one(OptionList)
    prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    index = next(i for i, prompt in enumerate(prompts) if words in prompt)
    await pilot.press(*["down"] * index, "enter")
    await settle(pilot)


def _in_view(article: Article, line: int) -> bool:
    top = round(article.scroll_y)
    return top <= line < top + article.scrollable_content_region.height


async def test_a_footnote_reference_followed_from_l_jumps_and_backspace_returns(
    tmp_path: Path,
) -> None:
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, NOTED]))
    async with app.run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        (note,) = article._records.footnotes
        assert not _in_view(article, note.line)
        await pilot.press("j")
        await pilot.pause()
        origin = article.scroll_y
        await _pick(pilot, "footnote 1")
        assert _in_view(article, note.line)
        assert article.plain_lines()[note.line].startswith("1. The source.")
        await pilot.press("backspace")
        await settle(pilot)
        assert article.scroll_y == origin
        assert article.data.post is not None and article.data.post.id == "noted"


async def test_back_from_a_footnote_finds_the_place_after_the_text_is_laid_out_again(
    tmp_path: Path,
) -> None:
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, NOTED]))
    async with app.run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        lines = article.plain_lines()
        article.jump_to(next(i for i, line in enumerate(lines) if "Paragraph 20 " in line))
        await settle(pilot)
        assert article.follow_footnote(1)
        article.reading_width = 24  # narrower than the pane: every line moves
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert article.plain_lines()[round(article.scroll_y)].startswith("Paragraph 20 ")


async def test_clicking_a_reference_jumps_and_clicking_the_notes_number_goes_back(
    tmp_path: Path,
) -> None:
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, NOTED]))
    async with app.run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        (reference,) = article.references
        (note,) = article._records.footnotes
        line = reference.lines[0]
        column = article.plain_lines()[line].index("⁽¹⁾")
        gutter = article.gutter
        top = round(article.scroll_y)
        await pilot.click(article, offset=(gutter.left + column + 1, gutter.top + line - top))
        await settle(pilot)
        assert _in_view(article, note.line) and not _in_view(article, line)
        top = round(article.scroll_y)
        await pilot.click(article, offset=(gutter.left, gutter.top + note.line - top))
        await settle(pilot)
        assert _in_view(article, line)


def _fake_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER set to a program that writes down what it was asked to open."""
    record = tmp_path / "opened"
    program = tmp_path / "bin" / "fake-open"
    program.parent.mkdir()
    program.write_text(
        f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'a').write(sys.argv[-1] + '\\n')\n",
        encoding="utf-8",
    )
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{program.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("BROWSER", "fake-open")
    return record


def _opened(record: Path, count: int) -> list[str]:
    """What the (detached) opener was given, once it has been given `count` things."""
    deadline = time.monotonic() + 20
    while len(record.read_text().splitlines() if record.exists() else []) < count:
        assert time.monotonic() < deadline, "the opener was never started"
        time.sleep(0.05)
    return record.read_text().splitlines()


PICTURED = StorePost(
    "pictured",
    "A post with pictures",
    "2031-01-01",
    ("x",),
    "![A diagram](images/the%20diagram.png)\n\n"
    f"{FILLER}\n\nAnd a photo: ![A photo](https://example.com/photo.jpg)\n",
)


async def test_o_opens_the_image_in_view_and_l_lists_every_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _fake_opener(tmp_path, monkeypatch)
    store = write_store(tmp_path / "posts", [*POSTS, PICTURED])
    (store / "images").mkdir()
    (store / "images" / "the diagram.png").write_bytes(b"\x89PNG")
    app = recording_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert _opened(record, 1) == [(store / "images" / "the diagram.png").resolve().as_uri()]
        await _pick(pilot, "A photo")
        await settle(pilot)
        assert _opened(record, 2)[1] == "https://example.com/photo.jpg"


async def test_o_with_no_image_in_view_opens_the_post_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _fake_opener(tmp_path, monkeypatch)
    store = write_store(tmp_path / "posts", [*POSTS, NOTED])
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await _ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert _opened(record, 1) == [(store / "noted.md").resolve().as_uri()]


def test_an_image_is_a_file_of_the_store_or_a_web_address(tmp_path: Path) -> None:
    (tmp_path / "2020" / "pics").mkdir(parents=True)
    (tmp_path / "2020" / "pics" / "a.png").write_bytes(b"")
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "static" / "img" / "b.png").write_bytes(b"")
    post = "2020/post.md"
    assert image_target("pics/a.png", post, tmp_path)[0] == (tmp_path / "2020/pics/a.png").as_uri()
    assert image_target("/img/b.png", post, tmp_path)[0] == (tmp_path / "static/img/b.png").as_uri()
    assert image_target("https://x.org/c.png", post, tmp_path) == ("https://x.org/c.png", "")
    for refused, why in (
        ("../../outside.png", "outside the store"),
        ("pics/missing.png", "not in the store"),
        ("javascript:alert(1)", "not a web address"),
        ("file:///etc/passwd", "not a web address"),
        ("", "no source"),
    ):
        target, reason = image_target(refused, post, tmp_path)
        assert target is None and why in reason
