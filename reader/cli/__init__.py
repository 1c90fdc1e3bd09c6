"""The `reader` command line: argparse commands over a store.

This module must stay cheap to import: Textual is imported only when the app
opens, and Rich only by commands that print to a terminal.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from reader import __version__
from reader.cli.common import CliError, add_store_option, warn
from reader.fileio import is_disk_full
from reader.safetext import for_terminal

MAX_LIMIT = 2**63 - 1
"""The largest LIMIT SQLite takes; past it a number is a typo, not a wish."""

SEARCH_USAGE = "reader search [-h] [--store DIR] [--limit N] [--json] [--] QUERY..."


def limit_count(text: str) -> int:
    """An argparse type: a whole number from 0, where 0 means no limit.

    A bad one is a usage error (exit 2), a huge one too: SQLite could not
    take it and would fail after the search had started.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (all) or more (got {value})")
    if value > MAX_LIMIT:
        raise argparse.ArgumentTypeError("too large (0 means all results)")
    return value


def column_count(text: str) -> int:
    """An argparse type: a width in columns, from 20 to 1000."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 20 <= value <= 1000:
        raise argparse.ArgumentTypeError(f"must be from 20 to 1000 (got {value})")
    return value


def year_number(text: str) -> int:
    """An argparse type: a year, 1 to 9999 (the dates a post can have)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not 1 <= value <= 9999:
        raise argparse.ArgumentTypeError(f"not a year from 1 to 9999: {value}")
    return value


def utf8_text(text: str) -> str:
    """An argparse type: text that is valid UTF-8 (a note is saved as TOML).

    argv bytes that are not UTF-8 arrive as lone surrogates; saving them
    would fail later with a traceback, so they are a usage error now.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            "not valid UTF-8 text (check the terminal's or the shell's encoding)"
        ) from None
    return text


class Parser(argparse.ArgumentParser):
    """argparse, with its usage errors cleaned: they quote the arguments."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, for_terminal(f"{self.prog}: error: {message}\n"))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="reader",
        description="A terminal reader for a local store of blog posts."
        " Without a command, `reader` opens the app on the store.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    add_store_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, help_text: str, store_help: str | None = None
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_store_option(sub, help_text=store_help)
        return sub

    listing = command("list", "list the posts of the store, newest first")
    listing.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only posts with this tag"
    )
    listing.add_argument(
        "--section", action="append", default=[], metavar="S", help="only posts of this section"
    )
    listing.add_argument(
        "--author", action="append", default=[], metavar="A", help="only posts by this author"
    )
    listing.add_argument(
        "--year", action="append", default=[], type=year_number, metavar="Y",
        help="only posts dated in this year",
    )  # fmt: skip
    listing.add_argument("--bookmarked", action="store_true", help="only bookmarked posts")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    show = command("show", "render one post as the app does")
    show.add_argument(
        "post", metavar="POST", help="a post id, a unique prefix of one, or the post's file"
    )
    show.add_argument("--plain", action="store_true", help="plain text, no styling")
    show.add_argument(
        "--width",
        type=column_count,
        metavar="N",
        help="wrap at N columns (default: the terminal's, else 80)",
    )
    show.add_argument(
        "--source", action="store_true", help="print the stored Markdown as it is, front matter too"
    )
    show.add_argument(
        "--no-pager",
        action="store_true",
        help="never page (by default a long post on a terminal goes through $PAGER or less -R)",
    )

    tags = command("tags", "tags with post counts")
    tags.add_argument("--json", action="store_true", help="print a JSON array")

    facets = command("facets", "tags, sections, authors and years with post counts")
    facets.add_argument("--json", action="store_true", help="print a JSON object")

    search = commands.add_parser(
        "search",
        help="search the whole store",
        description="Search the whole store. The query may start with `-` (`-brexit`,"
        " `-tag:tips`); words after `--` are all query.",
        usage=SEARCH_USAGE,
    )
    add_store_option(search)
    # No QUERY positional: argparse would take `-brexit` for an option. The
    # words it does not know are the query, in order (see `parse_args`).
    search.add_argument(
        "--limit",
        type=limit_count,
        default=20,
        metavar="N",
        help="at most N results (default: 20; 0 for all)",
    )
    search.add_argument("--json", action="store_true", help="print a JSON array")

    index = command("index", "build or refresh the search index")
    index.add_argument("--rebuild", action="store_true", help="start the index over")
    index.add_argument(
        "--watch",
        action="store_true",
        help="then keep it fresh: refresh on every change, one line each, until Ctrl+C",
    )

    importing = command(
        "import",
        "turn feeds, WordPress exports, read-later lists and scrapes into store files",
        store_help="the store the reader opens; import does not read it (--into is written)",
    )
    importing.add_argument(
        "files",
        nargs="*",
        metavar="SOURCE",
        help="files or http(s):// addresses; each one's format is found from its content",
    )
    importing.add_argument("--into", metavar="DIR", help="the store folder to write the posts into")
    importing.add_argument(
        "--force", action="store_true", help="scrapes: replace different files at the target paths"
    )
    importing.add_argument("--format", metavar="NAME", help="the sources' format (see --formats)")
    importing.add_argument("--formats", action="store_true", help="list the formats and stop")
    importing.add_argument(
        "--dry-run", action="store_true", help="say what would change; write nothing"
    )
    importing.set_defaults(import_parser=importing)

    fetching = command("fetch", "fill saved links (read-later stubs) with their articles")
    fetching.add_argument("posts", nargs="*", metavar="POST", help="stub posts to fill in")
    fetching.add_argument(
        "--all-stubs", action="store_true", help="every stub of the store not fetched yet"
    )
    fetching.set_defaults(fetch_parser=fetching)

    bookmarks = command("bookmarks", "bookmarks of every store (--store narrows)")
    # One output at a time: asked for both, say so rather than drop one.
    output = bookmarks.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON array")
    output.add_argument("--export", choices=["md"], help="print a Markdown list")

    bookmark = command("bookmark", "add or remove a bookmark")
    bookmark.add_argument("action", choices=["add", "remove"])
    bookmark.add_argument("post", metavar="POST", help="a post id or a unique prefix of one")
    bookmark.add_argument(
        "--note", type=utf8_text, metavar="TEXT", help="a note kept with the bookmark"
    )
    return parser


