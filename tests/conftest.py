"""Shared fixtures. No test may touch the real home directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = Path(__file__).resolve().parent / "fixtures" / "000_ff3c4186ac20cdb6.txt"
SAMPLE_POSTS = ROOT / "posts"
SIZE = (120, 40)
"""The terminal the app tests run in, unless a test is about another size."""


def pytest_xdist_auto_num_workers() -> int:
    """Run `-n auto` on two workers a core, at most eight.

    The app tests spend about two fifths of their time waiting on Textual's idle
    checks (every key press and pause waits for the screen to settle), so one
    worker a core leaves the cores half idle: on two cores the suite takes 176 s
    on two workers and 123-133 s on four, and no less on six.
    """
    # The cores this process may run on, which a container may limit below
    # the machine's count.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(8, 2 * (cores or 1))


@pytest.fixture(autouse=True)
def isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point every XDG directory (and HOME) at a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_RUNTIME_DIR", "run"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.delenv("READER_STORE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A folder of the five posts of `app_stores.POSTS` (the app tests' usual store)."""
    from app_stores import write_store  # Imports Textual: only for the tests that use it.

    return write_store(tmp_path / "posts")
