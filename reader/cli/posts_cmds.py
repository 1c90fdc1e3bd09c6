"""`reader list`, `reader show` and `reader tags`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reader.catalog import Filter, Marks
from reader.cli.common import CliError, console, print_json, resolve_store, use_color, warn
from reader.cli.rows import post_json, post_line
from reader.model import Post, display_date

if TYPE_CHECKING:
    from reader.index import IndexCatalog

# Rich's Markdown renderer is slow on very large bodies; past this the post is
# printed as plain text so `reader show` always answers within a second.
RICH_BODY_LIMIT = 200_000


def run(args: argparse.Namespace) -> int:
    root = resolve_store(args)
    catalog = open_catalog(root)
    if args.command == "list":
        return list_posts(args, root, catalog)
    if args.command == "tags":
        return list_tags(args, catalog)
    return show_post(args, root, catalog)


def open_catalog(root: Path) -> IndexCatalog:
    """The store's index, brought up to date; unreadable files reported on stderr.

    The refresh reads only files whose size or mtime changed, so `list` and
    `tags` always show the store as it is on disk. Without a usable cache
    folder the index is built in memory, after one warning line.
    """
    from reader.cli.index_open import open_fresh

    catalog, problems = open_fresh(root)
    for problem in problems:
        warn(str(problem))
    return catalog


def bookmarked_ids(root: Path) -> frozenset[str]:
    from reader.userdata.bookmarks import BookmarkFile
    from reader.userdata.paths import store_key

    return BookmarkFile().ids(store_key(root))


def list_posts(args: argparse.Namespace, root: Path, catalog: IndexCatalog) -> int:
    marks = Marks(bookmarked=bookmarked_ids(root))
    wanted = Filter(tags=tuple(args.tag), bookmarked_only=args.bookmarked)
    rows = catalog.select(wanted, marks).rows
    if args.json:
        print_json([post_json(row, marks.bookmarked) for row in rows])
    else:
        for row in rows:
            print(post_line(row, marks.bookmarked))
    return 0


def list_tags(args: argparse.Namespace, catalog: IndexCatalog) -> int:
    counts = catalog.all_tags()
    if args.json:
        print_json([{"tag": tag, "count": count} for tag, count in counts])
    else:
        for tag, count in counts:
            print(f"{count}\t{tag}")
    return 0


def find_post(catalog: IndexCatalog, wanted: str) -> Post:
    from reader.store import resolve_post_id

    try:
        post_id = resolve_post_id(catalog.ids(), wanted)
    except LookupError as error:
        raise CliError(str(error.args[0] if error.args else error)) from None
    post = catalog.post(post_id)
    if post is None:
        raise CliError(f"{post_id}: the post's file could not be read")
    return post


def show_post(args: argparse.Namespace, root: Path, catalog: IndexCatalog) -> int:
    post = find_post(catalog, args.post)
    if args.plain or not use_color() or len(post.body) > RICH_BODY_LIMIT:
        sys.stdout.write(plain_post(post))
        return 0
    render_post(post)
    return 0


def header_lines(post: Post) -> list[str]:
    lines = []
    dates = display_date(post.date)
    if post.updated:
        dates += f" (updated {display_date(post.updated)})"
    lines.append(dates)
    if post.authors:
        lines.append("by " + ", ".join(post.authors))
    if post.tags:
        lines.append("tags: " + ", ".join(post.tags))
    lines.append(post.permalink or post.path)
    return lines


def plain_post(post: Post) -> str:
    title = post.title + (" (title guessed)" if post.title_guessed else "")
    parts = [title, "=" * min(len(title), 80), *header_lines(post), "", post.body.rstrip(), ""]
    return "\n".join(parts)


def render_post(post: Post) -> None:
    from rich.markdown import Markdown
    from rich.text import Text

    out = console()
    title = Text(post.title, style="bold")
    if post.title_guessed:
        title.append(" (title guessed)", style="dim italic")
    out.print(title)
    for line in header_lines(post):
        out.print(Text(line, style="dim"))
    out.print()
    out.print(Markdown(post.body, hyperlinks=False))
