"""What the last complete refresh's walk saw, kept in the index for the next.

A walk lists every folder and checks every name; at 100,000 files that is
most of what a refresh with nothing changed costs. So the walk's outcome is
kept in `meta`: the folders with their change times, the post files in walk
order, and the walk's problems. A folder whose change time (`st_ctime_ns`)
did not move vouches for its names: nothing in it was added, removed or
renamed, and its permissions are the same (ctime moves with mtime, and with
chmod too). When every folder vouches, the next refresh stats only the files
it knows, by path, and compares their mtimes and sizes with the recorded
ones as two lists, in C. A file rewritten in place is seen by that stat; any
folder that moved, or a file that can no longer be stat'ed, means a full walk.

Only a complete index's record is trusted: it is written in the transaction
that marks the index complete, and cleared when the index is emptied.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from reader.model import LoadProblem
from reader.store_walk import FileStat, Folders, folders_unchanged

_FOLDERS = "walk_folders"
_FILES = "walk_files"
_PROBLEMS = "walk_problems"
KEYS = (_FOLDERS, _FILES, _PROBLEMS)
"""The `meta` keys this module writes: cleared whenever the index is emptied."""


@dataclass(frozen=True, slots=True)
class Seen:
    """One walk's outcome: its folders, its post files, its problems."""

    folders: Folders
    files: list[FileStat]
    problems: list[LoadProblem]


def _value(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def recorded_folders(conn: sqlite3.Connection) -> Folders:
    """The folders and their change times as the last complete refresh saw
    them; none when unknown (so nothing vouches)."""
    try:
        text = _value(conn, _FOLDERS)
        return [(str(rel), int(ctime)) for rel, ctime in json.loads(text)] if text else []
    except (ValueError, TypeError):
        return []


@dataclass(frozen=True, slots=True)
class Recorded:
    """A walk as the index keeps it: the files as three columns, as stored.

    Kept as columns, not as (path, mtime, size) tuples: at a million files
    the tuples would be another 150 MB for every refresh to build and drop."""

    folders: Folders
    paths: list[str]
    mtimes: list[int]
    sizes: list[int]
    problems: list[LoadProblem]


def load(conn: sqlite3.Connection) -> Recorded | None:
    """The recorded walk, or None when there is none (or it does not parse)."""
    folders = recorded_folders(conn)
    files_text, problems_text = _value(conn, _FILES), _value(conn, _PROBLEMS)
    if not folders or files_text is None or problems_text is None:
        return None
    try:
        columns = json.loads(files_text)
        paths, mtimes, sizes = columns["paths"], columns["mtimes"], columns["sizes"]
        if not len(paths) == len(mtimes) == len(sizes):
            return None
        problems = [LoadProblem(str(p), n, str(r)) for p, n, r in json.loads(problems_text)]
    except (ValueError, TypeError, KeyError):
        return None
    return Recorded(folders, paths, mtimes, sizes, problems)


def save(conn: sqlite3.Connection, seen: Seen) -> None:
    """Record a walk, in the caller's transaction; a value that did not
    change is not written again."""
    paths = [rel for rel, _, _ in seen.files]
    mtimes = [mtime for _, mtime, _ in seen.files]
    sizes = [size for _, _, size in seen.files]
    values = {
        _FOLDERS: json.dumps(seen.folders, ensure_ascii=False, separators=(",", ":")),
        _FILES: json.dumps(
            {"paths": paths, "mtimes": mtimes, "sizes": sizes},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        _PROBLEMS: json.dumps(
            [(p.path, p.line, p.reason) for p in seen.problems],
            ensure_ascii=False,
            separators=(",", ":"),
        ),
    }
    for key, value in values.items():
        if _value(conn, key) != value:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def clear(conn: sqlite3.Connection) -> None:
    """Forget the recorded walk (the index is being emptied), in the caller's transaction."""
    conn.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in KEYS])


def restat(root: Path, recorded: Recorded) -> tuple[bool, list[FileStat] | None]:
    """Stat the recorded files by path, when every folder vouches for its names.

    (True, None): every file as recorded. (False, files): the recorded files
    with their mtimes and sizes now. (False, None): a walk is needed instead.
    Files are compared as they are stat'ed: only once one differs is a list
    of them made.
    """
    if not folders_unchanged(root, recorded.folders):
        return False, None
    top = os.path.abspath(root)
    stat = os.stat
    paths, mtimes, sizes = recorded.paths, recorded.mtimes, recorded.sizes
    try:
        for at, rel in enumerate(paths):
            info = stat(f"{top}/{rel}")
            if info.st_mtime_ns != mtimes[at] or info.st_size != sizes[at]:
                break
        else:
            return True, None
        out: list[FileStat] = list(zip(paths[:at], mtimes[:at], sizes[:at], strict=True))
        add = out.append
        add((rel, info.st_mtime_ns, info.st_size))
        for rel in paths[at + 1 :]:
            info = stat(f"{top}/{rel}")
            add((rel, info.st_mtime_ns, info.st_size))
    except OSError:
        return False, None  # gone, or unreadable now: the walk says which, and why
    return False, out
