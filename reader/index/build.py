"""Bring the index up to date with the store's files.

A refresh stats every post file (no reading), once, and compares the
(path, mtime, size) of every file with what the index recorded in one set
operation: a file that did not change costs no Python work past its stat.
Folders whose change time did not move vouch for their names, so when none
moved the files are stat'ed by path without a walk (`reader.index.walk`). Only new
and changed files are read and parsed.

Parsing is pure Python and the slowest step, so a large batch is parsed in
worker processes while this process does the SQLite writes
(SQLite releases the GIL, but the parser would not); a small batch is
parsed here, as starting workers would cost more than it saves.

Writes go in transactions of a few thousand posts: a build that is stopped
half-way leaves a valid, partial index, marked incomplete, that the next
refresh completes (it reads only the files the index does not hold yet).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from reader.index import links
from reader.index import walk as index_walk
from reader.index.bulk import bulk_load
from reader.index.readahead import Readahead
from reader.index.schema import SEPARATOR, is_complete, mark_complete
from reader.index.workers import (
    interrupts_held,
    pool_context,
    start_resource_tracker,
    stop_now,
    worker_start,
)
from reader.index.writer import Parsed, ParsedRow, Writer
from reader.model import LoadProblem, Post, date_sort_key, iso, section_of
from reader.store import read_file
from reader.store_walk import FileStat, Folders, stat_store

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


def scan(root: Path, folders: Folders | None = None) -> tuple[list[FileStat], list[LoadProblem]]:
    """Every post file as (rel, mtime_ns, size), and the problems of the walk."""
    return stat_store(root, folders)


def post_row(post: Post, rel: str) -> ParsedRow:
    """A post as the plain values the writer stores (`ParsedRow`)."""
    date = iso(post.date)
    authors, tags = SEPARATOR.join(post.authors), SEPARATOR.join(post.tags)
    return (
        post.id,
        rel,
        post.title,
        post.title_source,
        date,
        date_sort_key(post.date)[1],
        iso(post.updated),
        authors,
        tags,
        section_of(post.id),
        # A date's year as written (`2020-01-01T00:30+02:00` is 2020), not in UTC.
        int(date[:4]) if date else None,
        int(post.draft),
        post.summary,
        post.body,
        " ".join(post.tags),
        " ".join(post.authors),
        tuple(dict.fromkeys(post.tags)) if tags else (),
        tuple(dict.fromkeys(post.authors)) if authors else (),
        links.named_targets(rel, post.body),
    )


_READAHEAD = Readahead()
"""This process's: each parse worker learns on its own whether its files are cached."""


def parse_files(top: str, files: Sequence[FileStat]) -> list[Parsed]:
    """Read and parse files (rel, mtime_ns, size) of the store at `top`. Runs in workers too."""
    out: list[Parsed] = []
    paths = [f"{top}/{rel}" for rel, _, _ in files]
    _READAHEAD.before(paths)
    for (rel, mtime_ns, size), path in zip(files, paths, strict=True):
        post, problems = read_file(path, rel)
        found = [(problem.line, problem.reason) for problem in problems]
        row = None if post is None else post_row(post, rel)
        out.append((rel, mtime_ns, size, row, found))
    _READAHEAD.after(len(files))
    return out


def _parsed_in_order(
    top: str, todo: list[FileStat], workers: int
) -> Generator[list[Parsed], None, None]:
    """Parsed chunks in walk order, with a bounded number in flight.

    A chunk is a slice of `todo`, made when it is sent: at a million files,
    a list of every chunk (or of every file's full path) would be hundreds
    of megabytes held for the whole build."""
    starts = range(0, len(todo), _CHUNK)
    if workers < 1 or len(todo) < PARALLEL_FROM:
        for start in starts:
            yield parse_files(top, todo[start : start + _CHUNK])
        return
    next_chunk = 0
    try:
        context = pool_context()
        if context.get_start_method() == "spawn":
            start_resource_tracker()
        with interrupts_held() as interrupted:
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=worker_start,
                initargs=(os.getpid(),),
            )
            pool.submit(int)  # Forks every worker now (fork starts them all at once).
        finished = False
        try:
            if interrupted():
                raise KeyboardInterrupt  # Ctrl+C while the workers were forked.
            pending: list[Future[list[Parsed]]] = []
            for start in starts:
                pending.append(pool.submit(parse_files, top, todo[start : start + _CHUNK]))
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
                stop_now(pool)
    except (BrokenProcessPool, OSError, RuntimeError, ValueError):
        # Workers could not start or died (no usable __main__ for spawn, a
        # limit on processes): parse the rest here; slower, never wrong.
        for start in starts[next_chunk:]:
            yield parse_files(top, todo[start : start + _CHUNK])


