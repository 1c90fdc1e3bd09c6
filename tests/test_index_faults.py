"""The index under concurrent commands, killed builds, Ctrl+C and damage.

Every test runs the real command line in real processes over a store of a
few thousand generated posts: the faults live between processes (locks,
half-written databases, parse workers), where a unit test cannot reach.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from concurrency import children_of, is_alive, wait_until

from reader.cli import main
from reader.index.lock import IndexBusy, IndexLock
from reader.index.schema import database_path

POSTS = 6000
WORD_EVERY = 7
"""Every seventh post holds the word 'harbour'."""
EXPECTED_HITS = len(range(0, POSTS, WORD_EVERY))
_WORDS = [
    "river",
    "stone",
    "lantern",
    "meadow",
    "copper",
    "thistle",
    "orchard",
    "signal",
    "ember",
    "willow",
]


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """6,000 small posts in nested folders: large enough to use parse workers."""
    root = tmp_path_factory.mktemp("big") / "store"
    chance = random.Random(7)
    for n in range(POSTS):
        words = " ".join(chance.choice(_WORDS) for _ in range(60))
        extra = " harbour" if n % WORD_EVERY == 0 else ""
        path = root / f"{n % 20:02}" / f"post-{n:05}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'+++\ntitle = "Post {n}"\ndate = 2016-{n % 12 + 1:02}-{n % 28 + 1:02}\n'
            f'tags = ["t{n % 13}"]\n+++\n\n{words}{extra}.\n',
            encoding="utf-8",
        )
    return root


def command(store: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "reader", "--store", str(store), *argv]


def start(store: Path, *argv: str, group: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command(store, *argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
        start_new_session=group,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def run(store: Path, *argv: str) -> tuple[int, str, str]:
    return finish(start(store, *argv))


def assert_whole_answers(store: Path) -> None:
    """`list` and `search` answer from the whole store, with nothing on stderr."""
    code, out, err = run(store, "list")
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == POSTS
    code, out, err = run(store, "search", "harbour", "--json", "--limit", "10000")
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == EXPECTED_HITS


def workers_of(process: subprocess.Popen[str]) -> list[int]:
    """Wait for the build's parse workers to start, and return them."""
    found: list[int] = []

    def started() -> bool:
        found[:] = children_of(process.pid)
        return bool(found) or process.poll() is not None

    wait_until(started, what="the parse workers")
    assert found, "the build ended before it started a worker"
    return found


def assert_gone(pids: list[int]) -> None:
    wait_until(lambda: not any(is_alive(pid) for pid in pids), 20, "the workers to end")


# -- one builder at a time -------------------------------------------------------


def test_two_rebuilds_at_once_leave_no_false_warnings(big_store: Path) -> None:
    assert run(big_store, "index")[0] == 0
    both = [start(big_store, "index", "--rebuild") for _ in range(2)]
    for process in both:
        code, out, err = finish(process)
        assert (code, err) == (0, "")
        assert f"{POSTS} posts" in out
    code, out, err = run(big_store, "index")
    assert (code, err) == (0, "")
    assert f"index refreshed: {POSTS} posts (0 added" in out
    assert_whole_answers(big_store)


def test_commands_on_a_fresh_cache_at_once_answer_from_the_whole_store(
    big_store: Path,
) -> None:
    processes = [
        start(big_store, "index"),
        start(big_store, "list"),
        start(big_store, "search", "harbour", "--json", "--limit", "10000"),
        start(big_store, "tags", "--json"),
    ]
    results = [finish(process) for process in processes]
    for code, _out, err in results:
        assert (code, err) == (0, "")
    assert len(results[1][1].splitlines()) == POSTS
    assert len(json.loads(results[2][1])) == EXPECTED_HITS
    assert sum(tag["count"] for tag in json.loads(results[3][1])) == POSTS


