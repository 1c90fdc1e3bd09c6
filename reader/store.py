"""Load a store: a folder of Markdown posts, each with optional front matter.

The folder is walked recursively for `.md`, `.markdown` and `.mdx` files.
Hidden files and folders (`.git`, `.obsidian`) are skipped, and so are
section pages, which describe a listing, not a post: Hugo's and Zola's
`_index.md`, and the `index.md` of a folder that holds other posts (Next.js,
Hugo's home page); a folder of one post and its images is a page bundle, and
its `index.md` is the post. A section page gives its section a title.
A symlink is followed only when it stays inside the store and does not lead
back to a folder being walked; the others are reported and left alone.

Decisions about bad files (each reported as `PATH:LINE: reason`):
- empty or blank file: skipped; binary file (a NUL byte): skipped;
- a FIFO, socket or device (or a symlink to one): skipped without being
  read, since reading it could block forever (`reader.postfile`);
- larger than `budgets.MAX_POST_BYTES`: skipped;
- not UTF-8: read as Windows-1252 (a superset of Latin-1's printable part);
- front matter never closed, or JSON that does not parse: the whole file is
  the body, so the post stays readable;
- a bad front-matter line or an impossible date: that key is ignored, the
  rest of the post loads (a date then comes from the file name, if any);
- two files with the same id (`a.md` and `a/index.md`): the first in walk
  order loads, the other is reported and skipped;
- a redirect page (a `redirect` or `redirect_to` key and no body): not a
  post, left out without a report.
One bad file never stops the others, and nothing here writes to the store.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# Re-exported: the post budget was defined here before `budgets` held them all.
from reader.budgets import MAX_POST_BYTES as MAX_POST_BYTES
from reader.budgets import megabytes
from reader.formats.frontmatter import split_front_matter
from reader.formats.post_fields import build_post
from reader.model import (
    AUTHORED_TITLE_SOURCES,
    LoadProblem,
    Post,
    date_sort_key,
    section_folder,
    section_of,
)
from reader.postfile import NotRegular, TooLarge, UnreadableFile, read_limited
from reader.store_pages import is_page

# Re-exported: the walk lived here before it had a module of its own.
from reader.store_walk import POST_SUFFIXES as POST_SUFFIXES
from reader.store_walk import FileStat as FileStat
from reader.store_walk import Folders as Folders
from reader.store_walk import folders_unchanged as folders_unchanged
from reader.store_walk import is_post_name as is_post_name
from reader.store_walk import iter_post_files as iter_post_files
from reader.store_walk import problem as problem
from reader.store_walk import scan_store as scan_store
from reader.store_walk import stat_store as stat_store
from reader.store_walk import usable_name as usable_name
from reader.store_walk import walk_key as walk_key

_SHOWN_MATCHES = 5


@dataclass(frozen=True)
class StoreContents:
    """Every post that loaded, newest first, and what went wrong with the rest."""

    root: Path
    posts: list[Post]
    problems: list[LoadProblem]
    section_titles: dict[str, str] = field(default_factory=dict)
    """Titles that section pages give their sections, by section name."""


def duplicate_reason(post_id: str, owner: str) -> str:
    """Why a file was skipped: `owner`, met first in walk order, has its id."""
    return f"id '{post_id}' already used by {owner}; skipped"


def section_titles(root: Path, folders: Iterable[str]) -> dict[str, str]:
    """The titles section pages give, by section name (the store's own under '').

    Each folder's `_index` or `index` page is read; a page with no title of
    its own (only a file name) gives none, and the section keeps its name.
    """
    titles: dict[str, str] = {}
    for folder in dict.fromkeys(folders):
        name = section_of(folder + "/x") if folder else ""
        if name in titles:
            continue
        base = root / folder if folder else root
        for stem in ("_index", "index"):
            for suffix in POST_SUFFIXES:
                page = base / (stem + suffix)
                if not page.is_file():
                    continue
                rel = f"{folder}/{page.name}" if folder else page.name
                post, _ = read_file(page, rel)
                if post is not None and post.title_source in AUTHORED_TITLE_SOURCES:
                    titles[name] = post.title
                break
            if name in titles:
                break
    return titles


# -- reading one post -----------------------------------------------------------


def post_id_for(rel_path: str) -> str:
    """`2016/generous/index.md` -> `2016/generous`; `notes/a.md` -> `notes/a`."""
    stem, suffix = posixpath.splitext(rel_path)
    if suffix.lower() not in POST_SUFFIXES:
        stem = rel_path
    for bundle in ("/index", "/_index"):
        if stem.endswith(bundle):
            return stem[: -len(bundle)]
    return stem


def _decode(data: bytes, rel_path: str, problems: list[LoadProblem]) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        reason = f"not UTF-8 (byte 0x{data[error.start]:02X}); read as Windows-1252"
        problems.append(problem(rel_path, line, reason))
        text = data.decode("cp1252", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text


def _parse(data: bytes, rel_path: str) -> tuple[Post | None, list[LoadProblem]]:
    problems: list[LoadProblem] = []
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        return None, [problem(rel_path, line, "binary file (NUL byte); skipped")]
    text = _decode(data, rel_path, problems)
    if not text or text.isspace():
        return None, [*problems, problem(rel_path, None, "empty file; skipped")]
    front = split_front_matter(text)
    post, found = build_post(front, post_id_for(rel_path), rel_path)
    problems.extend(problem(rel_path, line, reason) for line, reason in front.problems)
    problems.extend(problem(rel_path, line, reason) for line, reason in found)
    if is_page(post):
        return None, problems
    return post, problems


def parse_post(data: bytes, rel_path: str) -> tuple[Post | None, list[LoadProblem]]:
    """A post from a file's bytes. Pure (no I/O) and never raises.

    Returns None and the reasons when the file is no post at all; a post and
    the problems met when it loaded with a fallback.
    """
    try:
        return _parse(data, rel_path)
    except Exception as error:  # one bad file must never stop a load
        reason = f"unexpected error while reading ({type(error).__name__}: {error}); skipped"
        return None, [problem(rel_path, None, reason)]


def read_file(path: str | Path, rel_path: str) -> tuple[Post | None, list[LoadProblem]]:
    """Read and parse one post file; `rel_path` names it in the post and problems."""
    try:
        data = read_limited(path, MAX_POST_BYTES)
    except TooLarge:
        reason = f"larger than {megabytes(MAX_POST_BYTES)}; skipped"
        return None, [problem(rel_path, None, reason)]
    except NotRegular as error:
        return None, [problem(rel_path, None, f"{error.reason}; skipped")]
    except UnreadableFile as error:
        return None, [problem(rel_path, None, error.reason)]
    return parse_post(data, rel_path)


def read_post(root: Path, path: Path) -> tuple[Post | None, list[LoadProblem]]:
    """Read and parse one file of the store at `root`."""
    try:
        rel_path = path.relative_to(root).as_posix()
    except ValueError:
        rel_path = os.path.relpath(path, root).replace(os.sep, "/")
    return read_file(path, rel_path)


# -- the whole store ------------------------------------------------------------


def sort_posts(posts: list[Post]) -> None:
    """Newest first, then by id: the order every list starts in."""
    posts.sort(key=lambda post: post.id)
    posts.sort(key=lambda post: date_sort_key(post.date), reverse=True)


def load_store(root: Path) -> StoreContents:
    """Every post of the store, newest first, and every problem met."""
    root = Path(os.path.abspath(root))
    files, problems = scan_store(root)
    posts: list[Post] = []
    seen: dict[str, str] = {}
    for path, rel_path in files:
        post, found = read_file(path, rel_path)
        problems.extend(found)
        if post is None:
            continue
        if post.id in seen:
            reason = duplicate_reason(post.id, seen[post.id])
            problems.append(problem(post.path, None, reason))
            continue
        seen[post.id] = post.path
        posts.append(post)
    sort_posts(posts)
    folders = {""} | {section_folder(post.id) for post in posts}
    return StoreContents(root, posts, problems, section_titles(root, sorted(folders)))


_DATED_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def _slug_of(post_id: str) -> str:
    return _DATED_NAME.sub("", post_id.rsplit("/", 1)[-1])


def resolve_post_id(ids: Iterable[str], wanted: str) -> str:
    """The id the user meant: an exact id (or file path), else a unique prefix.

    When no id starts with `wanted`, a unique prefix of a file name with its
    date dropped also counts, so `generous` finds `2016-09-13-generous-leadership`.
    """
    candidates = sorted(set(ids))
    known = set(candidates)
    for exact in (wanted, post_id_for(wanted.strip("/"))):
        if exact in known:
            return exact
    matches = [candidate for candidate in candidates if candidate.startswith(wanted)]
    if not matches and wanted:
        matches = [candidate for candidate in candidates if _slug_of(candidate).startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise LookupError(f"no post matches '{wanted}'")
    shown = ", ".join(matches[:_SHOWN_MATCHES]) + ("…" if len(matches) > _SHOWN_MATCHES else "")
    raise LookupError(f"'{wanted}' matches {len(matches)} posts: {shown}")
