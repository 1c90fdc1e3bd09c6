"""The scrape parser: the sample scrape's measured facts, its variations, its failures."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED

from reader.importers.scrape.markdown_body import Block, body_blocks, body_to_markdown
from reader.importers.scrape.parse import ScrapedPost, ScrapeError, parse_scrape

SEED_TEXT = SEED.read_text(encoding="utf-8")


def parse(text: str, name: str = "page.txt") -> list[ScrapedPost]:
    return parse_scrape(text.encode("utf-8"), name)


def error_of(text: str | bytes, name: str = "page.txt") -> ScrapeError:
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    with pytest.raises(ScrapeError) as caught:
        parse_scrape(data, name)
    return caught.value


def post_text(
    body: str,
    *,
    posted_by: str = "Clore Social Leadership",
    date: str = "14 February 2017",
    updated: str | None = "07 December 2020",
    tags: list[str] | None = None,
    comments: str = "| Comments (0)",
) -> str:
    """One post in the scrape's layout, with `|` opener and closer."""
    lines = ["|", f"Posted By {posted_by},", date]
    if updated:
        lines.append(f"Updated: {updated}")
    lines += ["|", body]
    if tags is not None:
        lines += ["", "Tags:", *tags]
    lines += ["Permalink", comments, "|"]
    return "\n".join(lines) + "\n"


# --- the sample scrape's facts (docs/design.md §1.1) -------------------------------------


def test_seed_file_facts() -> None:
    data = SEED.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in data
    assert data.count(b"\n") == 139  # 140 lines, the last without a newline
    assert not data.endswith(b"\n")
    assert data.decode("utf-8").split("\n")[-1] == "|"


def test_seed_has_five_posts_newest_first() -> None:
    posts = parse_scrape(SEED.read_bytes(), str(SEED))
    assert [post.date for post in posts] == [
        dt.date(2017, 2, 14),
        dt.date(2017, 2, 8),
        dt.date(2017, 1, 16),
        dt.date(2016, 9, 13),
        dt.date(2016, 9, 6),
    ]
    assert all(post.updated == dt.date(2020, 12, 7) for post in posts)
    assert all(post.posted_by == "Clore Social Leadership" for post in posts)
    assert all(post.comments == 0 for post in posts)
    assert all(post.source == SEED.name for post in posts)
    # Each post's line is its `Posted By` header.
    assert [post.line for post in posts] == [2, 31, 56, 90, 116]


def test_seed_tags_and_body_bounds() -> None:
    posts = parse_scrape(SEED.read_bytes(), "seed.txt")
    assert posts[0].tags == ("challenges", "collaboration", "fellow", "respect", "tips", "value")
    assert posts[3].tags == ("challenges", "change", "collaboration", "politics", "value")
    assert posts[4].tags[-1] == "inclusion"
    first = posts[0]
    assert first.body[0].number == 6
    assert first.body[0].text.startswith("Despite using the word")
    assert first.body[-1].number == 18  # the blank line and the tag block are not body
    for post in posts:
        texts = post.body_texts
        assert "Tags:" not in texts and "Permalink" not in texts and "|" not in texts
    assert sum(len(post.body_texts) for post in posts) == 13 + 9 + 18 + 11 + 9


def test_seed_body_list_runs() -> None:
    posts = parse_scrape(SEED.read_bytes(), "seed.txt")
    bullets = [block for block in body_blocks(posts[0].body_texts) if block.kind == "bullets"]
    assert len(bullets) == 1
    assert [item.split(":")[0] for item in bullets[0].items] == [
        "Awareness",
        "Buy-in",
        "Expectations",
        "Performance",
        "Feedback",
    ]
    numbers = [block for block in body_blocks(posts[4].body_texts) if block.kind == "numbers"]
    assert len(numbers) == 1 and numbers[0].start == 1 and len(numbers[0].items) == 3
    assert numbers[0].items[0].startswith("Great organisational leadership")
    markdown = body_to_markdown(posts[0].body_texts)
    assert "\n\n- Awareness: Share" in markdown
    assert "\n- Buy-in: For co-production" in markdown
    # ` - ` inside a line is a dash, not a list: the paragraph stays one paragraph.
    dash = "Because if we try we might just do it - and this will benefit everyone."
    assert Block(
        "paragraph",
        (
            f"Doing this will be no easy task, but it is something I "
            f"believe we are duty bound to do. {dash}",
        ),
    ) in body_blocks(posts[1].body_texts)


# --- accepted variations ------------------------------------------------------------


def test_crlf_bom_and_final_newline_variants() -> None:
    expected = parse(SEED_TEXT)
    for text in (
        SEED_TEXT.replace("\n", "\r\n"),
        "\ufeff" + SEED_TEXT,
        SEED_TEXT + "\n",
        SEED_TEXT.replace("\n", "\r\n") + "\r\n",
    ):
        assert parse(text) == expected


def test_missing_updated_and_missing_tag_block() -> None:
    [post] = parse(post_text("One line.", updated=None, tags=None))
    assert post.updated is None
    assert post.tags == ()
    assert post.body_texts == ["One line."]


