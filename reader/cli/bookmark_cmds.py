"""`reader bookmarks` and `reader bookmark add|remove`.

Bookmarks live in the user's config folder (reader.userdata.bookmarks) and
name their store by its resolved path, so `reader bookmarks` lists every
store's bookmarks from anywhere. A bookmark whose post has gone is listed as
missing, with the title saved when it was made.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.cli.common import CliError, console, print_json, resolve_store, say, use_color, write
from reader.cli.rows import post_json
from reader.model import PostSummary
from reader.safetext import for_terminal
from reader.userdata.bookmarks import Bookmark, BookmarkFile
from reader.userdata.paths import store_key
from reader.userdata.tomlfile import UserDataError


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "bookmark":
            return add_bookmark(args) if args.action == "add" else remove_bookmark(args)
        return list_bookmarks(args)
    except UserDataError as error:
        raise CliError(str(error)) from None


# -- finding posts -----------------------------------------------------------
# Listing bookmarks must not read a whole 100k-post store to show five rows, so
# posts are found by their file names and only bookmarked files are parsed.
# These functions are the only ones here that touch a store; a search index
# that knows ids and titles can replace them.


def store_files(root: Path) -> dict[str, Path]:
    """Every post id of a store and its file, from a walk (no file is parsed).

    The first file in walk order wins an id, as in `load_store`.
    """
    from reader.store import iter_post_files, post_id_for

    top = Path(os.path.abspath(root))
    files: dict[str, Path] = {}
    for path in iter_post_files(top):
        files.setdefault(post_id_for(path.relative_to(top).as_posix()), path)
    return files


def _likely_file(root: Path, post_id: str) -> Path | None:
    """The file a post id names, in the order a store walk would meet it."""
    from reader.store import POST_SUFFIXES, is_post_name, usable_name

    parts = post_id.split("/")
    if any(part.startswith(".") or not usable_name(part) for part in parts):
        return None  # hidden files and unprintable names are no part of a store
    real_root = os.path.realpath(root)
    # Folder `id/` sorts before `id.md`, so a bundle's index wins, as in a walk.
    suffixes = sorted(POST_SUFFIXES)
    candidates = [root / post_id / f"index{suffix}" for suffix in suffixes]
    candidates += [root / f"{post_id}{suffix}" for suffix in suffixes]
    for candidate in candidates:
        if is_post_name(candidate.name) and candidate.is_file():
            real = os.path.realpath(candidate)
            # A symlink that leads out of the store is not one of its posts.
            return candidate if real.startswith(real_root + os.sep) else None
    return None


def read_summary(root: Path, file: Path) -> PostSummary | None:
    from reader.store import read_post

    post, _problems = read_post(Path(os.path.abspath(root)), file)
    return post


def find_posts(root: Path, post_ids: Iterable[str]) -> dict[str, PostSummary]:
    """The posts of `root` among `post_ids`, as the store has them now.

    Each id is looked for at its likely file name first; only when some are
    not found that way (an upper-case `.MD`, say) is the store walked, so a
    post is called missing only when the store really lacks it.
    """
    if not root.is_dir():
        return {}
    found: dict[str, PostSummary] = {}
    unplaced: list[str] = []
    for post_id in post_ids:
        file = _likely_file(root, post_id)
        post = read_summary(root, file) if file is not None else None
        if post is not None and post.id == post_id:
            found[post_id] = post
        else:
            unplaced.append(post_id)
    if unplaced:
        files = store_files(root)
        for post_id in unplaced:
            if post_id in files and (post := read_summary(root, files[post_id])) is not None:
                found[post_id] = post
    return found


def resolve_in_store(root: Path, wanted: str) -> PostSummary:
    """The post an id or unique prefix names (`reader bookmark add`)."""
    from reader.store import post_id_for, resolve_post_id

    # An exact id (or file path) needs no walk of the whole store.
    for exact in dict.fromkeys((wanted, post_id_for(wanted.strip("/")))):
        file = _likely_file(root, exact)
        post = read_summary(root, file) if file is not None else None
        if post is not None and post.id == exact:
            return post
    files = store_files(root)
    try:
        post_id = resolve_post_id(files, wanted)
    except LookupError as error:
        raise CliError(str(error.args[0] if error.args else error)) from None
    post = read_summary(root, files[post_id])
    if post is None:
        raise CliError(f"{files[post_id]}: the post's file could not be read")
    return post


def resolve_bookmarked(ids: frozenset[str], wanted: str, store: str) -> str:
    """An id among a store's bookmarks: exact, or a unique prefix.

    Matched against the bookmarks rather than the store, so a bookmark whose
    post has been deleted can still be removed.
    """
    if wanted in ids:
        return wanted
    matches = sorted(post_id for post_id in ids if post_id.startswith(wanted))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CliError(f"{wanted}: no bookmark in {for_terminal(store)} matches it")
    shown = ", ".join(matches[:5]) + (", …" if len(matches) > 5 else "")
    raise CliError(f"{wanted}: matches {len(matches)} bookmarks ({shown}); give more of the id")


def store_of_bookmark(marks: list[Bookmark], wanted: str) -> str:
    """The one store whose bookmarks hold `wanted` (exact, else as a prefix).

    `bookmark remove` without --store looks in every store's bookmarks, so a
    bookmark is removed from the store it was made in, wherever the command
    runs; an id bookmarked in several stores needs --store to say which.
    """
    stores = list(dict.fromkeys(mark.store for mark in marks if mark.post_id == wanted))
    if not stores:
        stores = list(
            dict.fromkeys(mark.store for mark in marks if mark.post_id.startswith(wanted))
        )
    if not stores:
        raise CliError(f"{wanted}: no bookmark matches it (reader bookmarks lists them)")
    if len(stores) > 1:
        shown = ", ".join(stores)
        raise CliError(f"{wanted}: bookmarked in {len(stores)} stores ({shown}); give --store")
    return stores[0]


def explicit_store(args: argparse.Namespace) -> str | None:
    """--store as the user typed it (not $READER_STORE or config.toml)."""
    value: str | None = getattr(args, "store", None)
    return value or None


# -- bookmark add / remove ---------------------------------------------------


def add_bookmark(args: argparse.Namespace) -> int:
    root = resolve_store(args)
    post = resolve_in_store(root, args.post)
    mark = BookmarkFile().add(store_key(root), post.id, post.title, args.note)
    say(f"bookmarked: {mark.post_id}  {mark.title}")
    return 0


def remove_bookmark(args: argparse.Namespace) -> int:
    bookmarks = BookmarkFile()
    named = explicit_store(args)
    if named is None:
        store = store_of_bookmark(bookmarks.all(), args.post)
    elif not Path(named).expanduser().is_dir():
        # The store folder itself is gone: its bookmarks must still be removable.
        store = store_key(Path(named))
    else:
        store = store_key(resolve_store(args))
    post_id = resolve_bookmarked(bookmarks.ids(store), args.post, store)
    mark = bookmarks.get(store, post_id)
    if not bookmarks.remove(store, post_id):
        # Another reader removed it between our read and our change.
        raise CliError(f"{post_id}: no bookmark in {store}")
    say(f"removed: {post_id}  {mark.title if mark else ''}".rstrip())
    return 0


# -- bookmarks (listing and export) ------------------------------------------


@dataclass(frozen=True)
class Row:
    """A bookmark joined with its post as the store has it now."""

    mark: Bookmark
    post: PostSummary | None
    """None when the post (or its whole store) is gone."""

    @property
    def missing(self) -> bool:
        return self.post is None

    @property
    def title(self) -> str:
        return self.post.title if self.post is not None else self.mark.title

    @property
    def file(self) -> Path | None:
        return None if self.post is None else Path(self.mark.store) / self.post.path


def bookmark_rows(marks: list[Bookmark]) -> list[Row]:
    """Join bookmarks with their stores, reading each store once."""
    posts_by_store: dict[str, dict[str, PostSummary]] = {}
    for store in dict.fromkeys(mark.store for mark in marks):
        wanted = [mark.post_id for mark in marks if mark.store == store]
        posts_by_store[store] = find_posts(Path(store), wanted)
    return [Row(mark, posts_by_store[mark.store].get(mark.post_id)) for mark in marks]


def list_bookmarks(args: argparse.Namespace) -> int:
    bookmarks = BookmarkFile()
    named = explicit_store(args)
    marks = bookmarks.for_store(store_key(Path(named))) if named else bookmarks.all()
    rows = bookmark_rows(marks)
    if args.json:
        print_json([row_json(row) for row in rows])
    elif args.export == "md":
        write(export_markdown(rows))
    elif use_color():
        print_table(rows)
    else:
        write(plain_text(rows))
    return 0


def row_json(row: Row) -> dict[str, Any]:
    """docs/design.md §4's post fields (empty for a missing post) plus the bookmark's own."""
    if row.post is not None:
        fields = post_json(row.post, frozenset({row.post.id}))
    else:
        fields = {
            "id": row.mark.post_id,
            "title": row.mark.title,
            "date": None,
            "updated": None,
            "authors": [],
            "tags": [],
            "path": None,
            "bookmarked": True,
        }
    fields.update(
        store=row.mark.store,
        added=row.mark.added.isoformat(),
        note=row.mark.note,
        saved_title=row.mark.title,
        missing=row.missing,
    )
    return fields


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#])")


def markdown_escape(text: str) -> str:
    """Titles are the store's text, not Markdown: keep them from becoming markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def export_markdown(rows: list[Row]) -> str:
    """`- [Title](file:///…/post.md) — note`, one item per bookmark, newest first."""
    lines = []
    for row in rows:
        title = markdown_escape(row.title)
        item = f"- [{title}]({row.file.as_uri()})" if row.file is not None else f"- {title}"
        if row.missing:
            post_id = for_terminal(row.mark.post_id, one_line=True)
            missing = f"{markdown_escape(post_id)} in {for_terminal(row.mark.store, one_line=True)}"
            item += f" *(missing: {missing})*"
        if row.mark.note:
            # Continuation lines indented so a multi-line note stays in its item.
            item += " — " + row.mark.note.strip().replace("\n", "\n  ")
        lines.append(item + "\n")
    return "".join(lines)


