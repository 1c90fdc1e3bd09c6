"""What `o` hands to the system opener: a web permalink, else the post's own file."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.model import Post
from reader.tui.opener import target_of


def post_with(permalink: str | None) -> Post:
    extra = {} if permalink is None else {"permalink": permalink}
    return Post(id="2016/a", path="2016/a.md", title="A", extra=extra)


def test_a_web_permalink_is_opened(tmp_path: Path) -> None:
    assert target_of(post_with("https://example.org/a"), tmp_path) == "https://example.org/a"
    assert target_of(post_with("HTTP://example.org/b"), tmp_path) == "HTTP://example.org/b"


@pytest.mark.parametrize(
    "link",
    [
        None,
        "file:///etc/shadow",
        "smb://host/share",
        "--help",
        "javascript:alert(1)",
        "https://example.org/a b",
        "",
    ],
)
def test_anything_else_opens_the_post_file(tmp_path: Path, link: str | None) -> None:
    expected = (tmp_path / "2016" / "a.md").resolve().as_uri()
    assert target_of(post_with(link), tmp_path) == expected