def parse_args(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; for `search`, the unknown words are the query.

    The search language has `-word` and `-tag:x`, which argparse would reject
    as unknown options, so search's options are parsed and the rest taken, in
    order, as the query. The first `--` is dropped: what follows is all query.
    """
    args, rest = parser.parse_known_args(argv)
    if args.command != "search":
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        return args
    if "--" in rest:
        rest.remove("--")
    if not rest:
        parser.error("search: a query is needed (reader search --help)")
    args.query = " ".join(rest)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(build_parser(), argv)
    try:
        return dispatch(args)
    except CliError as error:
        warn(f"reader: {error}")
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`reader list | head`): not an error.
        sys.stderr.close()
        return 0
    except OSError as error:
        warn(f"reader: {describe_os_error(error)}")
        return 1
    except Exception as error:
        if is_disk_full(error):
            warn(f"reader: {disk_full(error)}")
            return 1
        # The contract is one line and no traceback; READER_DEBUG shows the rest.
        if os.environ.get("READER_DEBUG"):
            raise
        name = type(error).__name__
        warn(f"reader: unexpected {name}: {error} (READER_DEBUG=1 shows where)")
        return 1


def disk_full(error: BaseException) -> str:
    """The message for a full disk, naming the folder that could not be written."""
    folder = disk_full_folder(error)
    return f"the disk is full: {folder} could not be written (free some space and try again)"


def disk_full_folder(error: BaseException) -> str:
    if isinstance(error, OSError) and error.filename:
        return str(Path(os.fsdecode(error.filename)).parent)
    # SQLite does not say which file; the search index is what commands write to it.
    from reader.index import database_path

    return str(database_path(Path(".")).parent)


def describe_os_error(error: OSError) -> str:
    """`PATH: reason` for a file the command could not read or write."""
    if error.errno == errno.ENOSPC:
        return disk_full(error)
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def dispatch(args: argparse.Namespace) -> int:
    name = args.command
    if name is None:
        from reader.cli.open_app import run_app

        return run_app(args)
    if name in ("list", "show", "tags", "facets"):
        from reader.cli import posts_cmds

        return posts_cmds.run(args)
    if name == "index" and args.watch:
        from reader.cli import watch_cmd

        return watch_cmd.run(args)
    if name in ("search", "index"):
        from reader.cli import search_cmds

        return search_cmds.run(args)
    if name == "import":
        from reader.cli import import_cmd

        return import_cmd.run(args)
    if name == "fetch":
        from reader.cli import fetch_cmd

        return fetch_cmd.run(args)
    from reader.cli import bookmark_cmds

    return bookmark_cmds.run(args)
