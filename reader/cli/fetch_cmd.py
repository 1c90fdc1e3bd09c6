"""`reader fetch POST... | --all-stubs`: fill saved links with their articles (network, opt-in)."""

from __future__ import annotations

import argparse

from reader.cli.common import CliError, resolve_store, say, warn
from reader.importers.entry import SourceError
from reader.importers.stubs import FetchedStub, all_stubs, fill_stub, find_post


def run(args: argparse.Namespace) -> int:
    if bool(args.posts) == bool(args.all_stubs):
        args.fetch_parser.error("give POST... or --all-stubs")
    root = resolve_store(args)
    try:
        files = all_stubs(root) if args.all_stubs else [find_post(root, p) for p in args.posts]
    except SourceError as error:
        raise CliError(str(error)) from None
    failures = 0
    for path in files:
        try:
            done: FetchedStub = fill_stub(root, path)
        except SourceError as error:
            warn(f"reader: {error}")
            failures += 1
            continue
        say(f"{done.action:<9}  {path} ({done.words} words)")
    say(f"{len(files) - failures} of {len(files)} fetched")
    return 1 if failures else 0
