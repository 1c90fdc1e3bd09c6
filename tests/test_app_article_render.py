"""The article pane draws posts with `reader.render`: its header, wide blocks that
scroll sideways, and the links and headings it found."""

from __future__ import annotations

from pathlib import Path

from app_stores import POSTS, StorePost, settle, write_store
from conftest import SIZE

from reader.tui.app import ReaderApp
from reader.tui.widgets.article import Article

WIDE_CODE = "x = " + " + ".join(f"value_{n}" for n in range(40))
BODY = f"""Some prose with [a link](https://example.com/page) in it.

## A heading

| name | count |
|------|------:|
| one  | 1     |

```python
{WIDE_CODE}
```

The end, with a [second link](other-post.md).
"""


def _store(tmp_path: Path) -> Path:
    newest = StorePost("rich", "A rich post", "2031-01-01", ("rich",), BODY, authors=("Ann",))
    return write_store(tmp_path / "posts", [*POSTS, newest])


async def test_the_pane_shows_the_shared_header_and_the_renderers_blocks(tmp_path: Path) -> None:
    app = ReaderApp(_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        lines = article.plain_lines()
        assert lines[0].startswith("A rich post")
        assert any(line.startswith("By Ann") for line in lines[:6])
        # The renderer's table borders and its links, numbered, are there
        # (before the footer's: Linked from, Related).
        assert any("name" in line and "count" in line for line in lines)
        assert [link.target for link in article.links][:2] == [
            "https://example.com/page",
            "other-post.md",
        ]
        assert [(h.text, lines[h.line].strip()) for h in article.headings] == [
            ("A heading", "A heading")
        ]


async def test_wide_code_is_not_wrapped_and_the_view_never_scrolls_sideways(
    tmp_path: Path,
) -> None:
    app = ReaderApp(_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        code = [line for line in article.plain_lines() if "value_0" in line]
        assert len(code) == 1 and "value_39" in code[0]  # one line, whole
        # The code scrolls inside its block (test_app_article_blocks), the view does not.
        assert article.virtual_size.width <= article.content_width
        article.focus()
        await pilot.press("l", "l")
        await pilot.pause()
        assert article.scroll_x == 0
