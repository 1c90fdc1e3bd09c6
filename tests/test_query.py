"""The search language parser: what each kind of input turns into."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from reader.index.sql import fts_atom
from reader.query import Facet, Flag, Plan, Tag, Text, parse, period_start, tokenize


def words(*items: str) -> tuple[tuple[Text, ...], ...]:
    return tuple((Text(tuple(item.split())),) for item in items)


def test_words_must_all_match() -> None:
    assert parse("Generous  leadership").clauses == words("generous", "leadership")


def test_empty_and_blank_input_ask_for_nothing() -> None:
    assert parse("").is_empty
    assert parse("   \t ").is_empty
    assert parse('"" - * OR'.replace("OR", "")).is_empty


def test_prefix() -> None:
    assert parse("lead*").clauses == ((Text(("lead",), prefix=True),),)
    assert parse("lead*").prefix_terms == {"lead"}
    # A star after punctuation or alone is not a prefix of anything.
    assert parse("lead-*").clauses == ((Text(("lead",)),),)
    assert parse("*").is_empty


def test_phrase() -> None:
    assert parse('"generous leadership" now').clauses == (
        (Text(("generous", "leadership")),),
        (Text(("now",)),),
    )


def test_unbalanced_quote_runs_to_the_end() -> None:
    assert parse('"generous lead').clauses == ((Text(("generous", "lead")),),)
    assert parse('a "').clauses == words("a")


def test_exclusions() -> None:
    plan = parse('leadership -politics -"big lottery" -tag:value')
    assert plan.clauses == words("leadership")
    assert plan.excluded == (Text(("politics",)), Text(("big", "lottery")), Tag("value"))


def test_or_binds_tighter_than_and() -> None:
    plan = parse("charity OR foundation funding")
    assert plan.clauses == (
        (Text(("charity",)), Text(("foundation",))),
        (Text(("funding",)),),
    )
    plan = parse("a OR b OR tag:c")
    assert plan.clauses == ((Text(("a",)), Text(("b",)), Tag("c")),)


def test_stray_or_is_a_word() -> None:
    assert parse("OR charity").clauses == words("or", "charity")
    assert parse("charity OR").clauses == words("charity", "or")
    assert parse("a OR -b").clauses == words("a", "or")
    # Lower-case "or" is always a word.
    assert parse("a or b").clauses == words("a", "or", "b")


def test_tags_authors_and_flags() -> None:
    plan = parse('tag:leadership tag:"social change" author:Dawn is:bookmarked -is:unread')
    assert plan.clauses == (
        (Tag("leadership"),),
        (Tag("social change"),),
        (Text(("dawn",), field="authors"),),
        (Flag("bookmarked"),),
    )
    assert plan.excluded == (Flag("unread"),)
    assert plan.terms == ()  # author names are not highlighted in the body


def test_operators_are_case_insensitive_names() -> None:
    assert parse("TAG:x Is:Unread").clauses == ((Tag("x"),), (Flag("unread"),))
    assert parse("SECTION:Notes Year:2024 IS:Draft").clauses == (
        (Facet("sections", "Notes"),),
        (Facet("years", "2024"),),
        (Flag("draft"),),
    )


def test_sections_years_and_drafts() -> None:
    plan = parse('section:"Inside Rust" -section:releases year:0999 -is:draft section:a OR year:1')
    assert plan.clauses == (
        (Facet("sections", "Inside Rust"),),
        (Facet("years", "999"),),
        (Facet("sections", "a"), Facet("years", "1")),
    )
    assert plan.excluded == (Facet("sections", "releases"), Flag("draft"))
    assert plan.terms == ()


def test_a_year_that_is_not_one_is_words() -> None:
    assert parse("year:twenty").clauses == (((Text(("year", "twenty"))),),)
    assert parse("year:20245").clauses == (((Text(("year", "20245"))),),)
    assert parse("section:").clauses == words("section")


def test_dates() -> None:
    plan = parse("after:2016-09 before:2017")
    assert plan.after == dt.date(2016, 9, 1)
    assert plan.before == dt.date(2017, 1, 1)
    assert parse("after:2015 after:2016-03-04").after == dt.date(2016, 3, 4)
    assert parse("-after:2016").before == dt.date(2016, 1, 1)


def test_operators_that_cannot_apply_are_words() -> None:
    assert parse("tag:").clauses == words("tag")
    assert parse("after:2016-13").clauses == (((Text(("after", "2016", "13"))),),)
    assert parse("is:lovely").clauses == (((Text(("is", "lovely"))),),)
    assert parse("site:example.com").clauses == (((Text(("site", "example", "com"))),),)


def test_fts_and_sql_syntax_is_plain_text() -> None:
    plan = parse("NEAR(a b) col:x ^start x AND y NOT z '; DROP TABLE posts; --")
    found = [word for clause in plan.clauses for atom in clause for word in atom.words]  # type: ignore[union-attr]
    assert " ".join(found) == "near a b col x start x and y not z drop table posts"
    for clause in plan.clauses:
        for atom in clause:
            assert isinstance(atom, Text)
            expression = fts_atom(atom)
            assert expression.count('"') == 2 and "'" not in expression


def test_tokenize_matches_the_index() -> None:
    assert tokenize("Don’t stop_me now, Café-2020!") == (
        "don",
        "t",
        "stop",
        "me",
        "now",
        "café",
        "2020",
    )


def test_period_start() -> None:
    assert period_start("2016") == dt.date(2016, 1, 1)
    assert period_start("2016-2-29") == dt.date(2016, 2, 29)
    assert period_start("2017-02-29") is None
    assert period_start("16") is None


@given(st.text())
def test_any_text_parses(text: str) -> None:
    plan = parse(text)
    assert isinstance(plan, Plan)
    for clause in plan.clauses:
        assert clause
        for atom in clause:
            if isinstance(atom, Text):
                assert atom.words and all(word.isalnum() for word in atom.words)
