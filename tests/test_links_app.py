"""The article's footer in the app and in `reader show`: Linked from and Related."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_stores import POSTS, StorePost, settle, write_store
from conftest import SIZE
from textual.pilot import Pilot

from reader.cli import main
from reader.links import PostRef
from reader.render.footer import LINKED_FROM, RELATED, footer_document, sections
from reader.render.styles import RenderStyles
from reader.tui.app import ReaderApp
from reader.tui.screens.pick import PickScreen
from reader.tui.widgets.article import Article

LINKING = StorePost(
    "linking",
    "A post that links",
    "2031-01-01",
    ("links",),
    "Read [the funding post](funding-futures.md) about trust and transactions.\n",
)
SHARING = StorePost(
    "sharing",
    "Money and trust",
    "2015-05-05",
    ("funding",),
    "Funding is a relationship of trust, never a transaction. Money follows trust.\n",
)


def _article(app: ReaderApp) -> Article:
    return app.screen.query_one(Article)


async def _open_funding(pilot: Pilot[None], app: ReaderApp) -> Article:
    """Follow the newest post's first link, to "Funding futures"."""
    await settle(pilot)
    article = _article(app)
    article.focus()
    await pilot.press("L")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert article.data.post is not None and article.data.post.id == "funding-futures"
    return article


async def test_the_footer_ends_the_article_and_its_entries_are_links_to_follow(
    tmp_path: Path,
) -> None:
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, LINKING, SHARING]))
    async with app.run_test(size=SIZE) as pilot:
        article = await _open_funding(pilot, app)
        lines = [line.strip() for line in article.plain_lines()]
        body_end = max(i for i, line in enumerate(lines) if "transaction" in line)
        tail = [line for line in lines[body_end + 1 :] if line]
        assert tail[0] == "Linked from"
        assert tail[1].startswith("• A post that links") and "2031-01-01" in tail[1]
        assert tail[2] == "Related"
        assert tail[3].startswith("• Money and trust")
        # The entries are the article's links: `L` lists them, Enter opens the post.
        targets = [link.target for link in article.links]
        assert targets[:2] == ["/linking.md", "/sharing.md"]  # the closest related first
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, PickScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "linking"
        await pilot.press("backspace")  # and back, as after any followed link
        await settle(pilot)
        assert article.data.post is not None and article.data.post.id == "funding-futures"


async def test_a_post_nothing_links_to_and_nothing_shares_words_with_has_no_footer(
    tmp_path: Path,
) -> None:
    lonely = StorePost("lonely", "Zzz", "2040-01-01", ("x",), "Qwxz vbnm.\n")
    app = ReaderApp(write_store(tmp_path / "posts", [*POSTS, lonely]))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = _article(app)
        assert article.data.post is not None and article.data.post.id == "lonely"
        assert article.data.footer == ()
        text = "\n".join(article.plain_lines())
        assert "Linked from" not in text and "Related" not in text


def test_show_prints_the_sections_at_the_end_but_not_with_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = write_store(tmp_path / "posts", [*POSTS, LINKING, SHARING])
    assert main(["show", "funding-futures", "--plain", "--store", str(store)]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index("Linked from")
    assert out[start + 1].startswith("• A post that links") and "2031-01-01" in out[start + 1]
    assert out[start + 3] == "Related"
    assert out[start + 4].startswith("• Money and trust")
    assert out[out.index("[1] /linking.md") + 1] == "[2] /sharing.md"
    assert main(["show", "funding-futures", "--source", "--store", str(store)]) == 0
    source = capsys.readouterr().out
    assert "Linked from" not in source and "Related" not in source


def test_the_footer_leaves_out_empty_sections_and_numbers_its_links_after_the_body() -> None:
    one = PostRef("a/one", "a/one.md", "One " * 12, "2020-01-02T10:00:00")
    two = PostRef("two", "two.md", "Two", None)
    assert sections([], []) == ()
    assert [s.heading for s in sections([], [two])] == [RELATED]
    # A post that links here is not listed again as related.
    footer = sections([one], [one, two])
    assert [(s.heading, [p.id for p in s.posts]) for s in footer] == [
        (LINKED_FROM, ["a/one"]),
        (RELATED, ["two"]),
    ]
    document = footer_document(footer, 30, RenderStyles(), first_number=4, offset=99)
    plain = [line.plain for line in document.lines]
    assert plain[1] == LINKED_FROM and plain[-1].startswith("• Two⁵")
    assert all(len(line) <= 30 for line in plain)  # a long title wraps
    assert [(link.number, link.target) for link in document.links] == [
        (4, "/a/one.md"),
        (5, "/two.md"),
    ]
    assert len(document.links[0].lines) > 1 and "2020-01-02" in "".join(plain)
    assert set(document.source_offsets) == {99}