def default_workers() -> int:
    # This process is the SQLite writer, busy a good half of the time: leave
    # it a core.
    return max(1, min(4, (os.cpu_count() or 1) - 1))


@dataclass(slots=True)
class _Changes:
    """What a refresh must do to bring the index to the files."""

    gone: list[tuple[int, str, str]]
    """Posts (rowid, id, path) whose file went or changed."""
    changed_paths: set[str]
    stale_skips: list[str]
    todo: list[FileStat]
    """Files to read, in walk order."""


def _changes(conn: sqlite3.Connection, files: list[FileStat]) -> _Changes:
    """Compare the files with the index: each file takes part in one set
    operation, done in C; only the differences are looked at one by one."""
    indexed = set(conn.execute("SELECT path, mtime_ns, size FROM posts"))
    skipped_rows: list[tuple[str, int, int, int]] = conn.execute(
        "SELECT path, mtime_ns, size, duplicate FROM skipped"
    ).fetchall()
    if not indexed and not skipped_rows:
        # A first build reads every file: no sets of a million tuples to compare.
        return _Changes([], set(), [], files)
    on_disk = set(files)
    stale = indexed - on_disk  # gone, or changed
    fresh = on_disk - indexed  # new, or changed
    gone: list[tuple[int, str, str]] = []
    changed_paths: set[str] = set()
    if stale:
        disk_paths = {rel for rel, _, _ in fresh}
        stale_paths = {rel for rel, _, _ in stale}
        for rowid, post_id, path in conn.execute("SELECT rowid, id, path FROM posts"):
            if path in stale_paths:
                gone.append((rowid, post_id, path))
                if path in disk_paths:
                    changed_paths.add(path)
    # A file skipped for a duplicate id gets another chance when posts go.
    stale_skips = [
        path
        for path, mtime_ns, size, duplicate in skipped_rows
        if (duplicate and gone) or (path, mtime_ns, size) not in on_disk
    ]
    retry = set(stale_skips)
    todo: list[FileStat] = []
    if fresh or retry:
        wanted = fresh - {(path, mtime_ns, size) for path, mtime_ns, size, _ in skipped_rows}
        todo = [f for f in files if f in wanted or f[0] in retry]
    return _Changes(gone, changed_paths, stale_skips, todo)


def refresh(
    conn: sqlite3.Connection,
    root: Path,
    progress: Progress | None = None,
    *,
    workers: int | None = None,
) -> tuple[RefreshStats, list[LoadProblem]]:
    """Update the index from the files; return what changed and the walk's problems."""
    started = time.perf_counter()
    complete = is_complete(conn)
    recorded = index_walk.load(conn) if complete else None
    unchanged, files = (False, None) if recorded is None else index_walk.restat(root, recorded)
    if recorded is not None and unchanged:
        # Every folder and every file as the last complete refresh left them.
        if progress is not None:
            progress(0, 0)
        seconds = time.perf_counter() - started
        return RefreshStats(unchanged=len(recorded.paths), seconds=seconds), recorded.problems
    if recorded is not None and files is not None:
        now = index_walk.Seen(recorded.folders, files, recorded.problems)
    else:
        folders: Folders = []
        files, problems = scan(root, folders)
        now = index_walk.Seen(folders, files, problems)
    walk_problems = now.problems
    changes = _changes(conn, files)
    gone, changed_paths, todo = changes.gone, changes.changed_paths, changes.todo
    writer = Writer(conn)
    with conn:
        writer.remove(gone)
        writer.forget_skipped(changes.stale_skips)
        if gone or changes.stale_skips or todo:
            # Until the last batch is in, the index is not the store.
            mark_complete(conn, False)
    total = len(todo)
    done = 0
    if progress is not None:
        progress(0, total)
    batch: list[Parsed] = []
    # Closed on the way out of an error or Ctrl+C, which stops the workers at once.
    top = os.path.abspath(root)
    chunks = _parsed_in_order(top, todo, workers or default_workers())
    with contextlib.closing(chunks), bulk_load(conn) if not complete else contextlib.nullcontext():
        for chunk in chunks:
            batch.extend(chunk)
            done += len(chunk)
            if len(batch) >= _BATCH:
                with conn:
                    writer.add(batch)
                batch = []
            if progress is not None:
                progress(done, total)
        if batch:
            with conn:
                writer.add(batch)
    with conn:
        index_walk.save(conn, now)
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
