"""The `reader` command line: argparse commands over a store.

This module must stay cheap to import: Textual is imported only when the app
opens, and Rich only by commands that print to a terminal.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from reader import __version__
from reader.cli.common import CliError, add_store_option


def positive_int(text: str) -> int:
    """An argparse type: a whole number from 1 (a bad one is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value})")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal reader for a local store of blog posts.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    add_store_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        add_store_option(sub)
        return sub

    listing = command("list", "list the posts of the store, newest first")
    listing.add_argument(
        "--tag", action="append", default=[], metavar="T", help="only posts with this tag"
    )
    listing.add_argument("--bookmarked", action="store_true", help="only bookmarked posts")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    show = command("show", "render one post to the terminal")
    show.add_argument("post", metavar="POST", help="a post id or a unique prefix of one")
    show.add_argument("--plain", action="store_true", help="plain text, no styling")

    tags = command("tags", "tags with post counts")
    tags.add_argument("--json", action="store_true", help="print a JSON array")

    search = command("search", "search the whole store")
    search.add_argument("query", metavar="QUERY", help='words, "phrases", tag:NAME, ...')
    search.add_argument(
        "--limit", type=positive_int, default=20, metavar="N", help="at most N results"
    )
    search.add_argument("--json", action="store_true", help="print a JSON array")

    index = command("index", "build or refresh the search index")
    index.add_argument("--rebuild", action="store_true", help="start the index over")

    importing = command("import", "convert scrape exports into store files")
    importing.add_argument("files", nargs="+", metavar="FILE", help="scrape files to import")
    importing.add_argument("--into", required=True, metavar="DIR", help="the store folder")
    importing.add_argument(
        "--force", action="store_true", help="replace different files at the target paths"
    )

    bookmarks = command("bookmarks", "bookmarks of every store (--store narrows)")
    # One output at a time: asked for both, say so rather than drop one.
    output = bookmarks.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print a JSON array")
    output.add_argument("--export", choices=["md"], help="print a Markdown list")

    bookmark = command("bookmark", "add or remove a bookmark")
    bookmark.add_argument("action", choices=["add", "remove"])
    bookmark.add_argument("post", metavar="POST", help="a post id or a unique prefix of one")
    bookmark.add_argument("--note", metavar="TEXT", help="a note kept with the bookmark")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return dispatch(args)
    except CliError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`reader list | head`): not an error.
        sys.stderr.close()
        return 0
    except OSError as error:
        print(f"reader: {describe_os_error(error)}", file=sys.stderr)
        return 1
    except Exception as error:
        # The contract is one line and no traceback; READER_DEBUG shows the rest.
        if os.environ.get("READER_DEBUG"):
            raise
        name = type(error).__name__
        print(f"reader: unexpected {name}: {error} (READER_DEBUG=1 shows where)", file=sys.stderr)
        return 1


def describe_os_error(error: OSError) -> str:
    """`PATH: reason` for a file the command could not read or write."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def dispatch(args: argparse.Namespace) -> int:
    name = args.command
    if name is None:
        from reader.cli.open_app import run_app

        return run_app(args)
    if name in ("list", "show", "tags"):
        from reader.cli import posts_cmds

        return posts_cmds.run(args)
    if name in ("search", "index"):
        from reader.cli import search_cmds

        return search_cmds.run(args)
    if name == "import":
        from reader.cli import import_cmd

        return import_cmd.run(args)
    from reader.cli import bookmark_cmds

    return bookmark_cmds.run(args)