def added_date(mark: Bookmark) -> str:
    return mark.added.astimezone().date().isoformat()


def one_line(text: str) -> str:
    return " ".join(text.split())


def plain_text(rows: list[Row]) -> str:
    """Grouped by store: the store on its own line, then `  ID  TITLE  ADDED …`."""
    lines: list[str] = []
    current: str | None = None
    for row in rows:
        if row.mark.store != current:
            current = row.mark.store
            lines.append(for_terminal(current, one_line=True))
        parts = [for_terminal(row.mark.post_id, one_line=True), row.title, added_date(row.mark)]
        if row.missing:
            parts.append("[missing]")
        if row.mark.note:
            parts.append("— " + one_line(row.mark.note))
        lines.append("  " + "  ".join(parts))
    return "".join(line + "\n" for line in lines)


def print_table(rows: list[Row]) -> None:
    """A table per store, the store's path above it (paths are too long for a column)."""
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not rows:
        out.print(Text("No bookmarks.", style="dim"))
        return
    for index, store in enumerate(dict.fromkeys(row.mark.store for row in rows)):
        if index:
            out.print()
        out.print(Text(for_terminal(store), style="bold"))
        table = Table(box=None, header_style="dim", pad_edge=False, expand=False)
        table.add_column("Post", overflow="fold", max_width=40)
        table.add_column("Title", overflow="fold", ratio=3)
        table.add_column("Added", no_wrap=True)
        table.add_column("Note", overflow="fold", ratio=2)
        for row in rows:
            if row.mark.store != store:
                continue
            # Text(...) throughout: titles and notes are data, never Rich markup.
            title = Text(for_terminal(row.title))
            if row.missing:
                title.stylize("dim strike")
                title.append(" (missing)", style="italic")
            table.add_row(
                Text(for_terminal(row.mark.post_id)),
                title,
                Text(added_date(row.mark)),
                Text(for_terminal(row.mark.note or "")),
            )
        out.print(table)
