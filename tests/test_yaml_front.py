"""YAML front matter: PyYAML's parser, the reader's values, and the guards around them."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from reader.formats.yaml_front import MAX_ALIAS_NODES, parse_yaml


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
        "release: 1.10\n"
        "answer: yes\n"
    )
    assert data == {
        "title": "Hello world",
        "count": 42,
        "negative": -7,
        "ratio": "1.5",  # no floats: `1.10` must not turn into 1.1
        "draft": False,
        "shown": True,
        "nothing": None,
        "empty": None,
        "null_word": None,
        "version": "1.2.3",
        "zip": "007",
        "release": "1.10",
        "answer": "yes",  # YAML 1.1's booleans are words here
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
        'f: "# not a comment" # a comment\n'
        'g: ""\n'
    )
    assert data == {
        "a": 'Say "hi": now',
        "b": "tab\there\nnew line",
        "c": "café A 😀",
        "d": "back\\slash",
        "f": "# not a comment",
        "g": "",
    }


def test_an_escape_yaml_does_not_know_costs_its_key() -> None:
    # Real YAML rejects `\U` without eight hex digits; the other keys still load.
    data, problems = parse_yaml('a: 1\npath: "C:\\Users"\nb: 2\n', first_line=2)
    assert data == {"a": 1, "b": 2}
    assert [line for line, _ in problems] == [3]


def test_single_quoted_strings_double_their_quotes() -> None:
    data = read("a: 'it''s here'\nb: 'no \\n escapes'\nc: ''\n")
    assert data == {"a": "it's here", "b": "no \\n escapes", "c": ""}


def test_surrogate_escape_is_refused_not_turned_into_unencodable_text() -> None:
    data, problems = parse_yaml('a: "\\ud800x"\nb: ok\n')
    assert data == {"b": "ok"}
    assert problems[0][0] == 1 and "escape" in problems[0][1]


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
    assert "quoted scalar" in problems[0][1]
    assert "expected 'key: value'" in problems[1][1]
    assert "flow sequence" in problems[2][1]


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


# -- real YAML beyond the old subset ---------------------------------------------


def test_flow_lists_over_several_lines_and_continued_plain_scalars() -> None:
    data = read(
        "aliases: [\n"
        '  "/2019/05/first",\n'
        "  /2019/05/second,\n"
        "]\n"
        "summary: Go 1.21 shipped a preview\n"
        "  of a change in Go 1.22.\n"
        "by:\n"
        "- David Chase\n"
        "- Russ Cox\n"
    )
    assert data == {
        "aliases": ["/2019/05/first", "/2019/05/second"],
        "summary": "Go 1.21 shipped a preview of a change in Go 1.22.",
        "by": ["David Chase", "Russ Cox"],
    }


def test_tags_build_nothing_and_anchors_copy_values() -> None:
    data = read("a: !!python/object:os.system echo\nb: &x [1, 2]\nc: *x\n")
    assert data == {"a": "echo", "b": [1, 2], "c": [1, 2]}
    assert data["b"] is not data["c"]


def test_keys_are_always_text() -> None:
    assert read("2016: year\ntrue: flag\n~: nothing\n") == {
        "2016": "year",
        "true": "flag",
        "~": "nothing",
    }


def test_eight_thousand_line_values_parse_in_well_under_a_second() -> None:
    flow = "aliases: [\n" + "".join(f'  "name {n}",\n' for n in range(8000)) + "]\n"
    quoted = 'summary: "' + "".join(f"  line {n}\n" for n in range(8000)) + '  end"\n'
    for text in (flow, quoted):
        started = time.process_time()
        data, problems = parse_yaml(text + "title: after\n")
        assert time.process_time() - started < 1.0
        assert problems == [] and data["title"] == "after"
    assert len(parse_yaml(flow)[0]["aliases"]) == 8000


def test_an_alias_bomb_is_refused_at_once() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        name, previous = f"l{level}", "a" if level == 1 else f"l{level - 1}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.process_time()
    data, problems = parse_yaml("\n".join(lines) + "\n", first_line=2)
    assert time.process_time() - started < 1.0
    assert data == {}
    assert len(problems) == 1
    line, reason = problems[0]
    assert line == 2 + lines.index(next(x for x in lines if x.startswith("l2:")))
    assert f"aliases repeat more than {MAX_ALIAS_NODES} nodes" in reason


def test_a_few_aliases_are_fine_and_a_self_reference_is_not() -> None:
    data = read("base: &b {name: Jo}\nauthors: [*b, *b]\n")
    assert data["authors"] == [{"name": "Jo"}, {"name": "Jo"}]
    data, problems = parse_yaml("a: &a [*a]\n")
    assert (data, problems) == ({}, [(1, "an alias refers to itself")])


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: ok\ntags: [a,\n  b,\n  c\ndate: 2020-01-01\n", 11),  # list never closed
        ("title: ok\n\nnote: 'it's'\n", 12),  # text after a quoted value
        ("title: ok\nlist:\n  - a\n  b: c\n", 13),  # a key inside a list
    ],
)
def test_parser_errors_name_the_file_line(text: str, line: int) -> None:
    data, problems = parse_yaml(text, first_line=10)
    assert data["title"] == "ok"
    assert [at for at, _ in problems] == [line]
    assert problems[0][1].startswith("invalid YAML: ")


def test_raw_control_characters_cost_only_themselves() -> None:
    # YAML refuses them in a stream; the reader would replace them anyway.
    data, problems = parse_yaml("title: a\x1b[31mb\x7f\ndate: 2016-09-13\nnote: 'x\x07y'\n")
    assert problems == []
    assert data == {"title": "a\ufffd[31mb\ufffd", "date": dt.date(2016, 9, 13), "note": "x\ufffdy"}
