"""Front matter: finding it, reading TOML and JSON, and mapping keys to a Post."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from reader.budgets import MAX_FRONT_MATTER_CHARS
from reader.formats.dates import ImpossibleDate, date_from_file_name, parse_date_text
from reader.formats.frontmatter import split_front_matter
from reader.formats.toml_front import parse_toml
from reader.model import Post
from reader.store import parse_post, post_id_for

PLUS_ONE = dt.timezone(dt.timedelta(hours=1))


def load(text: str, rel_path: str = "post.md") -> tuple[Post, list[str]]:
    post, problems = parse_post(text.encode("utf-8"), rel_path)
    assert post is not None, problems
    return post, [str(problem) for problem in problems]


# -- TOML ---------------------------------------------------------------------

STORE_TOML = """title = "Generous leadership"
date = 2016-09-13
updated = 2020-12-07T10:00:00+01:00
authors = ["Dawn Austwick"]
tags = ["challenges", 'change', "collaboration",]
count = 1_000
draft = false
note = "a \\"quoted\\" word\\tand a tab" # comment

[extra]
posted_by = "Clore Social Leadership"
title_source = "quoted-phrase"
"""


def test_toml_fast_path_agrees_with_tomllib() -> None:
    data, problems = parse_toml(STORE_TOML)
    assert problems == []
    assert data == tomllib.loads(STORE_TOML)
    assert data["updated"] == dt.datetime(2020, 12, 7, 10, tzinfo=PLUS_ONE)


@pytest.mark.parametrize(
    "text",
    [
        'tags = [\n  "a",\n  "b",\n]\n',
        'body = """\nmulti\nline\n"""\n',
        "ratio = 1.5\nwhen = 07:30:00\n",
        'author = { name = "Jo", email = "jo@example.com" }\n',
        'extra.posted_by = "Jo"\n[taxonomies.more]\nx = 1\n',
        "[[links]]\nurl = 'https://example.com'\n",
    ],
)
def test_toml_beyond_the_fast_path_is_read_by_tomllib(text: str) -> None:
    data, problems = parse_toml(text)
    assert problems == []
    assert data == tomllib.loads(text)


def test_bad_toml_names_the_file_line_and_keeps_the_readable_lines() -> None:
    text = 'title = "Kept"\ndate = 2016-09-13\nthis is not toml\ntags = ["a"]\n'
    data, problems = parse_toml(text, first_line=2)
    assert problems[0][0] == 4
    assert problems[0][1].startswith("invalid TOML front matter: ")
    assert "(at line" not in problems[0][1]
    assert data == {"title": "Kept", "date": dt.date(2016, 9, 13), "tags": ["a"]}


def test_impossible_toml_date_costs_only_its_key() -> None:
    data, problems = parse_toml('title = "x"\ndate = 2021-02-30\n', first_line=2)
    assert data == {"title": "x"}
    assert problems == [(3, "impossible date '2021-02-30'; 'date' ignored")]


def test_control_characters_in_toml_strings_are_accepted_for_cleaning() -> None:
    data, problems = parse_toml('title = "a\x1b[31mb"\n')
    assert problems == []
    assert data == {"title": "a\x1b[31mb"}


# -- splitting ----------------------------------------------------------------


def test_split_toml_yaml_json_and_none() -> None:
    toml = split_front_matter('+++\ntitle = "T"\n+++\n\nBody\n')
    assert (toml.kind, toml.data, toml.body) == ("toml", {"title": "T"}, "Body\n")
    yaml = split_front_matter("--- \ntitle: Y\n...\nBody")
    assert (yaml.kind, yaml.data, yaml.body) == ("yaml", {"title": "Y"}, "Body")
    json = split_front_matter('{\n  "title": "J",\n  "n": [1, 2]\n}\nBody\n')
    assert (json.kind, json.data, json.body) == ("json", {"title": "J", "n": [1, 2]}, "Body\n")
    plain = split_front_matter("# Heading\n---\n")
    assert (plain.kind, plain.data) == (None, {})


def test_a_hugo_shortcode_on_the_first_line_is_not_json() -> None:
    front = split_front_matter('{{< youtube id="x" >}}\n\nText')
    assert front.kind is None and front.problems == []


def test_unclosed_front_matter_reads_the_whole_file_as_body() -> None:
    post, problems = load('+++\ntitle = "never closed"\n\n# Heading\ntext\n', "unclosed.md")
    assert problems == [
        "unclosed.md:1: front matter opened by '+++' is never closed; "
        "the whole file is read as the body"
    ]
    assert post.body.startswith("+++\n")
    assert (post.title, post.title_source) == ("Heading", "heading")


def test_invalid_json_front_matter_names_its_line() -> None:
    post, problems = load('{\n  "title": "J",\n  "date": oops\n}\nBody\n', "j.md")
    assert problems[0].startswith("j.md:3: invalid JSON front matter")
    assert post.title == "j"


def test_problem_lines_count_from_the_top_of_the_file() -> None:
    _, problems = load("---\ntitle: ok\ndate: 2021-02-30\n---\nbody\n", "p.md")
    assert problems == ["p.md:3: impossible date '2021-02-30'; 'date' ignored"]
    _, problems = load('+++\ntitle = "ok"\nx = = 1\n+++\nbody\n', "t.md")
    assert problems[0].startswith("t.md:3: invalid TOML front matter")


# -- dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-09-13", dt.date(2016, 9, 13)),
        ("2016-9-3", dt.date(2016, 9, 3)),
        ("2016-09-13T10:00:00", dt.datetime(2016, 9, 13, 10)),
        ("2016-09-13T10:00", dt.datetime(2016, 9, 13, 10)),
        ("2016-09-13 10:00:00 +0100", dt.datetime(2016, 9, 13, 10, tzinfo=PLUS_ONE)),
        ("2016-09-13T10:00:00+01:00", dt.datetime(2016, 9, 13, 10, tzinfo=PLUS_ONE)),
        ("2016-09-13T10:00:00Z", dt.datetime(2016, 9, 13, 10, tzinfo=dt.UTC)),
        ("2016-09-13T10:00:00.250Z", dt.datetime(2016, 9, 13, 10, 0, 0, 250000, tzinfo=dt.UTC)),
        ("13 September 2016", None),
    ],
)
def test_date_text_forms(text: str, expected: dt.date | None) -> None:
    assert parse_date_text(text) == expected
    if isinstance(expected, dt.date) and not isinstance(expected, dt.datetime):
        assert type(parse_date_text(text)) is dt.date


@pytest.mark.parametrize("text", ["2021-02-30", "2016-13-01", "2016-09-13T25:00:00"])
def test_impossible_dates_raise(text: str) -> None:
    with pytest.raises(ImpossibleDate):
        parse_date_text(text)


def test_every_date_alias_and_string_dates() -> None:
    cases = {
        "date: 2016-09-13": dt.date(2016, 9, 13),
        "pubDate: 2016-09-13T10:00:00Z": dt.datetime(2016, 9, 13, 10, tzinfo=dt.UTC),
        "published: '2016-09-13'": dt.date(2016, 9, 13),
        "publishDate: 2016-09-13": dt.date(2016, 9, 13),
        "Date: 2016-09-13 10:00:00 +0100": dt.datetime(2016, 9, 13, 10, tzinfo=PLUS_ONE),
    }
    for line, expected in cases.items():
        post, problems = load(f"---\ntitle: x\n{line}\n---\n")
        assert (post.date, problems) == (expected, []), line


def test_updated_aliases() -> None:
    for key in ("updated", "lastmod", "modified", "last_modified_at"):
        post, _ = load(f"---\ntitle: x\n{key}: 2020-12-07\n---\n")
        assert post.updated == dt.date(2020, 12, 7), key


def test_jekyll_published_flag_is_not_a_date() -> None:
    post, problems = load("---\ntitle: x\npublished: false\n---\n", "2016-09-13-x.md")
    assert post.date == dt.date(2016, 9, 13)
    assert post.extra["published"] is False
    assert problems == []


def test_unused_aliases_are_kept_in_extra() -> None:
    post, _ = load("---\ntitle: x\ndate: 2016-01-01\npubDate: 2016-02-02\n---\n")
    assert post.date == dt.date(2016, 1, 1)
    assert post.extra["pubDate"] == dt.date(2016, 2, 2)


def test_impossible_date_loads_without_a_date_and_reports_it() -> None:
    post, problems = load("---\ntitle: x\ndate: 2021-02-30\n---\nbody\n", "x.md")
    assert post.date is None
    assert problems == ["x.md:3: impossible date '2021-02-30'; 'date' ignored"]


def test_unrecognised_date_text_is_reported() -> None:
    post, problems = load('+++\ntitle = "x"\ndate = "last tuesday"\n+++\n', "x.md")
    assert post.date is None
    assert problems == ["x.md:3: unrecognised date 'last tuesday'; 'date' ignored"]


def test_date_from_the_file_name_when_the_front_matter_has_none() -> None:
    post, _ = load("---\ntitle: x\n---\n", "_posts/2016-09-13-generous.markdown")
    assert post.date == dt.date(2016, 9, 13)
    post, _ = load("---\ntitle: x\ndate: 2017-01-01\n---\n", "_posts/2016-09-13-generous.md")
    assert post.date == dt.date(2017, 1, 1)
    post, _ = load("text", "2016/2016-09-13-bundle/index.md")
    assert post.date == dt.date(2016, 9, 13)
    assert date_from_file_name("notes") is None


def test_impossible_file_name_date_is_reported_without_a_line() -> None:
    post, problems = load("text", "2021-02-30-x.md")
    assert post.date is None
    assert problems == ["2021-02-30-x.md: impossible date '2021-02-30' in the file name"]


# -- authors, tags, extra ---------------------------------------------------------


def test_author_forms() -> None:
    cases = {
        "author: Jo Bloggs": ("Jo Bloggs",),
        "authors: [A, B, A]": ("A", "B"),
        "author:\n  name: Jo\n  email: jo@x": ("Jo",),
        "authors:\n  - name: A\n  - B\n  - ''": ("A", "B"),
        "author: A\nauthors: [B]": ("B", "A"),
    }
    for lines, expected in cases.items():
        post, _ = load(f"---\ntitle: x\n{lines}\n---\n")
        assert post.authors == expected, lines


def test_tags_merge_categories_in_order_without_duplicates() -> None:
    post, _ = load(
        "---\ntitle: x\ncategories: [news, Life]\ntags: [' life ', news, '', 7]\n"
        "category: Big Ideas\n---\n"
    )
    # `Life` is `life` but for case: one tag, in the spelling met first.
    assert post.tags == ("life", "news", "7", "Big Ideas")


def test_tag_strings_split_at_commas_or_spaces() -> None:
    post, _ = load("---\ntitle: x\ntags: one two\ncategories: a b, c d\n---\n")
    assert post.tags == ("one", "two", "a b", "c d")


def test_zola_taxonomies_and_extra() -> None:
    post, problems = load(
        '+++\ntitle = "Z"\ndescription = "d"\n\n[taxonomies]\ntags = ["zola", "rust"]\n'
        'categories = ["news"]\nseries = ["s"]\n\n[extra]\nposted_by = "Clore"\n'
        'title_source = "quoted-phrase"\nauthors_source = "bio"\npermalink = "https://x/"\n+++\n'
    )
    assert problems == []
    assert post.tags == ("zola", "rust", "news")
    assert post.title_source == "quoted-phrase"
    assert post.title_guessed
    assert post.permalink == "https://x/"
    assert dict(post.extra) == {
        "description": "d",
        "taxonomies": {"series": ["s"]},
        "posted_by": "Clore",
        "title_source": "quoted-phrase",
        "authors_source": "bio",
        "permalink": "https://x/",
    }


def test_extra_strings_are_cleaned_at_any_depth() -> None:
    post, _ = load('---\ntitle: x\nlinks:\n  - "\\e]8;;http://x\\a"\nnote: "a\\rb"\n---\n')
    assert post.extra == {"links": ["\ufffd]8;;http://x\ufffd"], "note": "a\nb"}


# -- titles and ids -----------------------------------------------------------------


def test_title_from_heading_then_file_name() -> None:
    post, _ = load("Intro.\n\n```\n# code comment\n```\n\n# The Title #\n\n# Later\n")
    assert (post.title, post.title_source) == ("The Title", "heading")
    assert not post.title_guessed
    post, _ = load("No heading here.\n", "2016/2016-09-13-my-first_post.md")
    assert (post.title, post.title_source) == ("my first post", "filename")
    assert post.title_guessed
    post, _ = load("text", "notes/My Note-2.md")
    assert post.title == "My Note-2"
    post, _ = load("text", "2016/a-bundle/index.md")
    assert post.title == "a bundle"


def test_front_matter_without_title_falls_back_to_the_heading() -> None:
    post, _ = load("---\ntags: [a]\n---\n\n# From the heading\n")
    assert (post.title, post.title_source) == ("From the heading", "heading")
    post, _ = load("+++\ntitle = 2016\n+++\n")
    assert (post.title, post.title_source) == ("2016", "front-matter")


@pytest.mark.parametrize(
    ("rel_path", "expected"),
    [
        ("a.md", "a"),
        ("2016/09/generous.markdown", "2016/09/generous"),
        ("2016/generous/index.md", "2016/generous"),
        ("notes/Thing.MDX", "notes/Thing"),
        ("index.md", "index"),
        ("blog/_index.md", "blog"),
        ("my.post.v2.md", "my.post.v2"),
    ],
)
def test_post_ids(rel_path: str, expected: str) -> None:
    assert post_id_for(rel_path) == expected
    post, _ = load("text", rel_path)
    assert (post.id, post.path) == (expected, rel_path)


def test_bom_and_crlf() -> None:
    data = '\ufeff+++\r\ntitle = "B"\r\ndate = 2021-06-01\r\n+++\r\n\r\nline one\r\nline two\r\n'
    post, problems = parse_post(data.encode("utf-8"), "b.md")
    assert problems == []
    assert post is not None
    assert (post.title, post.date, post.body) == ("B", dt.date(2021, 6, 1), "line one\nline two\n")


def test_front_matter_over_the_budget_is_not_read_in_any_format() -> None:
    filler = "x" * (MAX_FRONT_MATTER_CHARS + 10)
    for text in (
        f"---\ntitle: big\nnote: {filler}\n---\nBody\n",
        f'+++\ntitle = "big"\nnote = "{filler}"\n+++\nBody\n',
        f'{{"title": "big", "note": "{filler}"}}\nBody\n',
    ):
        front = split_front_matter(text)
        assert (front.data, front.body) == ({}, "Body\n")
        assert front.problems == [
            (1, "front matter longer than 256K characters; ignored, the body still loads")
        ]
