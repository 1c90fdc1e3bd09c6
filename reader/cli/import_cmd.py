"""`reader import FILE... --into DIR`: convert scrape exports into store files.

Plain text output (one line per post file, then a summary), so it reads the
same in a terminal, a pipe or a log. Every problem is one line naming the
file (and line), exit status 1, and nothing written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from reader.cli.common import CliError, say, warn
from reader.formats.importer import ImportRefused, import_scrapes
from reader.formats.scrape import ScrapeError

_SHOWN = {"write": "written", "unchanged": "unchanged", "replace": "replaced"}


def run(args: argparse.Namespace) -> int:
    files = [Path(name) for name in args.files]
    into = Path(args.into)
    try:
        plan = import_scrapes(files, into, force=bool(args.force))
    except ScrapeError as error:
        raise CliError(str(error)) from None
    except ImportRefused as error:
        *first, last = error.messages
        for message in first:
            warn(f"reader: {message}")
        if first:
            last += f" ({len(error.messages)} problems; nothing written)"
        raise CliError(last) from None
    for planned in plan.files:
        say(f"{_SHOWN[planned.action]:<9}  {planned.path}")
    say(plan.summary())
    return 0
