"""Code and tables wider than the pane scroll sideways inside their block (`h`/`l`,
Shift+wheel), with `‹`/`›` where they are cut; prose never moves; a find inside a
wide block scrolls that block to the match."""

from __future__ import annotations

from pathlib import Path

from app_stores import POSTS, StorePost, settle, write_store
from conftest import SIZE
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.pilot import Pilot
from textual.strip import Strip

from reader.render.document import Block
from reader.tui.app import ReaderApp
from reader.tui.article_blocks import LEFT_MARK, RIGHT_MARK, STEP, WideBlocks
from reader.tui.widgets.article import Article

WIDE_CODE = "x = " + " + ".join(f"value_{n}" for n in range(40))
WIDE_ROW = " | ".join(f"cell number {n}" for n in range(12))
BODY = f"""Prose above the code, long enough to wrap over a few lines of the narrow pane.

```python
{WIDE_CODE}
```

| {" | ".join(f"heading {n}" for n in range(12))} |
|{"---|" * 12}
| {WIDE_ROW} |

Prose below the table.
"""


def _app(tmp_path: Path) -> ReaderApp:
    post = StorePost("wide", "A wide post", "2031-01-01", ("x",), BODY)
    return ReaderApp(write_store(tmp_path / "posts", [*POSTS, post]))


def _line(article: Article, needle: str) -> int:
    return next(i for i, line in enumerate(article.plain_lines()) if needle in line)


def _drawn(article: Article, line: int) -> str:
    return article.render_line(line - round(article.scroll_y)).text


async def _ready(pilot: Pilot[None]) -> Article:
    await settle(pilot)
    article = pilot.app.screen.query_one(Article)
    article.focus()
    await settle(pilot)
    return article


async def test_l_scrolls_the_wide_code_block_and_the_prose_above_stays_put(
    tmp_path: Path,
) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        code = _line(article, "value_0")
        prose = _line(article, "Prose above")
        prose_before = _drawn(article, prose)
        drawn = _drawn(article, code).rstrip()
        assert drawn.startswith("x = value_0") and drawn.endswith(RIGHT_MARK)
        await pilot.press("l", "l")
        await pilot.pause()
        moved = _drawn(article, code)
        assert moved.startswith(LEFT_MARK)
        # Two steps in: the text drawn after the edge mark is the code from there on.
        assert moved[1:20] == WIDE_CODE[2 * STEP + 1 : 2 * STEP + 20]
        assert _drawn(article, prose) == prose_before
        # The table below (another block) has not moved.
        assert _drawn(article, _line(article, "heading 0")).lstrip().startswith("heading 0")
        assert article.scroll_x == 0
        await pilot.press("h", "h")
        await pilot.pause()
        assert _drawn(article, code).startswith("x = value_0")


async def test_l_moves_the_block_under_the_mouse_before_the_first_in_view(
    tmp_path: Path,
) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        row, code = _line(article, "cell number 0"), _line(article, "value_0")
        table, first = article.blocks.block_of(row), article.blocks.block_of(code)
        assert table is not None and first is not None and first < table
        gutter = article.gutter
        top = round(article.scroll_y)
        await pilot.hover(article, offset=(gutter.left + 3, gutter.top + row - top))
        await pilot.press("l")
        await pilot.pause()
        assert article.blocks.offset(table) == STEP and article.blocks.offset(first) == 0


async def test_shift_wheel_over_a_table_scrolls_that_table_only(tmp_path: Path) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        row = _line(article, "cell number 0")
        code = _line(article, "value_0")
        code_before = _drawn(article, code)
        y = row - round(article.scroll_y)
        for _ in range(3):
            await pilot._post_mouse_events([events.MouseScrollDown], article, (5, y), shift=True)
        await pilot.pause()
        index = article.blocks.block_of(row)
        assert index is not None and article.blocks.offset(index) == 3 * STEP
        assert _drawn(article, row).startswith(LEFT_MARK)
        assert _drawn(article, code) == code_before
        # The heading row is in the same block: it moved with it.
        assert not _drawn(article, row - 2).startswith("heading 0")
        await pilot._post_mouse_events([events.MouseScrollUp], article, (5, y), shift=True)
        await pilot.pause()
        assert article.blocks.offset(index) == 2 * STEP
        assert article.scroll_y == 0


async def test_a_find_inside_a_wide_block_scrolls_the_block_to_the_match(tmp_path: Path) -> None:
    async with _app(tmp_path).run_test(size=SIZE) as pilot:
        article = await _ready(pilot)
        code = _line(article, "value_0")
        await pilot.press("slash", *"value_37")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert article.match_count == 1
        assert "value_37" in _drawn(article, code)
        index = article.blocks.block_of(code)
        assert index is not None and article.blocks.offset(index) > 0


def test_a_wide_block_keeps_its_indent_and_marks_its_cut_edges() -> None:
    blocks = WideBlocks()
    # Line 0 is prose; lines 1-2 a code block in a list item (two cells of indent).
    blocks.add([Block(0, 1, "paragraph", False, 0, 5), Block(1, 3, "code", True, 9, 22, 2)], 3)
    assert blocks.block_of(0) is None and blocks.block_of(1) == blocks.block_of(2) == 0
    code = Strip([Segment("  0123456789abcdefghij")])
    mark = Style(dim=True)
    assert blocks.crop(code, 1, 12, mark).text == "  012345678" + RIGHT_MARK
    assert blocks.first_cut(0, 3, 12) == 0 and blocks.first_cut(0, 3, 30) is None
    assert blocks.scroll(0, 4, 12)
    assert blocks.crop(code, 1, 12, mark).text == "  " + LEFT_MARK + "56789abc" + RIGHT_MARK
    # It stops where the last cell shows, and cannot go further.
    assert blocks.scroll(0, 100, 12) and not blocks.scroll(0, 1, 12)
    assert blocks.crop(code, 1, 12, mark).text == "  " + LEFT_MARK + "bcdefghij"
    prose = Strip([Segment("words")])
    assert blocks.crop(prose, 0, 12, mark) is prose
    blocks.reveal(0, 0, 3, 12)
    assert blocks.offset(0) == 0
