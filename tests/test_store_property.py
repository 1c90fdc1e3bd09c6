"""parse_post never raises, whatever bytes a file holds, and its output is safe."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.formats.toml_front import parse_toml
from reader.formats.yaml_front import parse_yaml
from reader.store import parse_post

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

PREFIXES = st.sampled_from(
    ["", "+++\n", "---\n", "{", '{"title": ', "+++\ntitle = ", "---\ntitle: ", "\ufeff---\n"]
)
# Pieces that drive the readers into their corners: delimiters, quotes,
# escapes, brackets, indentation, dates, keys.
PIECES = st.sampled_from(
    [
        "\n", "\r\n", "+++", "---", "...", "  ", "\t", "- ", ": ", " = ", "#", "# ", '"', "'",
        "\\", "\\u", "\\x1", "[", "]", "{", "}", ",", "|", ">-", "title", "date", "tags",
        "[extra]", "[taxonomies]", "2021-02-30", "2016-09-13T10:00:00Z", "true", "1_0",
        "\x1b]52;c;", "\x07", "\x00", "\ud800", "é", "```",
    ]
)  # fmt: skip
TEXTS = st.tuples(PREFIXES, st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40)).map(
    lambda parts: parts[0] + "".join(parts[1])
)


def check(data: bytes, rel_path: str = "p.md") -> None:
    post, problems = parse_post(data, rel_path)
    for problem in problems:
        assert problem.path == rel_path
        assert "unexpected error" not in problem.reason, problem
    if post is None:
        assert problems
        return
    assert post.id == "p" and post.path == rel_path
    assert post.title and "\n" not in post.title
    for text in (post.title, post.body, *post.tags, *post.authors):
        assert not CONTROL.search(text)
        text.encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    check(data)


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_front_matter_shaped_text(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_front_matter_readers_never_raise(text: str) -> None:
    for reader in (parse_toml, parse_yaml):
        data, problems = reader(text, 2)
        assert isinstance(data, dict)
        assert all(line >= 2 for line, _ in problems)
