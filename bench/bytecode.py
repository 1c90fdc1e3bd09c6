"""Bytecode for the code a benchmark times, as an installed package has it.

pip writes each module's bytecode when it installs the reader. A checkout
run with PYTHONDONTWRITEBYTECODE set (some shells and CI set it) has none,
so every process would compile every module it imports from source: about
65 ms of a `reader show`, more of the app's start. The harnesses that time a
new process write it first, so they time what a user's install runs.
"""

from __future__ import annotations

import compileall
from pathlib import Path


def write_bytecode(*checkouts: Path) -> None:
    """Write the bytecode of each checkout's `reader` package (quietly; kept
    up to date by the usual mtime check, so a second run costs a stat a file)."""
    for checkout in checkouts:
        compileall.compile_dir(checkout / "reader", quiet=1)
