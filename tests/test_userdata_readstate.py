"""Reading state: read/unread and scroll positions, kept in the data folder."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from concurrency import run_at_once

from reader.userdata.paths import config_dir, data_dir
from reader.userdata.readstate import ReadState, readstate_path

STORE = "/home/someone/blogs/posts"


def test_kept_in_the_data_folder_not_the_config_folder(isolated_dirs: Path) -> None:
    assert readstate_path() == data_dir() / "state.sqlite3"
    assert readstate_path().is_relative_to(isolated_dirs / ".local" / "share")
    with ReadState() as state:
        state.mark_read(STORE, "a")
    assert readstate_path().exists()
    assert not config_dir().exists()


def test_round_trip_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    state = ReadState(path)
    assert state.read_ids(STORE) == frozenset()
    assert state.scroll(STORE, "a") is None
    state.mark_read(STORE, "a")
    state.mark_read(STORE, "b")
    state.mark_read("/other", "c")
    state.set_scroll(STORE, "a", 12.5)
    state.set_scroll(STORE, "d", 3)  # scrolled, never marked read
    state.mark_read(STORE, "b", read=False)
    state.close()

    again = ReadState(path)
    assert again.read_ids(STORE) == frozenset({"a"})
    assert again.read_ids("/other") == frozenset({"c"})
    assert again.scroll(STORE, "a") == 12.5
    assert again.scroll(STORE, "d") == 3.0
    assert again.is_read(STORE, "a") and not again.is_read(STORE, "d")
    state.close()  # closing twice is harmless
    again.close()


def test_marking_read_keeps_the_scroll_position(tmp_path: Path) -> None:
    with ReadState(tmp_path / "state.sqlite3") as state:
        state.set_scroll(STORE, "a", 40.0)
        state.mark_read(STORE, "a")
        state.set_scroll(STORE, "a", 41.0)
        assert state.scroll(STORE, "a") == 41.0
        assert state.read_ids(STORE) == frozenset({"a"})


def _mark_many(path: str, prefix: str, start: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    with ReadState(Path(path)) as state:
        for number in range(50):
            state.mark_read(STORE, f"{prefix}/{number}")


def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    ReadState(path).close()
    run_at_once(_mark_many, [(str(path), prefix) for prefix in ("left", "right")])
    with ReadState(path) as state:
        assert len(state.read_ids(STORE)) == 100


def test_a_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    garbage = b"this was never a database " * 200
    path.write_bytes(garbage)
    warnings: list[str] = []
    with ReadState(path, warnings) as state:
        assert state.read_ids(STORE) == frozenset()
        state.mark_read(STORE, "a")
        assert state.read_ids(STORE) == frozenset({"a"})
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}: not a usable database")
    (aside,) = tmp_path.glob("state.sqlite3.corrupt-*")
    assert aside.read_bytes() == garbage
    assert f"moved aside to {aside}" in warnings[0]
    with contextlib.closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM post_state").fetchone() == (1,)
