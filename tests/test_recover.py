"""Title and author recovery: the five sample posts, then each rule on its own."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED

from reader.importers.scrape.parse import BodyLine, ScrapedPost, parse_scrape
from reader.importers.scrape.recover import (
    Recovery,
    cut_sentence,
    recover,
    recover_title,
    tidy_title,
)
from reader.importers.scrape.recover_authors import find_authors
from reader.importers.scrape.recover_text import first_sentence, quoted_spans


def seed_posts() -> dict[dt.date, Recovery]:
    return {post.date: recover(post) for post in parse_scrape(SEED.read_bytes(), "seed.txt")}


def make_post(*lines: str, posted_by: str = "Clore Social Leadership") -> ScrapedPost:
    return ScrapedPost(
        source="page.txt",
        line=1,
        posted_by=posted_by,
        date=dt.date(2016, 9, 13),
        updated=None,
        body=tuple(BodyLine(number, text) for number, text in enumerate(lines, start=5)),
        tags=(),
        comments=0,
    )


# What each rule makes of the five sample posts, and why:
SEED_TITLES = {
    # "…in the title of my provocation piece, ‘The challenge of …’": the writer says so.
    dt.date(2017, 2, 14): (
        "The challenge of co-production when we can’t be trusted to vote for anything",
        "explicit",
    ),
    # No quote, no bio; the first sentence has 14 words: cut near 70 characters.
    dt.date(2017, 2, 8): (
        "Social investment is a subject that has been much talked about…",
        "first-sentence",
    ),
    # The bio line is dropped; "Make no mistake, …" has 7 words.
    dt.date(2017, 1, 16): ("Make no mistake, this country faces huge challenges", "lead-sentence"),
    # "a concept I am calling ‘generous leadership’" (it also recurs: quoted-phrase
    # would agree), capitalised.
    dt.date(2016, 9, 13): ("Generous leadership", "explicit"),
    # The bio line is dropped; "Leadership is a slippery concept." has 5 words.
    dt.date(2016, 9, 6): ("Leadership is a slippery concept", "lead-sentence"),
}

SEED_AUTHORS = {
    dt.date(2017, 2, 14): ((), None, None),  # "about her blog": no name at all
    dt.date(2017, 2, 8): ((), None, "Deborah"),  # "Deborah’s blog": a first name only
    dt.date(2017, 1, 16): (("Sophie Livingstone",), "bio-line", "closing-line"),
    dt.date(2016, 9, 13): (("Dawn Austwick",), "bio-line", None),
    dt.date(2016, 9, 6): (("Dr Henry Kippin",), "bio-line", "closing-line"),
}


def test_seed_titles_and_rules() -> None:
    found = seed_posts()
    assert {date: (r.title, r.title_source) for date, r in found.items()} == SEED_TITLES


def test_seed_authors() -> None:
    found = seed_posts()
    for date, (authors, source, extra) in SEED_AUTHORS.items():
        recovery = found[date]
        assert recovery.authors == authors, date
        assert recovery.authors_source == source, date
        if authors:
            assert recovery.authors_confirmed_by == extra, date
        else:
            assert recovery.author_hint == extra, date
    everyone = [name for recovery in found.values() for name in recovery.authors]
    assert "Clore Social Leadership" not in everyone


@pytest.mark.parametrize("title", [title for title, _ in SEED_TITLES.values()])
def test_seed_titles_read_like_titles(title: str) -> None:
    assert title and title == title.strip()
    assert title[0] not in "‘“\"'" and title[0].isupper()
    assert title[-1].isalnum() or title[-1] in "…?!"


# --- title rules ----------------------------------------------------------------------


def test_explicit_title_cues() -> None:
    post = make_post("I wrote a report with the title of our annual report, ‘Hope in hard times’.")
    assert recover_title(post) == ("Hope in hard times", "explicit")
    post = make_post("We have been calling it 'the long view' for a while now, all of us.")
    assert recover_title(post) == ("The long view", "explicit")


def test_quoted_phrase_must_recur_and_mean_something() -> None:
    post = make_post(
        "Everyone in ‘our’ sector talks about our money and ‘social value’ nowadays.",
        "But social value is hard to measure, and harder still to share.",
    )
    assert recover_title(post) == ("Social value", "quoted-phrase")
    once = make_post("A phrase like ‘shared purpose’ appears once here.")
    assert recover_title(once)[1] == "lead-sentence"


def test_lead_sentence_skips_bio_written_by_and_captions() -> None:
    post = make_post(
        "This guest blog was written by Amira Khan, Director of Policy at Shelter.",
        "Photo: volunteers at work",
        "Housing is a right. Everything else follows from it.",
    )
    assert recover_title(post) == ("Housing is a right", "lead-sentence")


def test_first_sentence_is_cut_on_a_word_boundary() -> None:
    long = (
        "The organisations that hold our communities together are under more pressure "
        "than at any time in the last decade, and they need help."
    )
    title, rule = recover_title(make_post(long))
    assert rule == "first-sentence"
    assert title.endswith("…") and len(title) <= 71
    assert long.startswith(title[:-1])
    assert title == "The organisations that hold our communities together are under more…"


def test_empty_body_still_gets_a_title() -> None:
    assert recover_title(make_post()) == ("Post of 13 September 2016", "date")


def test_tidy_title() -> None:
    assert tidy_title("  ‘generous   leadership’. ") == "Generous leadership"
    assert tidy_title("Why now?") == "Why now?"
    assert tidy_title('"No man is an island,') == "No man is an island"


def test_cut_sentence_keeps_short_sentences_whole() -> None:
    assert cut_sentence("A short one.") == "A short one."
    assert cut_sentence("x" * 100).endswith("…")


def test_sentences_and_quotes_helpers() -> None:
    assert first_sentence("Dr. Smith came. Then left.") == "Dr. Smith came."
    assert first_sentence("We raised 13.5m this year. Good.") == "We raised 13.5m this year."
    assert first_sentence("Ask J. Bloggs about it. Fine.") == "Ask J. Bloggs about it."
    spans = [span.text for span in quoted_spans("a ‘can’t stop’ and 'it's fine' and “x”")]
    assert spans == ["can’t stop", "it's fine", "x"]


# --- author rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_line", "authors", "source"),
    [
        (
            "Sophie Livingstone is Chief Executive of City Year UK.",
            ("Sophie Livingstone",),
            "bio-line",
        ),
        ("Dr Henry Kippin is executive director of Collaborate.", ("Dr Henry Kippin",), "bio-line"),
        (
            "Blog written by Anna Smith and Tom O’Neill.",
            ("Anna Smith", "Tom O’Neill"),
            "written-by",
        ),
        (
            "This guest blog was written by Priya Patel, Head of Research at Nesta.",
            ("Priya Patel",),
            "written-by",
        ),
        ("Social Investment is a subject that is much talked about.", (), None),
        ("Big Lottery Fund is the largest funder of community activity.", (), None),
    ],
)
def test_first_line_author_rules(
    first_line: str, authors: tuple[str, ...], source: str | None
) -> None:
    found = find_authors([first_line, "More text."], "Clore Social Leadership")
    assert (found.authors, found.source) == (authors, source)


def test_closing_lines_never_guess_a_full_name() -> None:
    found = find_authors(["Text.", "Please share your comments about Deborah’s blog below."], "X")
    assert found.authors == () and found.hint == "Deborah"
    found = find_authors(["Text.", "You can follow Dr Kippin on Twitter @h_kippin."], "X")
    assert found.authors == () and found.hint == "Dr Kippin"
    found = find_authors(["Text.", "You can follow Jane Doe on Twitter."], "X")
    assert found.authors == ("Jane Doe",) and found.source == "closing-line"


def test_posting_account_is_never_the_author() -> None:
    # A person posting is only `posted_by`: with no evidence in the body, no author.
    found = find_authors(["Plain text with no names.", "The end."], "Liam Russell")
    assert found.authors == ()
    # An organisation named by a closing line is not a writer either.
    found = find_authors(
        ["Text.", "follow Clore Social Leadership on Twitter"], "Clore Social Leadership"
    )
    assert found.authors == () and found.hint is None
