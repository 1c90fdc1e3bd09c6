"""Generated scrapes survive the import: title, dates, tags and every word of the body.

The body check renders the written Markdown with markdown-it (the parser Rich
uses) and compares the text of each block with the scrape's lines, so a
paragraph that became a heading, a list, code or emphasis fails the test.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from conftest import SEED
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from reader.importers.scrape.importer import import_scrapes
from reader.importers.scrape.markdown_body import body_to_markdown
from reader.importers.scrape.parse import ScrapeError, parse_scrape
from reader.importers.scrape.post_writer import render_post
from reader.importers.scrape.recover import recover
from reader.store import parse_post

# Words and marks that mean something to Markdown, mixed with plain words.
_PLAIN = "alpha beta gamma delta leadership change co-production people’s can’t …"
_MARKS = "# ## > >> * ** _ __ ` ``` ~ ~~ ~~~ [ ] ( ) ! \\ < & | = + - -- --- 1. 2) 2016."
TOKENS = [
    *_PLAIN.split(),
    *_MARKS.split(),
    "<div>", "</p>", "<!--", "&amp;", "&#35;", "[x](y)", "![i](p)", "*em*", "_em_", "a_b",
    "‘quoted’", "“double”", "'single'", '"plain"', "–", "—", "@h_kippin", "http://x.org",
    "<http://x.org>", "x\\*y", "end\\",
]  # fmt: skip
MONTHS = [dt.date(2000, month, 1).strftime("%B") for month in range(1, 13)]

word = st.sampled_from(TOKENS) | st.from_regex(r"[A-Za-z][a-z’]{0,9}", fullmatch=True)
line_text = st.lists(word, min_size=1, max_size=12).map(" ".join)


def is_plain_paragraph(text: str) -> bool:
    """Lines the parser would read as something else are generated on purpose elsewhere."""
    first = text.split(" ")[0]
    return first not in ("-", "‣", "•", "|", "Tags:", "Permalink")


paragraph = line_text.filter(is_plain_paragraph)
bullets = st.lists(line_text, min_size=1, max_size=4).map(lambda items: [f"- {i}" for i in items])
numbers = st.lists(line_text, min_size=2, max_size=4).map(
    lambda items: [f"{n}. {item}" for n, item in enumerate(items, start=1)]
)
block = st.one_of(paragraph.map(lambda text: [text]), bullets, numbers)
tag = st.from_regex(r"[a-z]{2,10}( [a-z]{2,8})?", fullmatch=True)


@dataclass
class GenPost:
    title: str | None
    date: dt.date
    updated: dt.date | None
    lines: list[str]
    tags: list[str]
    day_digits: int
    blank_between: bool

    def scrape_lines(self) -> list[str]:
        day = f"{self.date.day:0{self.day_digits}d}"
        out = ["|", "Posted By Clore Social Leadership,", f"{day} {MONTHS[self.date.month - 1]} "
               f"{self.date.year}"]  # fmt: skip
        if self.updated:
            out.append(f"Updated: {self.updated.day:02d} {self.updated:%B %Y}")
        out.append("|")
        for text in self.lines:
            out.append(text)
            if self.blank_between:
                out.append("")
        if self.tags:
            out += ["", "Tags:", *self.tags]
        return [*out, "Permalink", "| Comments (0)", "|"]


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))
titles = st.lists(st.from_regex(r"[A-Za-z]{3,9}", fullmatch=True), min_size=1, max_size=6).map(
    " ".join
)


@st.composite
def gen_posts(draw: st.DrawFn) -> GenPost:
    title = draw(st.none() | titles)
    lines = [text for chunk in draw(st.lists(block, min_size=0, max_size=6)) for text in chunk]
    if title is not None:
        lines.insert(0, f"Here is what I am calling ‘{title}’ in this post.")
    return GenPost(
        title=title,
        date=draw(dates),
        updated=draw(st.none() | dates),
        lines=lines,
        tags=draw(st.lists(tag, max_size=5, unique=True)),
        day_digits=draw(st.sampled_from([1, 2])),
        blank_between=draw(st.booleans()),
    )


def rendered_texts(markdown: str) -> list[str]:
    """Each block's text as a scrape line would say it (`- item`, `2. item`).

    Anything that is not a paragraph, a list item or a blockquote, and any
    inline markup, shows up as `<token type>`, so it cannot compare equal.
    """
    texts: list[str] = []
    lists: list[int | None] = []
    prefix = ""
    structure = {
        "paragraph_open", "paragraph_close", "list_item_close", "blockquote_open",
        "blockquote_close",
    }  # fmt: skip
    for token in MarkdownIt("commonmark").enable(["strikethrough", "table"]).parse(markdown):
        if token.type == "bullet_list_open":
            lists.append(None)
        elif token.type == "ordered_list_open":
            lists.append(int(token.attrGet("start") or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            number = lists[-1]
            prefix = "- " if number is None else f"{number}. "
            if number is not None:
                lists[-1] = number + 1
        elif token.type == "inline":
            parts = [
                child.content if child.type in ("text", "text_special") else f"<{child.type}>"
                for child in token.children or []
            ]
            texts.append(prefix + "".join(parts))
            prefix = ""
        elif token.type not in structure:
            texts.append(f"<{token.type}>")
    return texts


def title_like(title: str) -> bool:
    first, last = title[:1], title[-1:]
    return (first.isalnum() or first in "(£$€@") and (last.isalnum() or last in "…?!)")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # One date and one body make the same post, which the importer keeps once
    # (test_import.py covers that): here every post is its own.
    posts=st.lists(
        gen_posts(), min_size=1, max_size=3, unique_by=lambda post: (post.date, tuple(post.lines))
    ),
    crlf=st.booleans(),
    final_newline=st.booleans(),
)
def test_import_keeps_title_dates_tags_and_body(
    posts: list[GenPost], crlf: bool, final_newline: bool
) -> None:
    lines = [line for post in posts for line in post.scrape_lines()]
    text = ("\r\n" if crlf else "\n").join(lines) + ("\n" if final_newline else "")
    with tempfile.TemporaryDirectory() as temp:
        source = Path(temp) / "page.txt"
        source.write_bytes(text.encode("utf-8"))
        plan = import_scrapes([source], Path(temp) / "out")
        assert len(plan.files) == len(posts)
        for post, planned in zip(posts, plan.files, strict=True):
            loaded, problems = parse_post(planned.path.read_bytes(), planned.path.name)
            assert problems == [] and loaded is not None
            if post.title is not None:
                assert loaded.title == post.title[0].upper() + post.title[1:]
                assert loaded.title_source == "explicit"
            assert title_like(loaded.title), loaded.title
            assert loaded.date == post.date
            assert loaded.updated == post.updated
            assert list(loaded.tags) == post.tags
            assert rendered_texts(loaded.body) == post.lines


@example(["# not a heading", "> not a quote", "2016. not a list", "---", "+", "*stars*"])
@example(["1. one", "2. two", "1. again", "2. again", "- b", "3) paren"])
@example(["<div>html</div>", "&amp; &#35;", "[l](u) ![i](p)", "`code`", "~~~", "a\\*b end\\"])
@given(st.lists(block, min_size=1, max_size=6).map(lambda chunks: [t for c in chunks for t in c]))
def test_markdown_body_keeps_every_line(lines: list[str]) -> None:
    assert rendered_texts(body_to_markdown(lines)) == lines


SEED_LINES = SEED.read_text("utf-8").split("\n")


@settings(max_examples=150, deadline=None)
@given(
    deleted=st.sets(st.integers(0, len(SEED_LINES) - 1), max_size=6),
    inserted=st.lists(st.tuples(st.integers(0, len(SEED_LINES)), line_text), max_size=3),
)
def test_a_damaged_seed_imports_or_fails_with_a_line(
    deleted: set[int], inserted: list[tuple[int, str]]
) -> None:
    """Delete and insert lines anywhere: the parser either reads posts that
    render, or fails with a ScrapeError on a line of the file; never a crash."""
    lines = [line for index, line in enumerate(SEED_LINES) if index not in deleted]
    for position, text in inserted:
        lines.insert(min(position, len(lines)), text)
    try:
        posts = parse_scrape("\n".join(lines).encode("utf-8"), "seed.txt")
    except ScrapeError as error:
        assert error.line is None or 1 <= error.line <= len(lines)
        assert str(error).startswith("seed.txt") and "\n" not in str(error)
        return
    for post in posts:
        text = render_post(post, recover(post))
        assert text.startswith("+++\n") and text.endswith("\n")


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    try:
        parse_scrape(data, "x.txt")
    except ScrapeError as error:
        assert str(error).startswith("x.txt")
