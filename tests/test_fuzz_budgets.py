"""No input under 64 KB takes the readers more than a second, whatever it holds.

Slow inputs are nearly always one small piece repeated: 20,000 blanks, 60 KB
of `[`, 10,000 short lines. So each case here is a few pieces from the
formats' corners (fences, quotes, escapes, brackets, dates, markers), mixed
with some random text, repeated up to the 64 KB budget, and timed in CPU
seconds (a busy machine slows the clock, not the work). The inputs that
were once slow are kept as explicit examples. `FUZZ_EXAMPLES=400` runs a
longer hunt than the suite's default.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.importers.scrape.parse import ScrapeError, parse_scrape
from reader.importers.scrape.post_writer import render_post
from reader.importers.scrape.recover import recover
from reader.query import parse, tokenize
from reader.query_snippet import snippet
from reader.store import parse_post

BUDGET = 64 * 1024
LIMIT = 1.0
"""CPU seconds any one case may take; the slow cases fixed took 3 to 17 s."""

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,  # timed below in CPU seconds, which a busy machine does not inflate
    suppress_health_check=[HealthCheck.too_slow],
)


def repeated(pieces: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A unit of a few pieces and some random text, repeated to at most BUDGET characters."""
    units = st.lists(st.one_of(pieces, st.text(max_size=4)), min_size=1, max_size=5).map("".join)
    units = units.filter(bool)
    # Long inputs are the point: a size drawn freely is nearly always small.
    sizes = st.sampled_from([BUDGET, BUDGET // 2, BUDGET // 8, BUDGET // 64])
    return st.tuples(units, sizes).map(lambda pair: (pair[0] * (BUDGET // len(pair[0])))[: pair[1]])


def within_budget(call: Callable[[], object]) -> None:
    started = time.process_time()
    call()
    seconds = time.process_time() - started
    assert seconds < LIMIT, f"{seconds:.2f} s of CPU"


FRONT_MATTER_PIECES = st.sampled_from(
    [
        "\n", "+++\n", "title = ", 'title = "', "date = ", " = ", '"', "'", "\\", '\\"', "[", "]",
        "[extra]\n", "tags = [", '"a", ', "2016-09-13T10:00:00+01:00", "1_0", "#", "# ", "  ",
        "\t", "```\n", "{", '{"title": ', "}", ",", ":", "9999-12-31T23:59:59-01:00", "é",
    ]
)  # fmt: skip
FRONT_MATTER_OPENINGS = st.sampled_from(["", "+++\n", "+++\ntitle = ", "{", '{"title": ', "# "])


@FUZZ
@given(FRONT_MATTER_OPENINGS, repeated(FRONT_MATTER_PIECES), st.sampled_from(["", "\n+++\n"]))
@example("# ", "a" + " " * 60_000 + "b", "")  # a heading of blanks: quadratic once
@example("+++\n", 'title = "' + '\\"' * 30_000 + '"', "\n+++\n")
def test_front_matter_and_headings_load_within_a_second(
    opening: str, middle: str, closing: str
) -> None:
    data = (opening + middle + closing + "# Heading\n\nBody.\n").encode("utf-8", "replace")
    within_budget(lambda: parse_post(data[:BUDGET], "fuzz.md"))


QUERY_PIECES = st.sampled_from(
    [
        " ", '"', "-", "*", "OR", " OR ", "tag:", 'tag:"', "author:", "after:", "before:2016",
        "is:bookmarked", "is:unread", "(", ")", "NEAR", "^", ":", "word", "'", "é",
    ]
)  # fmt: skip


@FUZZ
@given(repeated(QUERY_PIECES))
def test_queries_parse_within_a_second(text: str) -> None:
    within_budget(lambda: (parse(text), tokenize(text)))


SCRAPE_PIECES = st.sampled_from(
    [
        "\n", "Posted By Someone,\n", "13 September 2016\n", "Updated: 1 Jan 2017\n", "|\n",
        "Permalink\n", "| Comments (2)\n", "Tags:\n", "tips\n", "‘", "’", "“", "”", "'", '"',
        " 'a", ". ", "e.g. ", "… ", "- ", "1. ", "Dawn Austwick is Chief Executive of ",
        "written by ", "follow Jane Smith on Twitter", "the title of my piece ", "calling ",
        "this is a line of the post, long enough to quote", "*", "[", "_", "<b>", "&amp;",
    ]
)  # fmt: skip
SCRAPE_HEADER = "Posted By Someone,\n13 September 2016\n|\n"
SCRAPE_FOOTER = "\nPermalink\n| Comments (0)\n"


def import_scrape(data: bytes) -> None:
    try:
        posts = parse_scrape(data, "fuzz.txt")
    except ScrapeError:
        return  # refused with a line number: also an answer
    for post in posts:
        render_post(post, recover(post))


@FUZZ
@given(repeated(SCRAPE_PIECES))
@example(" 'a" * 20_000)  # quotes that never close: quadratic once
@example("e.g. " * 12_000)  # sentence ends: quadratic once
@example("\n".join(f"a line of the post, number {i}" for i in range(2_000)))
def test_scrape_posts_import_within_a_second(body: str) -> None:
    data = (SCRAPE_HEADER + body + SCRAPE_FOOTER).encode("utf-8", "replace")
    within_budget(lambda: import_scrape(data))


SNIPPET_PIECES = st.sampled_from(
    [
        "[", "]", "(", ")", "![", "](", "\n", " \n", "#", "# ", "> ", "- ", "1. ", "*", "_", "`",
        "~", "<", ">", "<b>", "word", "needle", "need", " ", "é", "&",
    ]
)  # fmt: skip


@FUZZ
@given(repeated(SNIPPET_PIECES))
@example("[" * 60_000)  # took 17 s once
@example("\n" * 60_000)
def test_snippets_are_cut_within_a_second(body: str) -> None:
    within_budget(lambda: snippet(body, ["needle", "word"], ["nee"]))
