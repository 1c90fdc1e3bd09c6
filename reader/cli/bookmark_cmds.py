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
from typing import TYPE_CHECKING, Any

from reader.cli.common import CliError, console, print_json, resolve_store, say, use_color, write
from reader.cli.rows import post_json
from reader.model import PostSummary
from reader.safetext import for_terminal
from reader.userdata.bookmarks import Bookmark, BookmarkFile
from reader.userdata.paths import store_key
from reader.userdata.tomlfile import UserDataError

if TYPE_CHECKING:
    from reader.index import IndexCatalog


def run(args: argparse.Namespace) -> int:
    try:
        if args.command == "bookmark":
            return add_bookmark(args) if args.action == "add" else remove_bookmark(args)
        return list_bookmarks(args)
    except UserDataError as error:
        raise CliError(str(error)) from None


# -- finding posts -----------------------------------------------------------
# Through the store's search index, as every other command finds posts: it
# knows where every id's file is, so listing five bookmarks of a 100k-post
# store reads five files, not the store. The bookmarked files themselves are
# read, so a title changed since the index was made shows as it is now; an id
# the index does not know (a post added or moved since) refreshes it once.


def _open_index(root: Path) -> IndexCatalog:
    from reader.cli.index_open import open_for_search

    return open_for_search(root, lambda catalog: catalog.refresh())


def _current(catalog: IndexCatalog, root: Path, post_ids: Iterable[str]) -> dict[str, PostSummary]:
    from reader.store import read_post

    found: dict[str, PostSummary] = {}
    for post_id in post_ids:
        known = catalog.summary(post_id)
        if known is None:
            continue
        post, _problems = read_post(Path(os.path.abspath(root)), root / known.path)
        if post is not None and post.id == post_id:
            found[post_id] = post
    return found


def find_posts(root: Path, post_ids: Iterable[str]) -> dict[str, PostSummary]:
    """The posts of `root` among `post_ids`, as the store has them now."""
    if not root.is_dir():
        return {}
    wanted = list(dict.fromkeys(post_ids))
    catalog = _open_index(root)
    try:
        found = _current(catalog, root, wanted)
        if len(found) < len(wanted):
            catalog.refresh()  # a post may have been added or moved since the last index
            found = _current(catalog, root, wanted)
        return found
    finally:
        catalog.close()


def resolve_in_store(root: Path, wanted: str) -> PostSummary:
    """The post an id, a unique prefix or a file names (`reader bookmark add`)."""
    from reader.cli.posts_cmds import find_post
    from reader.store import post_id_for

    catalog = _open_index(root)
    try:
        try:
            return find_post(catalog, wanted)
        except CliError:
            catalog.refresh()  # not in the index as it was: as the store is now?
        try:
            return find_post(catalog, wanted)
        except CliError:
            # A file of that name the store could not read says why, not "no post".
            for problem in catalog.problems():
                if post_id_for(problem.path) == post_id_for(wanted.strip("/")):
                    raise CliError(f"{problem}; it could not be read as a post") from None
            raise
    finally:
        catalog.close()


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
