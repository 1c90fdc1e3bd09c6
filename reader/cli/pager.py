"""Page long output through `$PAGER` (else `less -R`) as git does.

Only when stdout is a terminal and the text is taller than it: piped output
and short posts are written straight out. `PAGER=cat` or an empty `PAGER`
means no pager, and a pager that cannot be started is no error either: the
text is written as it would have been without one.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys

DEFAULT_PAGER = "less -R"
# As git sets it: quit when the text fits (F), keep colours (R), and leave the
# text on the screen after quitting (X).
LESS_DEFAULTS = "FRX"


def pager_command() -> list[str] | None:
    """The pager to run, split into its words; None for no pager."""
    text = os.environ.get("PAGER", DEFAULT_PAGER)
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if not words or words == ["cat"]:
        return None
    return words if shutil.which(words[0]) else None


def wants_pager(text: str) -> bool:
    """True when stdout is a terminal and `text` has more lines than it."""
    if not sys.stdout.isatty():
        return False
    return text.count("\n") >= shutil.get_terminal_size().lines


def show(text: str, *, allowed: bool = True) -> None:
    """Write `text` to stdout, through the pager when it is long (and `allowed`)."""
    command = pager_command() if allowed and wants_pager(text) else None
    if command is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    env = {**os.environ}
    env.setdefault("LESS", LESS_DEFAULTS)
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(text)
        return
    assert process.stdin is not None
    # Ctrl+C belongs to the pager while it runs (less uses it to stop a search).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            process.stdin.close()
        except BrokenPipeError:
            pass  # The user quit the pager before reading it all.
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
