"""The reading width: 88 columns by default (`reading_width` in config.toml), the text
centred in a wider pane, and `w` for the pane's full width."""

from __future__ import annotations

from pathlib import Path

from app_stores import POSTS, StorePost, settle, write_store

from reader.tui.app import ReaderApp
from reader.tui.widgets.article import Article
from reader.userdata.config import Config

WIDE = (240, 40)
BODY = "\n\n".join("Words that fill a long line of prose in a wide pane. " * 8 for _ in range(4))


def _app(tmp_path: Path, config: Config | None = None) -> ReaderApp:
    post = StorePost("wide", "A wide post", "2031-01-01", ("x",), BODY)
    return ReaderApp(write_store(tmp_path / "posts", [*POSTS, post]), config=config)


def _longest(article: Article) -> int:
    return max(len(line.rstrip()) for line in article.plain_lines())


async def test_text_is_88_columns_centred_and_w_gives_the_full_width(tmp_path: Path) -> None:
    app = _app(tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(Article)
        assert article.content_width > 100
        assert 80 <= _longest(article) <= 88
        # Centred: the first drawn cells of a line of text are the margin.
        drawn = article.render_line(2).text
        margin = (article.content_width - 88) // 2
        assert drawn[:margin].strip() == "" and drawn[margin:].strip()
        article.focus()
        await pilot.press("w")
        await settle(pilot)
        assert _longest(article) > 100
        await pilot.press("w")
        await settle(pilot)
        assert _longest(article) <= 88


async def test_config_sets_the_reading_width(tmp_path: Path) -> None:
    app = _app(tmp_path, Config(reading_width=60))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert 50 <= _longest(app.screen.query_one(Article)) <= 60
