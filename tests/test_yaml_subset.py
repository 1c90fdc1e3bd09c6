"""The YAML subset that reads front matter without PyYAML."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.formats.yaml_subset import parse_yaml


def read(text: str) -> dict[str, object]:
    data, problems = parse_yaml(text)
    assert problems == []
    return data


def test_plain_scalars_resolve_to_python_values() -> None:
    data = read(
        "title: Hello world\n"
        "count: 42\n"
        "negative: -7\n"
        "ratio: 1.5\n"
        "draft: false\n"
        "shown: True\n"
        "nothing: ~\n"
        "empty:\n"
        "null_word: null\n"
        "version: 1.2.3\n"
        "zip: 007\n"
    )
    assert data == {
        "title": "Hello world",
        "count": 42,
        "negative": -7,
        "ratio": 1.5,
        "draft": False,
        "shown": True,
        "nothing": None,
        "empty": None,
        "null_word": None,
        "version": "1.2.3",
        "zip": 7,
    }


def test_dates_and_datetimes() -> None:
    data = read(
        "a: 2016-09-13\n"
        "b: 2016-09-13T10:00:00\n"
        "c: 2016-09-13 10:00:00 +0100\n"
        "d: 2016-09-13T10:00:00Z\n"
        "e: '2016-09-13'\n"
        "f: 2021-02-30\n"
    )
    assert data["a"] == dt.date(2016, 9, 13)
    assert type(data["a"]) is dt.date
    assert data["b"] == dt.datetime(2016, 9, 13, 10, 0)
    assert data["c"] == dt.datetime(2016, 9, 13, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert data["d"] == dt.datetime(2016, 9, 13, 10, tzinfo=dt.UTC)
    assert data["e"] == "2016-09-13"  # quoted: text, as in YAML
    assert data["f"] == "2021-02-30"  # not a real day: left as text for the caller to report


def test_double_quoted_strings_and_escapes() -> None:
    data = read(
        'a: "Say \\"hi\\": now"\n'
        'b: "tab\\there\\nnew line"\n'
        'c: "caf\\u00e9 \\x41 \\U0001F600"\n'
        'd: "back\\\\slash"\n'
        'e: "C:\\Users"\n'
        'f: "# not a comment" # a comment\n'
        'g: ""\n'
    )
    assert data == {
        "a": 'Say "hi": now',
        "b": "tab\there\nnew line",
        "c": "café A 😀",
        "d": "back\\slash",
        "e": "C:\\Users",  # an unknown escape is kept as written
        "f": "# not a comment",
        "g": "",
    }


def test_single_quoted_strings_double_their_quotes() -> None:
    data = read("a: 'it''s here'\nb: 'no \\n escapes'\nc: ''\n")
    assert data == {"a": "it's here", "b": "no \\n escapes", "c": ""}


def test_surrogate_escape_does_not_make_unencodable_text() -> None:
    data = read('a: "\\ud800x"\n')
    assert isinstance(data["a"], str)
    data["a"].encode("utf-8")


def test_colons_in_values_and_urls() -> None:
    data = read(
        "title: Leadership: what it takes\n"
        "link: https://example.com/a:b\n"
        "time: 10:30\n"
        "quoted: 'a: b'\n"
    )
    assert data == {
        "title": "Leadership: what it takes",
        "link": "https://example.com/a:b",
        "time": "10:30",
        "quoted": "a: b",
    }


def test_comments_everywhere() -> None:
    data = read(
        "# a leading comment\n"
        "title: Hello # trailing comment\n"
        "\n"
        "tags: # the tags\n"
        "  # comment inside the list\n"
        "  - a # first\n"
        "  - 'b # not a comment'\n"
        "hash: C#sharp\n"
    )
    assert data == {"title": "Hello", "tags": ["a", "b # not a comment"], "hash": "C#sharp"}


def test_block_lists_indented_and_at_the_keys_own_indentation() -> None:
    data = read("tags:\n  - one\n  - two\ncategories:\n- three\n- 'four'\nafter: x\n")
    assert data == {"tags": ["one", "two"], "categories": ["three", "four"], "after": "x"}


def test_flow_lists_and_maps() -> None:
    data = read(
        "tags: [a, \"b, c\", 'd', 4, true]\n"
        "empty: []\n"
        "nested: [[1, 2], [3]]\n"
        "map: {name: Jo, site: 'https://jo.example'}\n"
        "multi: [one,\n  two,\n  three]\n"
    )
    assert data == {
        "tags": ["a", "b, c", "d", 4, True],
        "empty": [],
        "nested": [[1, 2], [3]],
        "map": {"name": "Jo", "site": "https://jo.example"},
        "multi": ["one", "two", "three"],
    }


def test_one_level_of_nested_maps_and_lists_of_maps() -> None:
    data = read(
        "author:\n"
        "  name: Jo Bloggs\n"
        "  email: jo@example.com\n"
        "authors:\n"
        "  - name: A\n"
        "    twitter: '@a'\n"
        "  - name: B\n"
        "params:\n"
        "  tags:\n"
        "    - x\n"
        "  flag: yes\n"
    )
    assert data == {
        "author": {"name": "Jo Bloggs", "email": "jo@example.com"},
        "authors": [{"name": "A", "twitter": "@a"}, {"name": "B"}],
        "params": {"tags": ["x"], "flag": "yes"},
    }


def test_block_scalars() -> None:
    data = read(
        "literal: |\n"
        "  line one\n"
        "  line two\n"
        "\n"
        "folded: >-\n"
        "  folded\n"
        "  text\n"
        "\n"
        "  new paragraph\n"
        "after: done\n"
    )
    assert data == {
        "literal": "line one\nline two\n",
        "folded": "folded text\nnew paragraph",
        "after": "done",
    }


def test_multi_line_plain_and_quoted_values() -> None:
    data = read('description: a long\n  description\ntitle: "two\n  lines"\n')
    assert data == {"description": "a long description", "title": "two lines"}


def test_quoted_keys() -> None:
    assert read("\"a key\": 1\n'other': 2\n") == {"a key": 1, "other": 2}


def test_a_bad_line_costs_only_its_key_and_names_the_file_line() -> None:
    text = 'title: "unclosed\ndate: 2016-09-13\njust some words\ntags: [a, b\nafter: ok\n'
    data, problems = parse_yaml(text, first_line=2)
    assert data == {"date": dt.date(2016, 9, 13), "after": "ok"}
    lines = [line for line, _ in problems]
    assert lines == [2, 4, 5]
    assert "unclosed double-quoted string" in problems[0][1]
    assert "expected 'key: value'" in problems[1][1]


def test_text_after_a_quoted_value_is_an_error() -> None:
    data, problems = parse_yaml('title: "a" b\nok: 1\n')
    assert data == {"ok": 1}
    assert problems[0][0] == 1


@pytest.mark.parametrize(
    "text",
    [
        "- a\n- b\n",  # a list, not keys
        "\ttitle: tabbed\n",
        "key: [" * 40 + "\n",
        "a:\n" + "".join("  " * n + f"k{n}:\n" for n in range(1, 40)),
    ],
)
def test_unreadable_documents_report_and_never_raise(text: str) -> None:
    data, problems = parse_yaml(text)
    assert problems
    assert isinstance(data, dict)


def test_blank_lines_after_a_value_do_not_turn_it_into_text() -> None:
    assert read("comments: true\n\n\n") == {"comments": True}
