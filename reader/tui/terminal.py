"""Hand the terminal to another program (an editor, a console browser) and take it back.

The app suspends while the program runs, so the two never fight over the
keys or the screen. A driver that cannot suspend (a test's headless one, the
web) runs the program without a terminal instead: it must not draw over the app.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from textual.app import App, SuspendNotSupported
from textual.notifications import SeverityLevel

from reader.model import Post
from reader.tui.opener import no_opener_message, plan_open, start_detached, target_of


def editor_command(path: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """`$VISUAL`, else `$EDITOR`, else `vi`, with the file to edit at the end."""
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = [value]  # An unbalanced quote: the whole value names the program.
            if words:
                return [*words, str(path)]
    return ["vi", str(path)]


def run_suspended(app: App[object], command: Sequence[str]) -> str | None:
    """Run `command` with the terminal to itself; None on success, else a reason.

    Call on the UI thread: the app stops drawing until the program ends.
    """
    try:
        with app.suspend():
            return _run(command, terminal=True)
    except SuspendNotSupported:
        return _run(command, terminal=False)


def _run(command: Sequence[str], *, terminal: bool) -> str | None:
    quiet = None if terminal else subprocess.DEVNULL
    try:
        result = subprocess.run(list(command), stdin=quiet, stdout=quiet, stderr=quiet, check=False)
    except OSError as error:
        return f"{command[0]} could not be started ({error.strerror or error})"
    if result.returncode:
        return f"{Path(command[0]).name} ended with status {result.returncode}"
    return None


def open_post(app: App[object], post: Post, root: Path) -> tuple[str, SeverityLevel]:
    """Open the post's permalink, or its file, from a worker thread.

    A console browser needs the terminal: the app steps aside meanwhile (on
    its own thread). Returns the line to show and how it should look.
    """
    return open_address(app, target_of(post, root))


def open_address(app: App[object], target: str) -> tuple[str, SeverityLevel]:
    """Open `target` (a checked web address or file URI) from a worker thread, as `open_post`."""
    plan = plan_open(target)
    if not plan.command:
        return no_opener_message(target, plan), "error"
    if plan.console:
        problem = app.call_from_thread(run_suspended, app, plan.command)
    else:
        problem = start_detached(plan.command)
    if problem is None:
        return f"Opening {target}", "information"
    return f"{target}: {problem}", "error"
