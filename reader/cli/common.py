"""What every command shares: finding the store, errors, and output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reader.safetext import for_terminal

if TYPE_CHECKING:
    from rich.console import Console


class CliError(Exception):
    """An error the user can act on: printed as one line, exit status 1."""


def add_store_option(
    parser: argparse.ArgumentParser, *, top_level: bool = False, help_text: str | None = None
) -> None:
    # Accepted before or after the command; the later one wins.
    parser.add_argument(
        "--store",
        metavar="DIR",
        default=None if top_level else argparse.SUPPRESS,
        help=help_text
        or "the store folder (default: $READER_STORE, config.toml, ./posts, the samples)",
    )


def sample_store() -> Path:
    """The sample posts that ship inside the installed package.

    In a source checkout `reader/sample_posts` is a link to `posts/`; a wheel
    holds a copy. Either way it sits beside this package's files.
    """
    import reader

    return (Path(reader.__file__).parent / "sample_posts").resolve()


def looks_like_store(folder: Path) -> bool:
    """Whether `folder` holds at least one post file, by the store's own rules."""
    from reader.store import iter_post_files

    return folder.is_dir() and next(iter(iter_post_files(folder)), None) is not None


def configured_store() -> str | None:
    from reader.userdata.config import load_config

    return load_config().store


def resolve_store(args: argparse.Namespace) -> Path:
    """--store, then $READER_STORE, then config.toml, then ./posts, then the samples."""
    explicit: str | None = getattr(args, "store", None)
    source = "--store"
    if not explicit:
        explicit, source = os.environ.get("READER_STORE") or None, "READER_STORE"
    if not explicit:
        explicit, source = configured_store(), "config.toml"
    if explicit:
        folder = Path(explicit).expanduser()
        if folder.exists() and not folder.is_dir():
            raise CliError(f"{folder}: not a folder (the store, from {source})")
        if not folder.is_dir():
            raise CliError(f"{folder}: no such store folder (from {source})")
        return folder.resolve()
    local = Path("posts")
    if looks_like_store(local):
        return local.resolve()
    return sample_store()


def use_color(stream: IO[str] | None = None) -> bool:
    stream = stream or sys.stdout
    return "NO_COLOR" not in os.environ and stream.isatty()


def console(stream: IO[str] | None = None) -> Console:
    """A Rich console that is plain when piped and honours NO_COLOR."""
    from rich.console import Console

    stream = stream or sys.stdout
    fancy = use_color(stream)
    return Console(
        file=stream,
        force_terminal=fancy,
        no_color=not fancy,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=not stream.isatty(),
    )


def print_json(data: Any) -> None:
    """`data` as indented JSON; text that is not UTF-8 is written as `\\udcff` escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except UnicodeEncodeError:
        text = json.dumps(data, ensure_ascii=True, indent=2)
    sys.stdout.write(text + "\n")


def warn(message: str) -> None:
    """One line on stderr, for problems that do not stop the command.

    Every message goes out here (errors too), cleaned: it may quote an
    argument, a config value or a store's text, any of which could hold
    escape sequences or bytes that are not UTF-8.
    """
    print(for_terminal(message), file=sys.stderr)


def say(text: str) -> None:
    """A line of a command's output on stdout, cleaned as `warn` cleans."""
    print(for_terminal(text))


def write(text: str) -> None:
    """Text to stdout as it is (its own line ends), cleaned as `warn` cleans."""
    sys.stdout.write(for_terminal(text))


def warn_if_no_files(root: Path) -> None:
    """Say so when a store folder has no post files at all (an empty answer is no error)."""
    from reader.store import iter_post_files

    if next(iter(iter_post_files(root)), None) is None:
        warn(f"reader: no Markdown files found in {root}")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 post`, `2 posts`."""
    word = noun if count == 1 else (many or noun + "s")
    return f"{count} {word}"
