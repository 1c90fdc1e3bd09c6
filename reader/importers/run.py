"""`reader import SOURCE...`: every source read and checked, then planned, then written.

Files and `http(s)://` addresses; each source's format is detected from its
content unless one is named. Scrapes go to the scrape importer (which keeps
its own rules: `--force`, no ledger); every other format goes through the
ledger planner. Nothing is written until every source has been read and
checked and the scrape plan has no conflict.
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.budgets import MAX_SCRAPE_BYTES
from reader.importers.detect import FORMATS, detect, reader_for
from reader.importers.entry import SourceError
from reader.importers.fetch_url import Fetched, fetch, is_url, remember
from reader.importers.plan import EntryPlan, Source, apply_entries, plan_entries
from reader.importers.scrape.importer import ImportPlan, apply_plan, plan_import
from reader.importers.userstate import record_saved
from reader.postfile import NotRegular, TooLarge, UnreadableFile, read_limited


@dataclass(slots=True)
class ImportResult:
    scrape: ImportPlan | None = None
    entries: EntryPlan | None = None
    not_modified: list[str] = field(default_factory=list)
    bookmarked: int = 0
    warnings: list[str] = field(default_factory=list)


def read_source(name: str, *, conditional: bool = True) -> Fetched:
    """The bytes of a file or an address (None: not modified since the last import)."""
    if is_url(name):
        return fetch(name, conditional=conditional)
    try:
        return Fetched(name, read_limited(Path(name), MAX_SCRAPE_BYTES))
    except UnreadableFile as error:
        raise SourceError(name, _unreadable(error)) from None


def _unreadable(error: UnreadableFile) -> str:
    if isinstance(error, NotRegular) and error.folder:
        return "is a folder, not a file to import"
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    if isinstance(error, TooLarge):
        return f"{error.reason}; not imported"
    return error.reason


def _format_of(data: bytes, name: str, forced: str | None) -> str:
    if forced is None:
        return detect(data, name)
    if forced not in FORMATS:
        raise SourceError(name, f"no format {forced!r} (reader import --formats)")
    return forced


def run_import(
    names: Sequence[str],
    into: Path,
    *,
    forced_format: str | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Import every source into `into`; raises `SourceError` or `ImportRefused`
    before anything is written."""
    result = ImportResult()
    scrapes: list[Path] = []
    sources: list[Source] = []
    fetched: list[Fetched] = []
    for name in dict.fromkeys(names):
        got = read_source(name, conditional=not dry_run)
        if got.data is None:
            result.not_modified.append(name)
            continue
        kind = _format_of(got.data, name, forced_format)
        reader = reader_for(kind)
        if reader is None:
            if is_url(name):
                raise SourceError(name, "a scrape is imported from a file, not an address")
            scrapes.append(Path(name))
            continue
        flavour, entries = reader(got.data, name)
        sources.append(Source(name, flavour, entries))
        fetched.append(got)
    if scrapes:
        result.scrape = plan_import(scrapes, into, force=force)
    if sources:
        result.entries = plan_entries(sources, into)
    if dry_run:
        return result
    if result.scrape is not None:
        apply_plan(result.scrape)
    if result.entries is not None:
        apply_entries(result.entries, sources)
        result.bookmarked = record_saved(result.entries, result.warnings)
    for got in fetched:
        remember(got)
    return result
