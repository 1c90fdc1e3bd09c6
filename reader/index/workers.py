"""The parse workers' processes: started, stopped at once, and quiet about Ctrl+C.

A first build parses in worker processes (`reader.index.build`). They must
die with their parent, never print a traceback for the Ctrl+C the terminal
sends to every process of the group, and stop at once when the build stops
(docs/design.md §6).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from types import FrameType

from reader.index.lock import close_inherited


def stop_now(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for its work: kill the workers."""
    # concurrent.futures has no public way to do this before Python 3.14.
    table: dict[int, multiprocessing.process.BaseProcess] = getattr(pool, "_processes", None) or {}
    workers = list(table.values())
    manager: threading.Thread | None = getattr(pool, "_executor_manager_thread", None)
    results = getattr(pool, "_result_queue", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(5)
    # A worker killed halfway through sending a big result leaves half a
    # message in the results pipe, and the pool's manager thread would wait
    # for the rest for ever (and the interpreter for it, at exit). With every
    # worker gone, closing our own end of the pipe makes that read fail.
    with contextlib.suppress(OSError, AttributeError):
        results._writer.close()  # type: ignore[union-attr]
    if manager is not None:
        # The manager closes its wake-up pipe as it ends, and at exit
        # concurrent.futures writes to that pipe: if the two cross, it prints
        # "Bad file descriptor" after our one line. Let it end first.
        manager.join(5)


@contextlib.contextmanager
def interrupts_held() -> Iterator[Callable[[], bool]]:
    """Hold Ctrl+C back while the parse workers are forked; yields whether one came.

    The terminal sends Ctrl+C to the whole process group. Python would raise
    it in the parent wherever it happens to be, and while forking that can
    be inside an at-fork hook, which swallows it: the build would go on. And
    a worker forked a moment before its initializer ignores Ctrl+C would
    print a traceback. Meanwhile the handler only notes the signal (in the
    parent) or drops it (in a forked copy); the caller raises it after.
    """
    noted = False
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        # Only the main thread gets signals (the app builds in a worker, with
        # spawned workers), and another handler is its owner's business.
        yield lambda: False
        return
    parent = os.getpid()

    def note(_signum: int, _frame: FrameType | None) -> None:
        nonlocal noted
        noted = noted or os.getpid() == parent

    signal.signal(signal.SIGINT, note)
    try:
        yield lambda: noted
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def worker_start(parent: int) -> None:
    """Set up a parse worker: it dies with its parent and never prints a
    traceback for Ctrl+C, which the terminal sends to every process of the
    group; the parent alone handles it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    close_inherited()
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        # The parent was gone before the above took effect.
        os._exit(0)


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent ends; False elsewhere."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """Where the kernel cannot be asked: notice the parent is gone and exit."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def pool_context() -> multiprocessing.context.BaseContext:
    """fork when this process has one thread (the command line): it starts
    at once. spawn otherwise (the app refreshes from a thread), because a
    forked copy of a threaded process can inherit a lock held by another thread."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker, which spawned workers need.

    The tracker is handed `sys.stderr`'s descriptor. Inside the app, Textual
    has put an object without one in its place (`fileno()` is -1) and the
    tracker cannot start, so it is started once with /dev/null instead.
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        return
    from multiprocessing import resource_tracker

    with open(os.devnull, "w") as sink:
        saved, sys.stderr = sys.stderr, sink
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved
