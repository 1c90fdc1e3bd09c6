"""The metadata of real blogs, in small copies of their shapes.

Each fixture is written the way one public blog writes its posts: the React
blog (Next.js MDX, `date: 2024/02/15`, dated folders), This Week in Rust
(Pelican header lines), the Obsidian help vault, Ruby's news (Jekyll) and
the Go blog (`by:` lists, `summary:` continued on the next line).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.formats.body_tags import inline_tags
from reader.formats.dates import date_from_folders, date_in_link, parse_date_text
from reader.formats.header_meta import split_header
from reader.model import Post
from reader.store import load_store, parse_post

UTC = dt.UTC


def load(text: str, rel_path: str = "post.md") -> tuple[Post, list[str]]:
    post, problems = parse_post(text.encode("utf-8"), rel_path)
    assert post is not None, problems
    return post, [str(problem) for problem in problems]


# -- the React blog -------------------------------------------------------------

REACT = """---
title: "React Labs: What We've Been Working On – March 2023"
author: Joseph Savona, Josh Story, Lauren Tan, and Andrew Clark
date: 2023/03/22
description: In React Labs posts, we write about projects in active research.
---

March 22, 2023 by [Joseph Savona](https://twitter.com/en_JS)

---

<Intro>

In React Labs posts, we write about projects {/*anchor*/} in active research.

</Intro>
"""


def test_react_blog_slashed_date_and_a_string_of_authors() -> None:
    post, problems = load(REACT, "2023/03/22/react-labs.md")
    assert problems == []
    assert (post.date, post.date_source) == (dt.date(2023, 3, 22), "front-matter:date")
    assert post.authors == ("Joseph Savona", "Josh Story", "Lauren Tan", "Andrew Clark")
    assert post.summary == "In React Labs posts, we write about projects in active research."
    assert post.title == "React Labs: What We've Been Working On – March 2023"
    assert post.section == ""  # dated folders file posts; they are no section


def test_react_blog_folders_date_a_post_without_a_date_key() -> None:
    post, _ = load("---\ntitle: x\nauthor: Matt Carroll and Ricky Hanlon\n---\n", "2020/12/21/x.md")
    assert (post.date, post.date_source) == (dt.date(2020, 12, 21), "folder")
    assert post.authors == ("Matt Carroll", "Ricky Hanlon")
    post, _ = load("Text.\n", "2018/07/a-bundle/index.md")
    assert (post.date, post.date_source) == (dt.date(2018, 7, 1), "folder")


# -- This Week in Rust (Pelican) ------------------------------------------------

PELICAN = """Title: This Week in Rust 153
Number: 153
Date: 2016-10-25
Modified: 2016-10-26 10:20
Category: This Week in Rust
Tags: rust, community
Authors: Ana Hobden, Nell Shamrell-Harrington
Summary: Hello and welcome
    to another issue.

Hello and welcome to another issue of *This Week in Rust*!
Note: this line is body text.

Channel: #rust-community is not a tag in a Pelican post.
"""


def test_pelican_header_is_metadata_and_not_body() -> None:
    post, problems = load(PELICAN, "2016-10-25-this-week-in-rust.md")
    assert problems == []
    assert post.title == "This Week in Rust 153"
    assert (post.date, post.date_source) == (dt.date(2016, 10, 25), "header:date")
    assert post.updated == dt.datetime(2016, 10, 26, 10, 20)
    assert post.tags == ("rust", "community", "This Week in Rust")
    assert post.authors == ("Ana Hobden", "Nell Shamrell-Harrington")
    assert post.summary == "Hello and welcome to another issue."
    assert post.extra["Number"] == "153"
    assert post.body.startswith("Hello and welcome")
    assert "Title:" not in post.body


@pytest.mark.parametrize(
    "text",
    [
        "Note: this is how it starts.\nAnd it goes on.\n",  # not a key the reader knows
        "Title: A note\nthat goes on in prose\n",  # a line that is not `Key: value`
        "Title: x\nhttps://example.com/a\n",  # a URL, not a key
        "Title:\n\nBody\n",  # no value
        "Summary of the day: it rained\n",  # a sentence, not a key
    ],
)
def test_ordinary_first_paragraphs_are_not_headers(text: str) -> None:
    assert split_header(text) is None
    post, _ = load(text)
    assert post.body == text


def test_a_bad_header_date_names_its_line_and_the_file_name_dates_the_post() -> None:
    post, problems = load("Title: x\nDate: 2021-02-30\n\nBody\n", "2016-10-25-x.md")
    assert problems == ["2016-10-25-x.md:2: impossible date '2021-02-30'; 'Date' ignored"]
    assert (post.date, post.date_source) == (dt.date(2016, 10, 25), "file-name")


def test_a_header_may_be_the_whole_file() -> None:
    post, _ = load("Title: Only metadata\nDate: 2015-07-08\n", "pages/privacy.md")
    assert (post.title, post.date, post.body) == ("Only metadata", dt.date(2015, 7, 8), "")
    assert post.section == "pages"


# -- the Obsidian help vault ----------------------------------------------------

OBSIDIAN = """---
aliases:
  - alias
  - How to/Add aliases to note
permalink: aliases
author: "[[People/Jo Bloggs|Jo]]"
tags:
  - recipe
draft: yes
---

If you want to reference a file using different names, see [[Internal links#Change|text]].

Tags look like #cooking and #Recipe and #project/active, but #1984 is none.
A [link](#anchor), a page.md#part and `#code` are not tags; &#39; is an entity.

## A heading

```css
#content { color: red; }
```

> [!note]
> ```
> #in-a-callout-fence
> ```

<style>
#blog #content img { width: 10px; }
</style>
"""


def test_obsidian_note_links_inline_tags_and_sections() -> None:
    post, problems = load(OBSIDIAN, "Linking notes and files/Aliases.md")
    assert problems == []
    assert post.authors == ("Jo",)
    assert post.tags == ("recipe", "cooking", "project/active")
    assert post.draft is True
    assert post.date is None and post.date_source is None
    assert post.section == "Linking notes and files"
    assert post.title == "Aliases"


def test_obsidian_links_unquoted_and_in_lists_are_names() -> None:
    post, _ = load("---\nauthor: [[Jo Bloggs]]\nby: ['[[Ann Lee]]', '[[People/Sam]]']\n---\n")
    assert post.authors == ("Jo Bloggs", "Ann Lee", "Sam")


def test_inline_tags_ignore_code_headings_fragments_and_attributes() -> None:
    body = (
        "#first at the start, then #second.\n"
        "# Heading\n"
        "    #indented-code\n"
        "  - #in-a-list\n"
        "{: #fn1}\n"
        "use #each\\_line in Ruby\n"
        "~~~\n#fenced\n~~~\n"
        "a #TAG and a #tag\n"
    )
    assert inline_tags(body) == ["first", "second", "in-a-list", "TAG"]


# -- Ruby news (Jekyll) ---------------------------------------------------------

JEKYLL = """---
layout: news_post
title: "Ruby 2.7.2 Released"
author: "nagachika"
translator:
date: 2020-10-02 11:00:00 +0000
lang: en
---

Ruby 2.7.2 has been released. See {% link en/downloads/index.md %}.
"""


def test_jekyll_loose_date_and_empty_keys() -> None:
    post, problems = load(JEKYLL, "_posts/2020-10-02-ruby-2-7-2-released.md")
    assert problems == []
    assert post.date == dt.datetime(2020, 10, 2, 11, tzinfo=UTC)
    assert post.date_source == "front-matter:date"
    assert post.authors == ("nagachika",)
    assert post.extra["translator"] is None
    assert post.section == ""  # `_posts` files posts; it is no section
    assert not post.draft


@pytest.mark.parametrize(
    ("line", "draft"),
    [
        ("draft: true", True),
        ("draft: 'yes'", True),
        ("draft: On", True),
        ("draft: false", False),
        ("draft: no", False),
        ("draft: maybe", False),
        ("published: true", False),
        ("published: 'false'", True),
    ],
)
def test_draft_flags(line: str, draft: bool) -> None:
    post, problems = load(f"---\ntitle: x\n{line}\n---\n")
    assert (post.draft, problems) == (draft, [])


def test_jekyll_file_name_date_and_published_flag() -> None:
    post, _ = load("---\ntitle: x\npublished: false\n---\n", "_posts/2013-02-06-x.md")
    assert (post.date, post.date_source, post.draft) == (dt.date(2013, 2, 6), "file-name", True)


# -- the Go blog ------------------------------------------------------------------

GO = """---
title: Fixing For Loops in Go 1.22
date: 2023-09-19
by:
- David Chase
- Russ Cox, for the Go team
summary: Go 1.21 shipped a preview of a change in Go 1.22
  to make for loops less error-prone.
template: true
---

Go 1.21 includes a preview of a change to `for` loop scoping. Ask in #tools.
"""


def test_go_blog_by_list_and_continued_summary() -> None:
    post, problems = load(GO, "loopvar-preview.md")
    assert problems == []
    assert post.authors == ("David Chase", "Russ Cox, for the Go team")  # items are not cut
    assert post.summary == (
        "Go 1.21 shipped a preview of a change in Go 1.22 to make for loops less error-prone."
    )
    assert post.date_source == "front-matter:date"


def test_go_blog_redirect_stub_is_no_post_and_no_problem() -> None:
    post, problems = parse_post(b"---\nredirect: /blog/cgo\n---\n", "c-go-cgo.md")
    assert (post, problems) == (None, [])


# -- dates from links, and the order of undated posts -------------------------------


@pytest.mark.parametrize(
    ("lines", "source"),
    [
        ("permalink: /blog/2019/05/07/launch/", "front-matter:permalink"),
        ("url: https://example.com/2019/05/07/launch", "front-matter:url"),
        ("slug: 2019/05/07/launch", "front-matter:slug"),
        ("path: /2019/5/7/launch", "front-matter:path"),
        ("aliases: [/old, /2019/05/07/launch]", "front-matter:aliases"),
    ],
)
def test_dates_from_link_keys(lines: str, source: str) -> None:
    post, problems = load(f"---\ntitle: x\n{lines}\n---\n", "2001-01-01-x.md")
    assert (post.date, post.date_source, problems) == (dt.date(2019, 5, 7), source, [])


def test_date_keys_win_over_links_and_links_over_names_and_folders() -> None:
    post, _ = load("---\ndate: 2020-01-02\npermalink: /2019/05/07/x\n---\n", "2018/03/x.md")
    assert post.date_source == "front-matter:date"
    post, _ = load("---\npermalink: /2019/05/07/x\n---\n", "2018/03/2017-01-01-x.md")
    assert post.date_source == "front-matter:permalink"
    post, _ = load("text", "2018/03/2017-01-01-x.md")
    assert (post.date, post.date_source) == (dt.date(2017, 1, 1), "file-name")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/02/15", dt.date(2024, 2, 15)),
        ("2024.02.15", dt.date(2024, 2, 15)),
        ("2024/2/5 08:00", dt.datetime(2024, 2, 5, 8)),
        ("2013-02-06 08:00:00 +0000", dt.datetime(2013, 2, 6, 8, tzinfo=UTC)),
        (
            "2013-02-06 8:00:00 -0800",
            dt.datetime(2013, 2, 6, 8, tzinfo=dt.timezone(-dt.timedelta(hours=8))),
        ),
        ("2024/02.15", None),  # one separator throughout
    ],
)
def test_slashed_dotted_and_loose_date_text(text: str, expected: dt.date | None) -> None:
    assert parse_date_text(text) == expected


def test_link_and_folder_dates_need_a_real_day() -> None:
    assert date_in_link("/2019/02/30/x /2019/03/01/y") == dt.date(2019, 3, 1)
    assert date_in_link("/v1/2019/123/") is None
    assert date_from_folders("2016/generous/index.md") is None  # a year alone is no date
    assert date_from_folders("9999/12/x.md") is None
    assert date_from_folders("2019/13/x.md") is None
    assert date_from_folders("blog/2020/12/21/x.md") == dt.date(2020, 12, 21)


def test_undated_posts_sort_after_dated_ones(tmp_path: Path) -> None:
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "2020-01-01-old.md").write_text("old\n")
    (tmp_path / "note.md").write_text("no date anywhere\n")
    (tmp_path / "new.md").write_text("---\ndate: 2024/02/15\n---\nnew\n")
    posts = load_store(tmp_path).posts
    assert [post.id for post in posts] == ["new", "2020/2020-01-01-old", "note"]
    assert [post.date_source for post in posts] == ["front-matter:date", "file-name", None]
