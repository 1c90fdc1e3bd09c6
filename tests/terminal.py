"""Run the command line on a pseudo-terminal, as a person at a terminal would."""

from __future__ import annotations

import os
import pty
import sys


def run_on_pty(argv: list[str], env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run `argv` (a program and its arguments) on a pseudo-terminal; its exit
    status and everything it printed."""
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(argv[0], argv, env or dict(os.environ))
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks)


def run_in_terminal(*argv: str, env: dict[str, str] | None = None) -> bytes:
    """Run `python -m reader ARGV` on a pseudo-terminal and return what it printed."""
    return run_on_pty([sys.executable, "-m", "reader", *argv], env)[1]
