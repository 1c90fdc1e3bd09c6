"""Ctrl+C while a build forks its parse workers: never lost, never a traceback.

The terminal sends Ctrl+C to the whole process group. While the workers are
forked, the parent must not lose it (Python swallows an exception raised in
an at-fork hook) and a worker must not print a traceback for it.
"""

from __future__ import annotations

import os
import signal

from reader.index.workers import interrupts_held


def test_ctrl_c_while_forking_is_held_and_then_said() -> None:
    with interrupts_held() as interrupted:
        os.kill(os.getpid(), signal.SIGINT)  # No KeyboardInterrupt in here.
        assert interrupted()
    # Once the workers are forked, Ctrl+C is Python's again.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_worker_forked_meanwhile_drops_ctrl_c() -> None:
    with interrupts_held() as interrupted:
        child = os.fork()
        if child == 0:  # The worker, before its initializer ignores Ctrl+C.
            os.kill(os.getpid(), signal.SIGINT)
            os._exit(0)
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not interrupted(), "the worker's Ctrl+C is not the parent's"


def test_nothing_held_without_ctrl_c() -> None:
    with interrupts_held() as interrupted:
        pass
    assert not interrupted()
