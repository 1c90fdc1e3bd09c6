"""Helpers for tests that race processes or kill them mid-write."""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def run_at_once(target: Callable[..., None], arguments: Sequence[tuple[object, ...]]) -> None:
    """Start one forked process per argument tuple, release them together, and
    wait; each gets a start Event as its last argument and must exit 0."""
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [context.Process(target=target, args=(*args, start)) for args in arguments]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0


def kill_when_writing(argv: list[str], env: dict[str, str], after: float) -> None:
    """Run a writer that prints `ready` when it starts writing; SIGKILL it
    `after` seconds later (or when it ends, if sooner)."""
    writer = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env)
    assert writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    with contextlib.suppress(subprocess.TimeoutExpired):
        writer.wait(timeout=after)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    writer.stdout.close()


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds (generous:
    it bounds a hang, it does not measure speed)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what or condition}"
        time.sleep(0.01)


def children_of(pid: int) -> list[int]:
    """The live child processes of `pid` (Linux /proc)."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            stat = (entry / "stat").read_text()
            # Fields after the command name, which may hold spaces: state, ppid.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def is_alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not reaped, counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
