"""`reader import`: turn scrape files into store files, all or nothing.

Three steps, so a bad input never leaves half an import behind:

1. read and parse EVERY input file (a `ScrapeError` stops everything);
2. plan: render each post, pick its file name, compare with what is on disk;
3. write, only if the plan has no conflict: each file atomically (a temp file
   in the same folder, flushed, fsynced, then `os.replace`).

A file already at a target path with the same bytes is left alone (the
import is idempotent: a second run changes nothing, not even mtimes). A
different file there is a conflict: the whole import is refused before
anything is written, unless `force` is given, which replaces it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.fileio import fsync_dir, write_atomic
from reader.formats.post_writer import file_stem, render_post
from reader.formats.recover import Recovery, recover
from reader.formats.scrape import ScrapedPost, read_scrape

Action = Literal["write", "unchanged", "replace"]
SUFFIX = ".md"


class ImportRefused(Exception):
    """The import cannot go ahead; nothing was written. One message per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True, slots=True)
class PlannedFile:
    path: Path
    """`DIR/YYYY-MM-DD-slug.md`, under the folder as the user named it."""
    content: bytes
    action: Action
    post: ScrapedPost
    recovery: Recovery


@dataclass(frozen=True, slots=True)
class ImportPlan:
    into: Path
    files: tuple[PlannedFile, ...]
    conflicts: tuple[Path, ...]
    """Target paths holding a different file (refused unless forced)."""

    def count(self, action: Action) -> int:
        return sum(1 for planned in self.files if planned.action == action)

    def summary(self) -> str:
        """`5 posts: 5 written, 0 unchanged` (`, 1 replaced` when there were any)."""
        posts = len(self.files)
        text = (
            f"{posts} post{'' if posts == 1 else 's'}: {self.count('write')} written, "
            f"{self.count('unchanged')} unchanged"
        )
        replaced = self.count("replace")
        return text + (f", {replaced} replaced" if replaced else "")


def conflict_message(path: Path) -> str:
    return f"{path}: exists and differs; use --force to replace"


def read_all(files: Sequence[Path]) -> list[ScrapedPost]:
    """Every post of every file, in order; the same file named twice counts once."""
    seen: set[Path] = set()
    posts: list[ScrapedPost] = []
    for path in files:
        key = path.resolve()
        if key in seen:
            continue
        seen.add(key)
        posts.extend(read_scrape(path))
    return posts


def _check_folder(into: Path) -> None:
    if into.exists() and not into.is_dir():
        raise ImportRefused([f"{into}: not a folder"])
    existing = into
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ImportRefused([f"{existing}: cannot write here: permission denied"])


def _existing_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise ImportRefused([f"{path}: a folder is in the way"]) from None
    except OSError as error:
        raise ImportRefused([f"{path}: cannot read: {error.strerror or error}"]) from None


def plan_import(files: Sequence[Path], into: Path, *, force: bool = False) -> ImportPlan:
    """Parse every file and decide what each post's file will be; write nothing."""
    posts = read_all(files)
    _check_folder(into)
    used: set[str] = set()
    last_number: dict[str, int] = {}
    planned: list[PlannedFile] = []
    conflicts: list[Path] = []
    for post in posts:
        recovery = recover(post)
        stem = file_stem(post, recovery)
        name, number = stem, last_number.get(stem, 1)
        while name in used:  # two posts of one day with one title: `-2`, `-3`
            number += 1
            name = f"{stem}-{number}"
        last_number[stem] = number
        used.add(name)
        path = into / (name + SUFFIX)
        content = render_post(post, recovery).encode("utf-8")
        existing = _existing_bytes(path)
        action: Action = "write"
        if existing == content:
            action = "unchanged"
        elif existing is not None:
            action = "replace"
            if not force:
                conflicts.append(path)
        planned.append(PlannedFile(path, content, action, post, recovery))
    return ImportPlan(into, tuple(planned), tuple(conflicts))


def apply_plan(plan: ImportPlan) -> None:
    """Write what the plan says, or refuse the whole import if it has conflicts."""
    if plan.conflicts:
        raise ImportRefused([conflict_message(path) for path in plan.conflicts])
    pending = [planned for planned in plan.files if planned.action != "unchanged"]
    if not pending:
        return
    try:
        plan.into.mkdir(parents=True, exist_ok=True)
        for planned in pending:
            write_atomic(planned.path, planned.content, new_file_mode=0o666, sync_folder=False)
    except OSError as error:
        where = error.filename or plan.into
        raise ImportRefused([f"{where}: cannot write: {error.strerror or error}"]) from None
    finally:
        fsync_dir(plan.into)


def import_scrapes(files: Sequence[Path], into: Path, *, force: bool = False) -> ImportPlan:
    """Plan and write; returns the plan that was carried out.

    Raises `ScrapeError` for a bad input file and `ImportRefused` for a
    conflict or an unwritable folder, in both cases before writing anything
    (a disk failing mid-way is the one exception: files already replaced stay
    replaced, each of them whole).
    """
    plan = plan_import(files, into, force=force)
    apply_plan(plan)
    return plan
