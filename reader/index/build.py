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
import itertools
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
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
from reader.store_walk import FileStat, Folders, StatWalk, stat_store

Progress = Callable[[int, int], None]
"""Called with (done, total) as files are read."""

PARALLEL_FROM = 3000
"""Files to read before worker processes pay for their start-up (~0.2 s)."""
_CHUNK = 250
_BATCH = 5000
# Chunks parsed ahead: enough to keep the workers busy while this process
# writes a whole batch (SQLite releases the GIL), ~10k posts at most.
_IN_FLIGHT = 2 * _BATCH // _CHUNK
_WALK_AHEAD = 8
"""Chunks taken from the walk for each chunk sent: the walk (~12 µs a file)
ends an eighth of the way into the parse (~100 µs a file), holding only the
files' stats meanwhile."""

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


def parse_files(
    top: str, files: Sequence[FileStat], ahead: Sequence[FileStat] = ()
) -> list[Parsed]:
    """Read and parse files (rel, mtime_ns, size) of the store at `top`. Runs
    in workers too; `ahead` are the files of the chunk sent after this one,
    which the system may read meanwhile (`Readahead`)."""
    out: list[Parsed] = []
    paths = [f"{top}/{rel}" for rel, _, _ in files]
    _READAHEAD.before(paths, [f"{top}/{rel}" for rel, _, _ in ahead])
    for (rel, mtime_ns, size), path in zip(files, paths, strict=True):
        post, problems = read_file(path, rel)
        found = [(problem.line, problem.reason) for problem in problems]
        row = None if post is None else post_row(post, rel)
        out.append((rel, mtime_ns, size, row, found))
    _READAHEAD.after(len(files))
    return out


@dataclass(frozen=True, slots=True)
class _InFlight:
    """A chunk sent to the workers: kept until its parse is taken, so that
    it can be parsed here if the workers fail."""

    files: list[FileStat]
    future: Future[list[Parsed]]


def _parsed_in_order(
    top: str, chunks: Iterator[list[FileStat]], workers: int
) -> Generator[list[Parsed], None, None]:
    """Parsed chunks in order, with a bounded number in flight.

    The chunks are taken from `chunks` as they are sent: at a million files,
    a list of every chunk (or of every file's full path) would be hundreds
    of megabytes held for the whole build, and a first build's walk hands
    them out as it finds them. Until `PARALLEL_FROM` files have come, they
    are only gathered: a store with fewer is parsed here."""
    first: list[list[FileStat]] = []
    gathered = 0
    for chunk in chunks:
        first.append(chunk)
        gathered += len(chunk)
        if gathered >= PARALLEL_FROM:
            break
    source = itertools.chain(first, chunks)
    if workers < 1 or gathered < PARALLEL_FROM:
        for chunk in source:
            yield parse_files(top, chunk)
        return
    queue: deque[_InFlight] = deque()
    upcoming: deque[list[FileStat]] = deque()  # taken from `chunks`, not sent yet
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
            # Each chunk goes out with the next one's files to read ahead.
            upcoming.extend(itertools.islice(source, 1))
            while upcoming:
                # A first build's walk goes on ahead of the parse, so that its
                # total is known early: for each chunk sent, several are found.
                upcoming.extend(itertools.islice(source, _WALK_AHEAD))
                ahead = upcoming[1] if len(upcoming) > 1 else ()
                future = pool.submit(parse_files, top, upcoming[0], ahead)
                queue.append(_InFlight(upcoming.popleft(), future))
                if len(queue) > _IN_FLIGHT:
                    yield queue[0].future.result()
                    queue.popleft()
            while queue:
                yield queue[0].future.result()
                queue.popleft()
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
        for item in queue:
            yield parse_files(top, item.files)
        for chunk in itertools.chain(upcoming, source):
            yield parse_files(top, chunk)


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


def _holds_nothing(conn: sqlite3.Connection) -> bool:
    """Whether the index has no post and no skipped file: a first build's."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM posts) OR EXISTS (SELECT 1 FROM skipped)"
    ).fetchone()
    return not row[0]


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
    walker: StatWalk | None = None
    folders: Folders = []
    if recorded is not None and files is not None:
        now = index_walk.Seen(recorded.folders, files, recorded.problems)
    elif _holds_nothing(conn):
        # A first build reads every file: the parse starts as the walk finds them.
        walker = StatWalk(root, folders)
        now = index_walk.Seen(folders, [], walker.problems)
    else:
        files, problems = scan(root, folders)
        now = index_walk.Seen(folders, files, problems)
    if walker is None:
        changes = _changes(conn, now.files)
        todo = changes.todo
        chunks: Iterator[list[FileStat]] = (
            todo[start : start + _CHUNK] for start in range(0, len(todo), _CHUNK)
        )
    else:
        changes = _Changes([], set(), [], [])
        chunks = walker.chunks(_CHUNK)
    gone, changed_paths = changes.gone, changes.changed_paths
    writer = Writer(conn)
    with conn:
        writer.remove(gone)
        writer.forget_skipped(changes.stale_skips)
        if gone or changes.stale_skips or changes.todo or walker is not None:
            # Until the last batch is in, the index is not the store.
            mark_complete(conn, False)

    def total() -> int:
        # A first build's walk is still finding files: the total grows until it ends.
        return len(changes.todo) if walker is None else walker.posts_found

    done = 0
    if progress is not None:
        progress(0, total())
    batch: list[Parsed] = []
    # Closed on the way out of an error or Ctrl+C, which stops the workers at once.
    top = os.path.abspath(root)
    count = default_workers() if workers is None else workers
    parsed = _parsed_in_order(top, chunks, count)
    with contextlib.closing(parsed), bulk_load(conn) if not complete else contextlib.nullcontext():
        for chunk in parsed:
            batch.extend(chunk)
            done += len(chunk)
            if len(batch) >= _BATCH:
                with conn:
                    writer.add(batch)
                batch = []
            if progress is not None:
                progress(done, total())
        if batch:
            with conn:
                writer.add(batch)
    if walker is not None:
        now = index_walk.Seen(folders, walker.files, walker.problems)
    walk_problems = now.problems
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
        unchanged=len(now.files) - done,
        seconds=time.perf_counter() - started,
    )
    return stats, walk_problems
