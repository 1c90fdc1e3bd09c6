"""`reader index --watch`, run as a command: one line per refresh, Ctrl+C ends it with 0.

Not timed: each step waits for its line (up to a generous bound).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

WAIT = 20.0
"""Seconds a line may take: far more than a start, a debounce and a refresh."""


def post_text(title: str, tags: str = "") -> str:
    return f'+++\ntitle = "{title}"\ndate = 2024-05-01\ntags = [{tags}]\n+++\n\nA body.\n'


def lines_of(stream: IO[str]) -> tuple[queue.Queue[str], threading.Thread]:
    """The stream's lines, read in a thread (done at the end of the stream),
    so the test can wait for one with a bound."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    return lines, reader


def wait_for(lines: queue.Queue[str], wanted: str, seen: list[str]) -> str:
    deadline = time.monotonic() + WAIT
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"no line with {wanted!r}; saw {seen}"
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            continue
        seen.append(line)
        if wanted in line:
            return line


def test_index_watch_says_each_refresh_and_ends_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    for name in ("one", "two"):
        (store / f"{name}.md").write_text(post_text(name.title()), encoding="utf-8")
    env = dict(os.environ, READER_DEBUG="")
    command = [sys.executable, "-m", "reader", "--store", str(store), "index", "--watch"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stderr is not None and process.stdout is not None
        (errors, pump), seen = lines_of(process.stderr), list[str]()
        wait_for(errors, "for changes; Ctrl+C ends", seen)
        (store / "three.md").write_text(post_text("Three"), encoding="utf-8")
        (store / "three.md~").write_text("an editor's backup", encoding="utf-8")
        assert wait_for(errors, "added", seen) == "reader: 1 added, 0 changed, 0 removed"
        (store / "one.md").write_text(post_text("One, again"), encoding="utf-8")
        (store / "two.md").unlink()
        line = wait_for(errors, "changed", seen)
        # The two changes may land in one refresh or two.
        assert line in (
            "reader: 0 added, 1 changed, 1 removed",
            "reader: 0 added, 1 changed, 0 removed",
            "reader: 0 added, 0 changed, 1 removed",
        )
        if line != "reader: 0 added, 1 changed, 1 removed":
            wait_for(errors, "added", seen)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
        out = process.stdout.read()
        pump.join(timeout=WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert out.startswith("index refreshed: 2 posts (2 added, 0 changed, 0 removed)")
    while not errors.empty():
        seen.append(errors.get())
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in seen), seen
