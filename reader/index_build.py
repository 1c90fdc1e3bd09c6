"""Bring the index up to date with the store's files.

A refresh stats every post file (no reading) and compares mtime and size
with what the index recorded; only new and changed files are read and
parsed. Parsing is pure Python and the slowest step, so a large batch is
parsed in worker processes while this process does the SQLite writes
(SQLite releases the GIL, but the parser would not); a small batch is
parsed here, as starting workers would cost more than it saves.

Writes go in transactions of a few thousand posts: a build that is stopped
half-way leaves a valid, partial index, marked incomplete, that the next
refresh completes (it reads only the files the index does not hold yet).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from reader.index_lock import close_inherited
from reader.index_schema import SEPARATOR, mark_complete
from reader.index_writer import Parsed, ParsedRow, Writer
from reader.model import LoadProblem, date_sort_key, iso
from reader.store import problem, read_file, scan_store

Progress = Callable[[int, int], None]
"""Called with (done, total) as files are read."""

PARALLEL_FROM = 3000
"""Files to read before worker processes pay for their start-up (~0.2 s)."""
_CHUNK = 250
_BATCH = 5000
# Chunks parsed ahead: enough to keep the workers busy while this process
# writes a whole batch (SQLite releases the GIL), ~10k posts at most.
_IN_FLIGHT = 2 * _BATCH // _CHUNK

# What a worker sends back for one file (`Parsed`) is a parsed post as plain
# values, no Post object, so pickling stays cheap.


@dataclass(frozen=True, slots=True)
class RefreshStats:
    """What a refresh found and did."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    rebuilt: bool = False

    @property
    def read(self) -> int:
        return self.added + self.changed


@dataclass(frozen=True, slots=True)
class _File:
    rel: str
    path: str
    mtime_ns: int
    size: int


def scan(root: Path) -> tuple[list[_File], list[LoadProblem]]:
    """Every post file with its mtime and size, and the problems of the walk."""
    paths, problems = scan_store(root)
    files: list[_File] = []
    for path, rel in paths:
        try:
            info = os.stat(path)
        except OSError as error:
            problems.append(problem(rel, None, f"cannot read: {error.strerror or error}"))
            continue
        files.append(_File(rel, path, info.st_mtime_ns, info.st_size))
    return files, problems


def parse_files(files: Sequence[tuple[str, str, int, int]]) -> list[Parsed]:
    """Read and parse files (rel, path, mtime_ns, size). Runs in workers too."""
    out: list[Parsed] = []
    for rel, path, mtime_ns, size in files:
        post, problems = read_file(path, rel)
        found = [(problem.line, problem.reason) for problem in problems]
        row: ParsedRow | None = None
        if post is not None:
            row = (
                post.id,
                rel,
                post.title,
                post.title_source,
                iso(post.date),
                date_sort_key(post.date)[1],
                iso(post.updated),
                SEPARATOR.join(post.authors),
                SEPARATOR.join(post.tags),
                post.summary,
                post.draft,
                post.body,
            )
        out.append((rel, mtime_ns, size, row, found))
    return out