def test_body_lines_reading_tags_or_permalink_stay_body() -> None:
    body = "First.\nTags:\nPermalink\nLast line of the body."
    [post] = parse(post_text(body, tags=["change", "value"]))
    assert post.body_texts == ["First.", "Tags:", "Permalink", "Last line of the body."]
    assert post.tags == ("change", "value")


def test_tags_line_without_a_tag_block_is_body() -> None:
    body = "First.\nTags:\nThis sentence follows the word, so it is no tag."
    [post] = parse(post_text(body, tags=None))
    assert post.body_texts[-2:] == ["Tags:", "This sentence follows the word, so it is no tag."]
    assert post.tags == ()


def test_blank_lines_in_body_single_digit_day_and_comment_count() -> None:
    text = post_text(
        "Para one.\n\nPara two.\n\n\nPara three.",
        date="6 September 2016",
        comments="| Comments (3)",
        tags=["a"],
    )
    [post] = parse(text)
    assert post.date == dt.date(2016, 9, 6)
    assert post.comments == 3
    assert post.body_texts == ["Para one.", "Para two.", "Para three."]
    assert [line.text for line in post.body].count("") == 3


def test_doubled_bars_and_a_person_posting() -> None:
    text = post_text("Body.", posted_by="Liam Russell", tags=["x"])
    text = text.replace("|\n", "|\n|\n")  # every `|` line doubled
    posts = parse(text + text)
    assert len(posts) == 2
    assert posts[0].posted_by == "Liam Russell"
    assert posts[0].body_texts == ["Body."]


def test_dash_alone_and_triangle_bullets_and_pull_quotes() -> None:
    pull = "Generous leaders seek to be part of a wider movement"
    body = "\n".join(
        [
            "Intro line.",
            "-",
            "First item on its own line",
            "- Second item",
            "‣ Third item",
            f"Long paragraph where {pull.lower()} and to share in it.",
            f"‘{pull}’",
            "Photo: the team",
        ]
    )
    [post] = parse(post_text(body, tags=["x"]))
    blocks = body_blocks(post.body_texts)
    assert blocks[1] == Block(
        "bullets", ("First item on its own line", "Second item", "Third item")
    )
    assert blocks[3] == Block("quote", (f"‘{pull}’",))
    assert blocks[4] == Block("paragraph", ("Photo: the team",))


def test_paragraph_starting_with_a_year_is_not_a_list() -> None:
    markdown = body_to_markdown(["2016. It was a year.", "Next."])
    assert markdown.startswith("2016\\. It was a year.")


def test_multiple_ordered_runs_and_lone_numbers() -> None:
    blocks = body_blocks(["1. a", "2. b", "Middle.", "7. lone"])
    assert blocks == [
        Block("numbers", ("a", "b"), 1),
        Block("paragraph", ("Middle.",)),
        Block("paragraph", ("7. lone",)),
    ]


def test_control_characters_are_dropped() -> None:
    [post] = parse(post_text("Bad \x1b[31mred\x07 text.", tags=["x"]))
    assert post.body_texts == ["Bad [31mred text."]


# --- failures: one line, FILE:LINE ------------------------------------------------


def test_truncated_file_names_the_unfinished_post() -> None:
    lines = SEED_TEXT.split("\n")
    cut = "\n".join(lines[:100])  # inside the fourth post (header at line 90)
    error = error_of(cut, "seed.txt")
    assert error.line == 90
    assert str(error).startswith("seed.txt:90: post has no footer")
    assert "\n" not in str(error)


def test_post_without_footer_before_the_next_post() -> None:
    lines = SEED_TEXT.split("\n")
    del lines[26:28]  # the first post's `Permalink` and `| Comments (0)`
    error = error_of("\n".join(lines))
    assert error.line == 2
    assert "next post at line 29" in error.reason


def test_header_with_an_invalid_date() -> None:
    error = error_of(SEED_TEXT.replace("08 February 2017", "Someday soon"))
    assert str(error).startswith("page.txt:32: expected a date like '13 September 2016'")
    error = error_of(SEED_TEXT.replace("08 February 2017", "30 February 2017"))
    assert error.line == 32 and "impossible" in error.reason
    error = error_of(SEED_TEXT.replace("Updated: 07 December 2020", "Updated: soon", 1))
    assert error.line == 4 and "'Updated:' date" in error.reason


def test_posted_by_missing_its_date() -> None:
    error = error_of(SEED_TEXT.replace("16 January 2017\n", "", 1))
    assert error.line == 57
    assert "expected a date" in error.reason


def test_stray_text_between_posts_and_empty_files() -> None:
    lines = SEED_TEXT.split("\n")
    lines.insert(29, "Read more posts")
    error = error_of("\n".join(lines))
    assert error.line == 30 and "Posted By" in error.reason
    assert str(error_of("")) == "page.txt: no posts found (expected 'Posted By NAME,')"
    assert error_of("|\n|\n").line is None


def test_not_utf8_names_the_line() -> None:
    data = SEED_TEXT.encode("utf-8").replace(b"Dawn", b"D\xffwn", 1)
    error = error_of(data)
    assert error.line == 94
    assert "not UTF-8" in error.reason
