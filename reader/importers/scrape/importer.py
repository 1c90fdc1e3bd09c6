"""`reader import`: turn scrape files into store files, all or nothing.

Three steps, so a bad input never leaves half an import behind:

1. read and parse EVERY input file (a `ScrapeError` stops everything);
2. plan: render each post, pick its file name, compare with what is on disk;
3. write, only if the plan has no conflict: each file atomically (a temp file
   in the same folder, flushed, fsynced, then `os.replace`).

A file already at a target path with the same bytes is left alone (the
import is idempotent: a second run changes nothing, not even mtimes), and so
is one that differs only in `source` and `source_line`: the same post
imported from another copy of the page. Any other file there is a conflict:
the whole import is refused before anything is written, unless `force` is
given, which replaces it.

The store folder is written as it is, never through a link: a symlink at a
target path is refused (even with `force`) and left alone, and every file is
created without following links, in the folder itself, so no post can land
outside the store.

Listing pages overlap (a post near the end of one page starts the next), so
a post met twice (same date, poster and body, in one input or across
inputs) is imported once, from where it was first met; the summary says how
many were skipped.
"""

from __future__ import annotations

import dataclasses
import errno
import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reader.budgets import MAX_POST_BYTES
from reader.importers.scrape.parse import ScrapedPost, read_scrape
from reader.importers.scrape.post_writer import FRONT_MATTER_FENCE, file_stem, render_post
from reader.importers.scrape.recover import Recovery, recover
from reader.importers.store_files import ImportRefused, write_store_files
from reader.postfile import NotRegular, TooLarge, UnreadableFile, read_limited

Action = Literal["write", "unchanged", "replace"]
SUFFIX = ".md"


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
    duplicates: int = 0
    """Posts skipped because an earlier one (same date, poster and body) was the same."""

    def count(self, action: Action) -> int:
        return sum(1 for planned in self.files if planned.action == action)

    def summary(self) -> str:
        """`5 posts: 5 written, 0 unchanged`, then `, 1 replaced` and
        `, 5 duplicates skipped` when there were any."""
        posts = len(self.files)
        text = (
            f"{posts} post{'' if posts == 1 else 's'}: {self.count('write')} written, "
            f"{self.count('unchanged')} unchanged"
        )
        replaced = self.count("replace")
        text += f", {replaced} replaced" if replaced else ""
        if self.duplicates:
            plural = "" if self.duplicates == 1 else "s"
            text += f", {self.duplicates} duplicate{plural} skipped"
        return text


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


def without_duplicates(posts: Sequence[ScrapedPost]) -> list[ScrapedPost]:
    """The posts, each met once: the first of those with one date, poster and
    body stands (line numbers and the input file do not count)."""
    seen: set[tuple[object, ...]] = set()
    kept: list[ScrapedPost] = []
    for post in posts:
        key = (post.date, post.posted_by, tuple(line.text for line in post.body))
        if key not in seen:
            seen.add(key)
            kept.append(post)
    return kept


def _check_folder(into: Path) -> None:
    if into.exists() and not into.is_dir():
        raise ImportRefused([f"{into}: not a folder"])
    existing = into
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ImportRefused([f"{existing}: cannot write here: permission denied"])


def _existing_bytes(path: Path) -> bytes | None:
    """What is at a target path now; refused when it is not a plain file there."""
    if path.is_symlink():
        raise ImportRefused([f"{path}: a symlink is in the way; not written through"])
    try:
        return read_limited(path, MAX_POST_BYTES, follow_symlinks=False)
    except TooLarge:
        return b""  # past the post budget: cannot be a post this import would write
    except NotRegular as error:
        reason = "a folder is in the way" if error.folder else f"{error.reason}; not replaced"
        raise ImportRefused([f"{path}: {reason}"]) from None
    except UnreadableFile as error:
        if error.errno == errno.ENOENT:
            return None
        raise ImportRefused([f"{path}: {error.reason}"]) from None


def plan_import(files: Sequence[Path], into: Path, *, force: bool = False) -> ImportPlan:
    """Parse every file and decide what each post's file will be; write nothing."""
    every_post = read_all(files)
    posts = without_duplicates(every_post)
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
        if existing is not None and _same_post(existing, content, post, recovery):
            action = "unchanged"
        elif existing is not None:
            action = "replace"
            if not force:
                conflicts.append(path)
        planned.append(PlannedFile(path, content, action, post, recovery))
    duplicates = len(every_post) - len(posts)
    return ImportPlan(into, tuple(planned), tuple(conflicts), duplicates)


def _same_post(existing: bytes, content: bytes, post: ScrapedPost, recovery: Recovery) -> bool:
    """Whether the file on disk is this post, maybe imported from another input.

    `source` and `source_line` say where a post was read, not what it is: a
    file that differs only there is rendered again with the file's own values
    and compared byte for byte, so any other difference is still a conflict.
    """
    if existing == content:
        return True
    where = _recorded_source(existing)
    if where is None:
        return False
    as_recorded = dataclasses.replace(post, source=where[0], line=where[1])
    return render_post(as_recorded, recovery).encode("utf-8") == existing


def _recorded_source(existing: bytes) -> tuple[str, int] | None:
    """`[extra] source` and `source_line` of an imported file, if it is one."""
    fence = FRONT_MATTER_FENCE + "\n"
    try:
        text = existing.decode("utf-8")
        if not text.startswith(fence):
            return None
        end = text.index("\n" + fence, len(fence) - 1)
        extra = tomllib.loads(text[len(fence) : end + 1]).get("extra")
    except (UnicodeDecodeError, ValueError):
        return None  # tomllib.TOMLDecodeError is a ValueError too
    if not isinstance(extra, dict):
        return None
    source, line = extra.get("source"), extra.get("source_line")
    if not isinstance(source, str) or type(line) is not int:
        return None
    return source, line


def apply_plan(plan: ImportPlan) -> None:
    """Write what the plan says, or refuse the whole import if it has conflicts."""
    if plan.conflicts:
        raise ImportRefused([conflict_message(path) for path in plan.conflicts])
    pending = [planned for planned in plan.files if planned.action != "unchanged"]
    if pending:
        write_store_files(plan.into, ((planned.path, planned.content) for planned in pending))


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