def _parsed_in_order(todo: list[_File], workers: int) -> Generator[list[Parsed], None, None]:
    """Parsed chunks in walk order, with a bounded number in flight."""
    items = [(f.rel, f.path, f.mtime_ns, f.size) for f in todo]
    chunks = [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]
    if workers < 1 or len(todo) < PARALLEL_FROM:
        for chunk in chunks:
            yield parse_files(chunk)
        return
    next_chunk = 0
    try:
        context = _pool_context()
        if context.get_start_method() == "spawn":
            _start_resource_tracker()
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=worker_start,
            initargs=(os.getpid(),),
        )
        finished = False
        try:
            pending: list[Future[list[Parsed]]] = []
            for chunk in chunks:
                pending.append(pool.submit(parse_files, chunk))
                if len(pending) > _IN_FLIGHT:
                    yield pending.pop(0).result()
                    next_chunk += 1
            for future in pending:
                yield future.result()
                next_chunk += 1
            finished = True
        finally:
            if finished:
                pool.shutdown(wait=True)
            else:
                # Stopped (Ctrl+C, an error, the caller gave up): the chunks
                # in flight are not wanted, and waiting for them would hang.
                _stop_now(pool)
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        # Workers could not start or died (no usable __main__ for spawn, a
        # limit on processes): parse the rest here; slower, never wrong.
        for chunk in chunks[next_chunk:]:
            yield parse_files(chunk)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down without waiting for its work: kill the workers."""
    # concurrent.futures has no public way to do this before Python 3.14.
    table: dict[int, multiprocessing.process.BaseProcess] = getattr(pool, "_processes", None) or {}
    workers = list(table.values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    for process in workers:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(5)


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


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork when this process has one thread (the command line): it starts
    at once. spawn otherwise (the app refreshes from a thread), because a
    forked copy of a threaded process can inherit a lock held by another thread."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_resource_tracker() -> None:
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


def default_workers() -> int:
    # This process is the SQLite writer, busy a good half of the time: leave
    # it a core.
    return max(1, min(4, (os.cpu_count() or 1) - 1))


def refresh(
    conn: sqlite3.Connection,
    root: Path,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
) -> tuple[RefreshStats, list[LoadProblem]]:
    """Update the index from the files; return what changed and the walk's problems."""
    started = time.perf_counter()
    files, walk_problems = scan(root)
    on_disk = {f.rel: f for f in files}
    known = {
        path: (rowid, post_id, mtime_ns, size)
        for rowid, post_id, path, mtime_ns, size in conn.execute(
            "SELECT rowid, id, path, mtime_ns, size FROM posts"
        )
    }
    skipped = {
        path: (mtime_ns, size, duplicate)
        for path, mtime_ns, size, duplicate in conn.execute("SELECT * FROM skipped")
    }
    gone: list[tuple[int, str, str]] = []
    changed_paths: set[str] = set()
    for path, (rowid, post_id, mtime_ns, size) in known.items():
        now = on_disk.get(path)
        if now is None or (now.mtime_ns, now.size) != (mtime_ns, size):
            gone.append((rowid, post_id, path))
            if now is not None:
                changed_paths.add(path)
    # A file skipped for a duplicate id gets another chance when posts go.
    stale_skips = [
        path
        for path, (mtime_ns, size, duplicate) in skipped.items()
        if (duplicate and gone)
        or path not in on_disk
        or (on_disk[path].mtime_ns, on_disk[path].size) != (mtime_ns, size)
    ]
    retry = set(stale_skips)
    gone_paths = {path for _, _, path in gone}

    def needs_reading(f: _File) -> bool:
        if f.rel in known:
            return f.rel in gone_paths
        return f.rel not in skipped or f.rel in retry

    todo = [f for f in files if needs_reading(f)]
    writer = Writer(conn)
    with conn:
        writer.remove(gone)
        writer.forget_skipped(stale_skips)
        if gone or stale_skips or todo:
            # Until the last batch is in, the index is not the store.
            mark_complete(conn, False)
    total = len(todo)
    done = 0
    if progress is not None:
        progress(0, total)
    batch: list[Parsed] = []
    # Closed on the way out of an error or Ctrl+C, which stops the workers at once.
    with contextlib.closing(_parsed_in_order(todo, workers or default_workers())) as chunks:
        for chunk in chunks:
            batch.extend(chunk)
            done += len(chunk)
            if len(batch) >= _BATCH:
                with conn:
                    writer.add(batch)
                batch = []
            if progress is not None:
                progress(done, total)
    with conn:
        if batch:
            writer.add(batch)
        mark_complete(conn, True)
    # Counted in posts, not files read: a file that gave no post (empty, a
    # duplicate id) was not added, and an owner that lost its id was removed.
    changed = sum(1 for path in writer.inserted if path in changed_paths)
    stats = RefreshStats(
        added=len(writer.inserted) - changed,
        changed=changed,
        removed=len(gone) - changed + writer.demoted,
        unchanged=len(files) - total,
        seconds=time.perf_counter() - started,
    )
    return stats, walk_problems
