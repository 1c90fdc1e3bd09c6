"""`reader import SOURCE... --into DIR`: feeds, exports, read-later lists and scrapes become posts.

Plain text output (one line per post file, then a summary), so it reads the
same in a terminal, a pipe or a log. Every problem is one line naming the
source (and line), exit status 1, and nothing written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import CliError, say, warn
from reader.importers.detect import FORMATS
from reader.importers.entry import SourceError
from reader.importers.run import ImportResult, run_import
from reader.importers.scrape.parse import ScrapeError
from reader.importers.store_files import ImportRefused

_SHOWN = {
    "write": "written",
    "unchanged": "unchanged",
    "replace": "replaced",
    "update": "updated",
    "kept": "kept",
    "blocked": "skipped",
}
_WOULD = {"write": "would write", "replace": "would replace", "update": "would update"}


def list_formats() -> int:
    for name, (description, _reader) in FORMATS.items():
        say(f"{name:<15} {description}")
    return 0


def run(args: argparse.Namespace) -> int:
    if args.formats:
        return list_formats()
    if not args.files or not args.into:
        args.import_parser.error("SOURCE... and --into DIR are needed (or --formats)")
    into = Path(args.into)
    try:
        result = run_import(
            args.files,
            into,
            forced_format=args.format,
            force=bool(args.force),
            dry_run=bool(args.dry_run),
        )
    except (ScrapeError, SourceError) as error:
        raise CliError(str(error)) from None
    except ImportRefused as error:
        *first, last = error.messages
        for message in first:
            warn(f"reader: {message}")
        if first:
            last += f" ({len(error.messages)} problems; nothing written)"
        raise CliError(last) from None
    report(result, into, dry_run=bool(args.dry_run))
    return 0


def _shown(action: str, dry_run: bool) -> str:
    return _WOULD.get(action, _SHOWN[action]) if dry_run else _SHOWN[action]


def report(result: ImportResult, into: Path, *, dry_run: bool) -> None:
    """One line per file, then one summary per importer."""
    for name in result.not_modified:
        say(f"not modified  {name} (unchanged since the last import)")
    if result.scrape is not None:
        for planned in result.scrape.files:
            say(f"{_shown(planned.action, dry_run):<9}  {planned.path}")
        say(result.scrape.summary())
    if result.entries is not None:
        for entry in result.entries.files:
            line = f"{_shown(entry.action, dry_run):<11}  {into / entry.file}"
            say(line + (f": {entry.reason}" if entry.reason else ""))
        say(result.entries.summary() + (" (dry run: nothing written)" if dry_run else ""))
    if result.bookmarked:
        say(f"bookmarked {result.bookmarked} saved link{'' if result.bookmarked == 1 else 's'}")
    for message in result.warnings:
        warn(f"reader: {message}")
