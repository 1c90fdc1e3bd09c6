"""Atomic writes, the lock and move-aside: the promises every user file relies on."""

from __future__ import annotations

import datetime as dt
import fcntl
import multiprocessing
import os
import random
import stat
import sys
import time
import tomllib
from pathlib import Path

from concurrency import kill_when_writing

from reader.userdata.atomic import (
    aside_path,
    lock_path,
    locked,
    move_aside,
    remove_stale_temps,
    write_atomic,
)

ROOT = Path(__file__).resolve().parent.parent


def test_write_creates_folder_and_file(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "file.toml"
    write_atomic(target, b"a = 1\n")
    assert target.read_bytes() == b"a = 1\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.toml"]


def test_write_replaces_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "file.toml"
    target.write_bytes(b"old")
    target.chmod(0o644)
    old_inode = target.stat().st_ino
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.stat().st_ino != old_inode  # replaced, not written in place


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "config.toml"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "file.toml"
    target.write_bytes(b"old")

    try:
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    except TypeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("expected a TypeError")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.toml"]


def test_stale_temps_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.toml"
    stale = tmp_path / ".bookmarks.toml.abc123.tmp"
    stale.write_bytes(b"half")
    other = tmp_path / ".searches.toml.abc123.tmp"
    other.write_bytes(b"someone else's")
    with locked(target):
        remove_stale_temps(target)
    assert not stale.exists()
    assert other.exists()


def test_move_aside_never_overwrites_an_earlier_aside(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.toml"
    moment = dt.datetime(2024, 5, 1, 9, 30, 0)
    names = []
    for content in (b"first", b"second", b"third"):
        target.write_bytes(content)
        names.append(move_aside(target, moment))
    assert [p.name for p in names] == [
        "bookmarks.toml.corrupt-20240501-093000",
        "bookmarks.toml.corrupt-20240501-093000-2",
        "bookmarks.toml.corrupt-20240501-093000-3",
    ]
    assert [p.read_bytes() for p in names] == [b"first", b"second", b"third"]
    assert not target.exists()
    assert aside_path(target, moment).name == "bookmarks.toml.corrupt-20240501-093000-4"


def _hold_lock_then_append(path: str, started: object, log: str) -> None:
    with locked(Path(path)):
        started.set()  # type: ignore[attr-defined]
        with open(log, "a") as out:
            out.write("child-in\n")
        # Give the parent time to reach the lock; without it the parent's
        # line would land before ours.
        time.sleep(0.3)
        with open(log, "a") as out:
            out.write("child-out\n")


def test_lock_excludes_another_process(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.toml"
    log = tmp_path / "log"
    context = multiprocessing.get_context("fork")
    started = context.Event()
    child = context.Process(target=_hold_lock_then_append, args=(str(target), started, str(log)))
    child.start()
    assert started.wait(30)
    with locked(target), open(log, "a") as out:
        out.write("parent-in\n")
    child.join(30)
    assert child.exitcode == 0
    lines = log.read_text().splitlines()
    assert lines[-1] == "parent-in"  # never in the middle of the child's turn
    assert lock_path(target).exists()


def test_lock_is_released_when_the_holder_dies(tmp_path: Path) -> None:
    target = tmp_path / "bookmarks.toml"
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        with locked(target):
            os._exit(0)  # dies holding the lock, no cleanup code runs
    os.waitpid(pid, 0)
    fd = os.open(lock_path(target), os.O_RDWR)
    try:
        # Non-blocking: raises BlockingIOError (rather than hanging) if the lock outlived
        # its holder.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


BIG_WRITER = """
import sys
from pathlib import Path
from reader.userdata.atomic import write_atomic
path = Path(sys.argv[1])
# Big payloads so that most kills land between creating the temp file and the rename.
payloads = [f'version = 1\\nfill = "{letter * 4_000_000}"\\n'.encode() for letter in "ab"]
for number in range(1_000_000):
    write_atomic(path, payloads[number % 2])
    if number == 0:
        print("ready", flush=True)
"""


def test_killed_big_writes_never_leave_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "file.toml"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    chance = random.Random(7)
    for _ in range(4):
        argv = [sys.executable, "-c", BIG_WRITER, str(target)]
        kill_when_writing(argv, environment, chance.uniform(0.0, 0.1))
        fill = tomllib.loads(target.read_text())["fill"]
        assert fill in ("a" * 4_000_000, "b" * 4_000_000)
        with locked(target):
            remove_stale_temps(target)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["file.toml", "file.toml.lock"]
