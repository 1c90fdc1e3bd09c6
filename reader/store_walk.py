"""Find a store's post files: the walk, with every rule of what it reads.

The folder is walked depth first, each folder in name order, for `.md`,
`.markdown` and `.mdx` files. Hidden files and folders are skipped, and so
are pages that are not posts by their name (`store_pages.PostFilter`). A symlink is followed only
when it stays inside the store and does not lead back to a folder being
walked; the others are reported and left alone. A file or folder name that
is not UTF-8 or holds control characters is reported and skipped.

The walk is one loop over a stack of folders rather than nested generators:
at 100,000 files the per-file cost is what a refresh with nothing changed
costs, so a file meets one `is_post_name`, one check of its name and (for
`stat_store`) one stat through its directory entry, and nothing else.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path

from reader.model import LoadProblem
from reader.safetext import clean_line
from reader.store_pages import PostFilter

POST_SUFFIXES: tuple[str, ...] = (".md", ".markdown", ".mdx")
_SUFFIXES = frozenset(suffix[1:] for suffix in POST_SUFFIXES)
_MAX_FOLDER_DEPTH = 64
_BY_NAME = attrgetter("name")
RACY_NS = 2_000_000_000
"""A folder changed this recently may change again within the same tick of
the file system's clock, unseen: its time is recorded as unknown (-1), so it
vouches for nothing next time (as git does with racy index entries)."""

Found = tuple[str, str, os.DirEntry[str]] | LoadProblem
"""A post file as (absolute path, path relative to the store, its entry), or a problem."""

Folders = list[tuple[str, int]]
"""Folders read by a walk as (path relative to the store, ctime_ns); the store is `.`."""

FileStat = tuple[str, int, int]
"""A post file as (path relative to the store, mtime_ns, size)."""


def is_post_name(name: str) -> bool:
    """Whether a file name is a post's: a post suffix, not hidden, not a section page."""
    if name.startswith("."):
        return False
    stem, dot, suffix = name.rpartition(".")
    return bool(dot) and suffix.lower() in _SUFFIXES and stem != "_index"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def problem(rel_path: str, line: int | None, reason: str) -> LoadProblem:
    """A LoadProblem whose path is safe to print: it names a file of the store,
    and file names are the store's data too (docs/design.md §3)."""
    return LoadProblem(clean_line(rel_path), line, reason)


def usable_name(name: str) -> bool:
    """Whether the walk reads a file or folder of this name (see `_name_problem`)."""
    if name.isascii() and name.isprintable():
        return True  # the common case, decided without the cleaner
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return clean_line(name) == name


def _name_problem(name: str, rel: str, kind: str) -> LoadProblem | None:
    """Why a file or folder name cannot name a post, if it cannot.

    Linux hands Python a name that is not UTF-8 with lone surrogates in it;
    SQLite, JSON and the terminal all refuse those, so one such file would
    break the whole index. A name with control characters (an OSC 52
    clipboard write, a newline) would reach the terminal in every list.
    Both are skipped and reported, the report's path made printable.
    """
    if name.isascii() and name.isprintable():
        return None  # the common case: no encoding or cleaning to try
    action = "skipped" if kind == "file" else "not read"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(rel).decode("utf-8", "replace")
        return problem(shown, None, f"{kind} name is not UTF-8; {action}")
    if clean_line(name) != name:
        return problem(rel, None, f"{kind} name has control characters; {action}")
    return None


class _Folder:
    """A folder being walked: its entries still to see, and where it is."""

    __slots__ = ("ancestors", "entries", "real", "rel")

    def __init__(
        self, entries: Iterator[os.DirEntry[str]], rel: str, real: str, ancestors: frozenset[str]
    ) -> None:
        self.entries = entries
        self.rel = rel
        self.real = real
        self.ancestors = ancestors


def _open(
    folder: str, rel: str, real: str, ancestors: frozenset[str], folders: Folders | None
) -> _Folder | LoadProblem:
    """List a folder (in name order), recording its change time when asked."""
    if len(ancestors) > _MAX_FOLDER_DEPTH:
        return problem(rel, None, "folders nested too deeply; not read")
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=_BY_NAME)
        if folders is not None:
            # Taken after the listing: a change made while it was read moves
            # the folder's time past this one, so the next check sees it.
            ctime_ns = os.stat(folder).st_ctime_ns
            racy = ctime_ns > time.time_ns() - RACY_NS
            folders.append((rel or ".", -1 if racy else ctime_ns))
    except OSError as error:
        return problem(rel or ".", None, f"cannot read folder: {error.strerror or error}")
    return _Folder(iter(entries), rel, real, ancestors)


def _link(
    entry: os.DirEntry[str], rel: str, root_real: str
) -> tuple[str, bool] | LoadProblem | None:
    """A symlink's target and whether it is a folder; a problem when it must
    not be followed; None when it is nothing the walk wants."""
    try:
        target = os.path.realpath(entry.path, strict=True)
    except OSError as error:
        if is_post_name(entry.name) or not os.path.splitext(entry.name)[1]:
            broken = "symlink loop" if error.errno == errno.ELOOP else "broken symlink"
            return problem(rel, None, f"{broken}; not followed")
        return None
    is_folder = os.path.isdir(target)
    if not is_folder and not is_post_name(entry.name):
        return None
    if not _inside(target, root_real):
        return problem(rel, None, "symlink leads out of the store; not followed")
    return target, is_folder


