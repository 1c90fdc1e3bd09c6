"""What `o` hands to the system opener: a web permalink, else the post's own file."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from reader.model import Post
from reader.tui.opener import no_opener_message, plan_open, start_detached, target_of


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


def found(*names: str):  # type: ignore[no-untyped-def]
    return lambda name: f"/usr/bin/{name}" if name in names else None


def test_browser_comes_first_and_a_console_browser_is_known() -> None:
    target = "https://example.org/a"
    plan = plan_open(target, {"BROWSER": "w3m"}, found("w3m", "xdg-open"), "linux")
    assert plan.command == ("w3m", target) and plan.console
    plan = plan_open(target, {"BROWSER": "firefox --new-tab %s"}, found("firefox"), "linux")
    assert plan.command == ("firefox", "--new-tab", target) and not plan.console
    # A missing browser is passed over for the next entry, then the system opener.
    plan = plan_open(target, {"BROWSER": "nosuch:lynx"}, found("lynx"), "linux")
    assert plan.command == ("lynx", target) and plan.console
    plan = plan_open(target, {}, found("xdg-open"), "linux")
    assert plan.command == ("/usr/bin/xdg-open", target) and not plan.console


def test_with_no_opener_the_message_says_what_was_tried_and_what_to_do() -> None:
    target = "file:///store/a.md"
    plan = plan_open(target, {"BROWSER": "nosuch"}, found(), "linux")
    assert plan.command == ()
    message = no_opener_message(target, plan)
    assert "$BROWSER nosuch (not found)" in message and "xdg-open (not found)" in message
    assert "Set $BROWSER" in message and "post's file" in message


def test_a_detached_opener_has_its_own_session_and_no_terminal(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    script = (
        "import json, os, sys; print('noise'); "
        f"json.dump([os.getsid(0), os.readlink('/proc/self/fd/1'), "
        f"os.readlink('/proc/self/fd/0')], open({str(report)!r}, 'w'))"
    )
    assert start_detached((sys.executable, "-c", script)) is None
    deadline = time.monotonic() + 20
    while not report.exists() or not report.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.1)
    session, stdout, stdin = json.loads(report.read_text())
    assert session != os.getsid(0)
    assert stdout == stdin == os.devnull