def test_a_reader_in_a_pager_neither_holds_up_a_rebuild_nor_sees_it(big_store: Path) -> None:
    assert run(big_store, "index")[0] == 0
    # Nobody reads its output, as with a pager left open: it blocks writing.
    stalled = start(big_store, "list")
    assert stalled.stdout is not None
    # Its first bytes, unbuffered: it has its answer and is writing it.
    first = os.read(stalled.stdout.fileno(), 100).decode()
    code, out, err = run(big_store, "index", "--rebuild")
    assert (code, err) == (0, "")
    assert f"index rebuilt: {POSTS} posts" in out
    code, rest, err = finish(stalled)
    assert (code, err) == (0, "")
    assert len((first + rest).splitlines()) == POSTS


# -- a build that did not finish -------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_a_killed_build_is_finished_by_the_next_command(big_store: Path, seed: int) -> None:
    chance = random.Random(seed)
    first = start(big_store, "index")
    wait_until(lambda: database_path(big_store.resolve()).exists(), what="the index file")
    # Anywhere in the build: the answers after it must be whole wherever it stopped.
    try:
        first.wait(timeout=chance.uniform(0.0, 1.2))
    except subprocess.TimeoutExpired:
        workers = children_of(first.pid)
        first.send_signal(signal.SIGKILL)
        assert_gone(workers)
    finish(first)
    assert_whole_answers(big_store)
    # A rebuild killed over a finished index: the same.
    assert run(big_store, "index")[0] == 0
    again = start(big_store, "index", "--rebuild")
    workers = workers_of(again)
    again.send_signal(signal.SIGKILL)
    finish(again)
    assert_gone(workers)
    assert_whole_answers(big_store)


# -- signals and the parse workers -----------------------------------------------


def test_ctrl_c_stops_the_build_at_once_in_one_line(big_store: Path) -> None:
    build = start(big_store, "index", "--rebuild", group=True)
    workers = workers_of(build)
    # The terminal sends Ctrl+C to the whole process group, workers included.
    os.killpg(build.pid, signal.SIGINT)
    code, _out, err = finish(build)
    assert code == 130
    assert err == "reader: indexing stopped; the next command finishes the index\n"
    assert_gone(workers)
    assert_whole_answers(big_store)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_the_workers_die_with_a_killed_build(big_store: Path, signum: int) -> None:
    build = start(big_store, "index", "--rebuild")
    workers = workers_of(build)
    build.send_signal(signum)
    code, _out, err = finish(build)
    assert code == -signum
    assert "Traceback" not in err
    assert_gone(workers)


# -- damage ----------------------------------------------------------------------

DAMAGED = "reader: the search index was damaged; it has been rebuilt\n"


def in_use_pages(path: Path, table: str) -> list[int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? ORDER BY pageno", (table,)
        ).fetchall()
    return [page for (page,) in rows]


