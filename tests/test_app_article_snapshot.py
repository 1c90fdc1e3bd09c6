"""A snapshot of the article pane drawing a post with a table, code and links
(SVG in tests/__snapshots__/); update with `--snapshot-update` after an intended change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app_stores import POSTS, StorePost, settle, write_store
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.widgets.article import Article

BODY = """Read [the funding post](funding-futures.md) and [an outside page](https://example.com/page).

## A table

| name  | count | note                 |
|-------|------:|----------------------|
| alpha |     1 | the first one        |
| beta  |    22 | a longer note here   |

## Some code

```python
def total(values: list[int]) -> int:
    return sum(value * 2 for value in values if value > 0)  # a line longer than the pane is wide
```

> A quote, with `inline code` and *emphasis*.
"""


def test_an_article_with_a_table_code_and_links(
    snap_compare: Callable[..., bool], tmp_path: Path
) -> None:
    post = StorePost("rich", "A rich post", "2031-01-01", ("rich",), BODY, authors=("Ann",))
    store = write_store(tmp_path / "posts", [*POSTS, post])

    async def focus_article(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(Article).focus()
        await settle(pilot)

    assert snap_compare(ReaderApp(store), terminal_size=(120, 40), run_before=focus_article)
