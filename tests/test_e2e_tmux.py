"""End to end: the installed `reader` in a real terminal (tmux), on a copy of posts/.

Waits are polls with generous deadlines, never timed assertions: a slow
machine makes the test slower, not red.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import time
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_POSTS

pytestmark = pytest.mark.e2e

DEADLINE = float(os.environ.get("READER_E2E_DEADLINE", "60"))


def tmux(*args: str) -> str:
    tool = shutil.which("tmux")
    assert tool, "tmux is required for the end-to-end test (.ci/run installs it)"
    done = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    return done.stdout


def wait_for(what: str, check: Callable[[], bool], deadline: float = DEADLINE) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def user_dirs(tmp_path: Path) -> dict[str, str]:
    """Private XDG folders and HOME, so the test never touches the user's own."""
    return {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
    }


def sample_in_tmux(tmp_path: Path) -> tuple[str, Path, dict[str, str], list[dict[str, Any]]]:
    """The installed `reader`, a copy of the sample posts, private user folders,
    and the posts as `reader list --json` lists them (newest first)."""
    reader = shutil.which("reader")
    assert reader, "the `reader` command is not installed (pip install -e .)"
    assert shutil.which("tmux"), "tmux is required for the end-to-end test"
    store = tmp_path / "posts"
    shutil.copytree(SAMPLE_POSTS, store)
    env = user_dirs(tmp_path)
    listed = subprocess.run(
        [reader, "list", "--json", "--store", str(store)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    return reader, store, env, json.loads(listed.stdout)


def start_reader(reader: str, store: Path, env: dict[str, str], width: int, height: int) -> str:
    """Start `reader --store STORE` in a new tmux session of WIDTHxHEIGHT; its name.

    The app starts only once its terminal has that size: tmux may create the pane
    at its default 80x24 and resize it a moment later. The shell may have exported
    COLUMNS and LINES meanwhile, and Textual would believe them over the terminal:
    drop them. `; sleep` keeps the pane after a crash, to be read.
    """
    session = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    command = (
        f'while [ "$(stty size)" != "{height} {width}" ]; do sleep 0.1; done; '
        f"env -u COLUMNS -u LINES {exports} "
        f"{shlex.quote(reader)} --store {shlex.quote(str(store))}; "
        "echo READER-EXITED $?; sleep 30"
    )
    size = f"{width}x{height}"
    tmux("new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), command)
    # With no client attached, tmux may shrink a window back to its default size.
    tmux("set-option", "-t", session, "default-size", size)
    tmux("set-window-option", "-t", session, "window-size", "manual")
    tmux("resize-window", "-t", session, "-x", str(width), "-y", str(height))
    return session


def test_reader_in_tmux_searches_bookmarks_and_quits(tmp_path: Path) -> None:
    reader = shutil.which("reader")
    assert reader, "the `reader` command is not installed (pip install -e .)"
    assert shutil.which("tmux"), "tmux is required for the end-to-end test"
    store = tmp_path / "posts"
    shutil.copytree(SAMPLE_POSTS, store)
    titles = sorted(path.name for path in store.glob("*.md"))
    assert titles, "the sample posts are missing"
    env = user_dirs(tmp_path)
    session = start_reader(reader, store, env, 120, 40)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    try:
        wait_for("the post list", lambda: "Generous leadership" in screen())
        wait_for("the tag counts", lambda: "challenges" in screen() and "5 of 5" in screen())
        # The terminal's start-up replies are in by now; the keys go to the app.
        assert "All posts" in screen(), "the wide layout, with the tag sidebar"
        tmux("send-keys", "-t", session, "/")
        # In the search box the footer drops the list's keys.
        wait_for("the search box", lambda: "b Bookmark" not in screen())
        tmux("send-keys", "-t", session, "-l", "Lottery")
        wait_for("the search result", lambda: "1 of 5 posts" in screen())
        assert "Generous leadership" in screen()
        tmux("send-keys", "-t", session, "Enter")
        wait_for("the list to have the focus", lambda: "b Bookmark" in screen())
        tmux("send-keys", "-t", session, "b")
        bookmarks = Path(env["XDG_CONFIG_HOME"]) / "reader" / "bookmarks.toml"

        def bookmarked() -> bool:
            if not bookmarks.exists():
                return False
            saved = tomllib.loads(bookmarks.read_text(encoding="utf-8")).get("bookmarks", [])
            return [mark["post_id"] for mark in saved] == ["2016-09-13-generous-leadership"]

        wait_for("bookmarks.toml", bookmarked)
        wait_for("the bookmark mark", lambda: "★ Generous leadership" in screen())
        tmux("send-keys", "-t", session, "q")
        wait_for("the app to quit", lambda: "READER-EXITED 0" in screen())
    finally:
        if os.environ.get("READER_E2E_KEEP") is None:
            tmux("kill-session", "-t", session)


def test_reader_at_80x24_opens_three_posts_in_turn_and_bookmarks_the_second(
    tmp_path: Path,
) -> None:
    reader, store, env, listed = sample_in_tmux(tmp_path)
    newest = listed[:3]  # The list's order: newest first.
    heads = [post["title"][:24] for post in newest]
    session = start_reader(reader, store, env, 80, 24)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    def reading(index: int) -> Callable[[], bool]:
        # Narrow: the article fills the screen, so only the post opened shows.
        others = [head for other, head in enumerate(heads) if other != index]
        return lambda: heads[index] in screen() and not any(h in screen() for h in others)

    bookmarks = Path(env["XDG_CONFIG_HOME"]) / "reader" / "bookmarks.toml"

    def saved_ids() -> list[str]:
        if not bookmarks.exists():
            return []
        saved = tomllib.loads(bookmarks.read_text(encoding="utf-8")).get("bookmarks", [])
        return [mark["post_id"] for mark in saved]

    try:
        wait_for("the post list", lambda: heads[0] in screen() and "5 of 5" in screen())
        wait_for(
            "Help and Quit in the footer", lambda: "? Help" in screen() and "q Quit" in screen()
        )
        tmux("send-keys", "-t", session, "Enter")
        wait_for("the first post", reading(0))
        for index in (1, 2):
            tmux("send-keys", "-t", session, "Escape")
            wait_for("the list", lambda: all(head in screen() for head in heads))
            tmux("send-keys", "-t", session, "j")
            # A person looks at the list before Enter: by then the hidden article
            # has been handed the post under the cursor (it used to keep the old one).
            time.sleep(0.5)
            tmux("send-keys", "-t", session, "Enter")
            wait_for(f"post {index + 1}", reading(index))
            if index == 1:
                tmux("send-keys", "-t", session, "b")
                wait_for("bookmarks.toml", lambda: saved_ids() == [newest[1]["id"]])
        assert saved_ids() == [newest[1]["id"]], "only the second post is bookmarked"
        tmux("send-keys", "-t", session, "q")
        wait_for("the app to quit", lambda: "READER-EXITED 0" in screen())
        assert saved_ids() == [newest[1]["id"]]
    finally:
        if os.environ.get("READER_E2E_KEEP") is None:
            tmux("kill-session", "-t", session)


def test_reader_at_80x24_finds_in_the_open_post_and_escape_goes_back(tmp_path: Path) -> None:
    reader, store, env, listed = sample_in_tmux(tmp_path)
    newest = listed[0]
    text = (store / newest["path"]).read_text(encoding="utf-8")
    # A word of the post's last paragraph only: far below the first screen.
    first, last = text[: len(text) // 2], text.rstrip().rsplit("\n\n", 2)[-2]
    word = next(w for w in last.split() if len(w) >= 6 and w.isalpha() and w not in first)
    head = newest["title"][:24]
    session = start_reader(reader, store, env, 80, 24)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    try:
        wait_for("the post list", lambda: head in screen() and "5 of 5" in screen())
        wait_for("Help in the footer", lambda: "? Help" in screen())
        tmux("send-keys", "-t", session, "Enter")
        # The narrow article fills the screen: its border says how far in it is.
        wait_for("the post", lambda: re.search(r"╭─ \d+% ", screen()) is not None)
        assert head in screen() and word not in screen()
        tmux("send-keys", "-t", session, "/")
        wait_for("the find box", lambda: "Find in this post" in screen())
        tmux("send-keys", "-t", session, "-l", word)
        # The article scrolls to the match as the word is typed; its top is gone.
        wait_for("the match", lambda: word in screen() and head not in screen())
        tmux("send-keys", "-t", session, "Escape")
        wait_for("the place the find started", lambda: head in screen() and word not in screen())
        tmux("send-keys", "-t", session, "q")
        tmux("send-keys", "-t", session, "q")
        wait_for("the app to quit", lambda: "READER-EXITED 0" in screen())
    finally:
        if os.environ.get("READER_E2E_KEEP") is None:
            tmux("kill-session", "-t", session)