def overwrite_page(path: Path, page: int, chance: random.Random) -> None:
    """Fill one page of the database with random bytes, as a bad sector would."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with open(path, "r+b") as file:
        file.seek((page - 1) * size)
        file.write(chance.randbytes(size))


def quick_check_passes(path: Path) -> bool:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        try:
            return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        except sqlite3.DatabaseError:
            return False


@pytest.mark.parametrize("where", ["truncated", "fts-root", "posts-leaf"])
def test_a_search_on_a_damaged_index_rebuilds_it_and_says_so_once(
    big_store: Path, where: str
) -> None:
    assert run(big_store, "index")[0] == 0
    path = database_path(big_store.resolve())
    chance = random.Random(where)
    if where == "truncated":
        with open(path, "r+b") as file:
            file.truncate(path.stat().st_size // 2)
    elif where == "fts-root":
        # Met by the check at open: the root of the words' index.
        overwrite_page(path, in_use_pages(path, "fts_data")[0], chance)
    else:
        # Met only when the answer's rows are read.
        leaves = in_use_pages(path, "posts")
        overwrite_page(path, leaves[len(leaves) // 2], chance)
    code, out, err = run(big_store, "search", "harbour", "--json", "--limit", "10000")
    assert (code, err) == (0, DAMAGED)
    assert len(json.loads(out)) == EXPECTED_HITS
    assert_whole_answers(big_store)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_reader_index_reads_every_page_and_rebuilds_a_damaged_one(
    big_store: Path, seed: int
) -> None:
    assert run(big_store, "index")[0] == 0
    path = database_path(big_store.resolve())
    chance = random.Random(seed)
    table = chance.choice(["fts_data", "posts", "post_tags", "posts_by_date"])
    overwrite_page(path, chance.choice(in_use_pages(path, table)), chance)
    assert not quick_check_passes(path)
    code, out, err = run(big_store, "index")
    assert (code, err) == (0, DAMAGED)
    assert f"index rebuilt: {POSTS} posts" in out
    assert quick_check_passes(path)
    assert_whole_answers(big_store)


# -- a full disk -------------------------------------------------------------------


@pytest.fixture
def small_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every index writer a page limit: SQLite then fails exactly as on a
    full disk (SQLITE_FULL, "database or disk is full")."""
    from reader.index.schema import connect as real

    def limited(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
        conn = real(path, readonly=readonly)
        conn.execute("PRAGMA max_page_count = 40")
        return conn

    monkeypatch.setattr("reader.index.facade.connect", limited)


def test_reader_index_says_the_disk_is_full_and_names_the_folder(
    big_store: Path, small_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = database_path(big_store.resolve()).parent
    assert main(["--store", str(big_store), "index"]) == 1
    assert capsys.readouterr().err == (
        f"reader: the disk is full: {folder} could not be written (free some space and try again)\n"
    )


def test_search_on_a_full_disk_answers_from_memory_after_one_line(
    big_store: Path, small_disk: None, capsys: pytest.CaptureFixture[str]
) -> None:
    database = database_path(big_store.resolve())
    code = main(["--store", str(big_store), "search", "harbour", "--json", "--limit", "10000"])
    out, err = capsys.readouterr()
    assert code == 0
    assert err == (
        f"reader: the search index could not be opened ({database}: the disk is full);"
        " reading the posts directly\n"
    )
    assert len(json.loads(out)) == EXPECTED_HITS


# -- the lock itself -----------------------------------------------------------------

_HOLD_LOCK = """
import sys
from pathlib import Path
from reader.index.lock import IndexLock
with IndexLock.of(Path(sys.argv[1])).exclusive():
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_builder_waits_for_another_then_gives_up_with_index_busy(tmp_path: Path) -> None:
    db_path = tmp_path / "index.sqlite3"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(IndexBusy), IndexLock.of(db_path).exclusive(wait=0.2):
            pass
    finally:
        holder.stdin.close()
        holder.wait(30)
    # The holder is gone, however it went: the lock is free.
    with IndexLock.of(db_path).exclusive(wait=30):
        pass


def test_a_forked_worker_does_not_keep_a_dead_parents_lock(tmp_path: Path) -> None:
    db_path = tmp_path / "index.sqlite3"
    # The parent takes the lock, forks a worker as a build does, and dies
    # without letting go; the worker lives on until its stdin closes.
    parent = subprocess.Popen(
        [sys.executable, "-c", _FORK_AND_DIE, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None and parent.stdin is not None
    worker = int(parent.stdout.readline())
    try:
        assert parent.wait(30) == 0
        assert is_alive(worker)
        with IndexLock.of(db_path).exclusive(wait=20):
            pass
    finally:
        parent.stdin.close()
        wait_until(lambda: not is_alive(worker), 30, "the worker to end")


_FORK_AND_DIE = """
import os, sys
from pathlib import Path
from reader.index.lock import IndexLock, close_inherited
with IndexLock.of(Path(sys.argv[1])).exclusive():
    child = os.fork()
    if child == 0:
        close_inherited()
        sys.stdin.read()
        os._exit(0)
    print(child, flush=True)
    os._exit(0)
"""