def walk(root: Path, folders: Folders | None = None) -> Iterator[Found]:
    """Post files and problems in walk order; each folder read is added to
    `folders` (when given) with its change time."""
    top = os.path.abspath(root)
    root_real = os.path.realpath(top)
    first = _open(top, "", root_real, frozenset({root_real}), folders)
    if isinstance(first, LoadProblem):
        yield first
        return
    stack = [first]
    while stack:
        here = stack[-1]
        entry = next(here.entries, None)
        if entry is None:
            stack.pop()
            continue
        name = entry.name
        if name.startswith("."):
            continue
        rel = f"{here.rel}/{name}" if here.rel else name
        try:
            post = is_post_name(name)
            if post or entry.is_dir():
                bad = _name_problem(name, rel, "file" if post else "folder")
                if bad is not None:
                    yield bad
                    continue
            if entry.is_symlink():
                link = _link(entry, rel, root_real)
                if link is None:
                    continue
                if isinstance(link, LoadProblem):
                    yield link
                    continue
                real, is_folder = link
                if not is_folder:
                    yield entry.path, rel, entry
                    continue
                if real in here.ancestors:
                    reason = "symlink loop (leads back to a folder above it); not followed"
                    yield problem(rel, None, reason)
                    continue
            elif entry.is_dir(follow_symlinks=False):
                real = f"{here.real}/{name}"
            else:
                if post:
                    # Not only regular files: a FIFO or device with a post's
                    # name is handed on, so reading it reports it.
                    yield entry.path, rel, entry
                continue
            inner = _open(entry.path, rel, real, here.ancestors | {real}, folders)
            if isinstance(inner, LoadProblem):
                yield inner
            else:
                stack.append(inner)
        except OSError as error:
            yield problem(rel, None, f"cannot read: {error.strerror or error}")


def walk_key(rel_path: str) -> tuple[str, ...]:
    """Sorts relative paths in the order the walk meets them: each folder in
    name order, depth first (`a/index.md` before `a.md`, though `/` > `.`)."""
    return tuple(rel_path.split("/"))


def iter_post_files(root: Path) -> Iterator[Path]:
    """Absolute paths of the store's post files, in a fixed (name) order."""
    for found in walk(root):
        if not isinstance(found, LoadProblem):
            yield Path(found[0])


def scan_store(root: Path) -> tuple[list[tuple[str, str]], list[LoadProblem]]:
    """The post files as (absolute path, relative POSIX path), and the problems
    met while walking (symlink loops, links out of the store, unreadable folders)."""
    files: list[tuple[str, str]] = []
    problems: list[LoadProblem] = []
    posts = PostFilter[tuple[str, str]](POST_SUFFIXES)
    for found in walk(root):
        if isinstance(found, LoadProblem):
            problems.append(found)
        else:
            files.extend(posts.feed(found[1], (found[0], found[1])))
    files.extend(posts.end())
    return files, problems


def stat_store(
    root: Path, folders: Folders | None = None
) -> tuple[list[FileStat], list[LoadProblem]]:
    """The post files with their mtime and size, in walk order (pages that
    are not posts left out, as `scan_store` leaves them), and the walk's problems; every
    folder read is added to `folders` with its change time."""
    walker = StatWalk(root, folders)
    for _chunk in walker.chunks(1 << 30):
        pass
    return walker.files, walker.problems


class StatWalk:
    """`stat_store` handed out in chunks as the walk finds the files, so that
    a first build parses while the walk goes on.

    Each file costs one stat, through its directory entry (a link's is its
    target's). `files` and `problems` are what `stat_store` returns once
    `chunks` is exhausted; `posts_found` counts the files handed out so far
    and those held back until the walk shows whether they are pages
    (`store_pages.PostFilter`).
    """

    def __init__(self, root: Path, folders: Folders | None = None) -> None:
        self._root = root
        self._folders = folders
        self.problems: list[LoadProblem] = []
        self.files: list[FileStat] = []
        self.posts_found = 0

    def chunks(self, size: int) -> Iterator[list[FileStat]]:
        """Lists of up to `size` post files in walk order, every one of the store's once."""
        posts = PostFilter[FileStat](POST_SUFFIXES)
        files, problems = self.files, self.problems
        handed = 0
        for found in walk(self._root, self._folders):
            if isinstance(found, LoadProblem):
                problems.append(found)
                continue
            try:
                info = found[2].stat()
            except OSError as error:
                problems.append(problem(found[1], None, f"cannot read: {error.strerror or error}"))
                continue
            files.extend(posts.feed(found[1], (found[1], info.st_mtime_ns, info.st_size)))
            self.posts_found = len(files) + posts.holding
            while len(files) - handed >= size:
                yield files[handed : handed + size]
                handed += size
        files.extend(posts.end())
        self.posts_found = len(files)
        for start in range(handed, len(files), size):
            yield files[start : start + size]


def folders_unchanged(root: Path, folders: Folders) -> bool:
    """Whether every folder recorded by a walk still has its change time then.

    A file added, removed or renamed anywhere in the store moves the times
    of its folder, and a new folder those of its parent; a chmod moves the
    change time too. So when none moved, a walk would find the same names
    and read the same folders. A file rewritten in place moves no folder:
    only its own stat shows that. False when nothing was recorded.
    """
    top = os.path.abspath(root)
    stat = os.stat
    try:
        for rel, ctime_ns in folders:
            if stat(top if rel == "." else f"{top}/{rel}").st_ctime_ns != ctime_ns:
                return False
    except OSError:
        return False
    return bool(folders)
