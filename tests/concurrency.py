"""Helpers for tests that race processes or kill them mid-write."""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import subprocess
from collections.abc import Callable, Sequence


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
