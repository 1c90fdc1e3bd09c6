"""Import entries into a store folder with its ledger: decide, then write.

Every source is read and checked before anything is written. Planning reads
each source's entries once, renders each file and keeps its name, its hash
and what to do (its bytes only within a budget), so a large export plans in bounded
memory; applying writes those that changed, from the bytes kept while
planning up to `KEEP_BYTES`, past it by reading the entries again.

For each entry, by its stable id:

- known to the ledger: its file keeps its name (a retitled entry too). The
  file as written last time (its hash matches the ledger) is updated when the
  entry changed; a file the user edited since (or `reader fetch` filled in)
  is kept, and said so when the entry changed upstream; a file the user
  deleted is written again;
- new: `DATE-slug.md` (`pages/slug.md` for pages), `-2`, `-3` when another
  entry or a file not in the ledger has that name; a file there with exactly
  these bytes is adopted.

An entry met twice in one import (the same id) is imported from where it was
first met. Read-later entries are bookmarked and marked read or unread when
first written; later imports leave the user's bookmarks and reading alone.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reader.budgets import MAX_POST_BYTES
from reader.importers import ledger
from reader.importers.entry import Entry, SourceError
from reader.importers.render import file_stem, render_entry
from reader.importers.store_files import ImportRefused, write_store_files
from reader.postfile import NotRegular, TooLarge, UnreadableFile, read_limited

Action = Literal["write", "update", "unchanged", "kept", "blocked"]
SUFFIX = ".md"
KEEP_BYTES = 32 * 1024 * 1024
"""Files to write are kept from planning up to this much; past it they are
rendered again when written, so memory stays bounded however large the import."""


@dataclass(frozen=True, slots=True)
class Source:
    """A source read and checked: its name as given, its format and a way to read
    its entries again (each call starts over)."""

    name: str
    flavour: str
    entries: Callable[[], Iterator[Entry]]


@dataclass(frozen=True, slots=True)
class Planned:
    entry_id: str
    file: str
    action: Action
    sha256: str
    title: str
    saved: bool
    read: bool | None
    first: bool
    """Never written before: bookmarks and reading state are set."""
    reason: str = ""


@dataclass(slots=True)
class EntryPlan:
    into: Path
    files: list[Planned] = field(default_factory=list)
    records: dict[str, ledger.Record] = field(default_factory=dict)
    duplicates: int = 0
    kept_content: dict[str, bytes] = field(default_factory=dict, repr=False)
    """Rendered files to write, by entry id, within `KEEP_BYTES`."""
    kept_size: int = 0

    def count(self, action: Action) -> int:
        return sum(1 for planned in self.files if planned.action == action)

    def summary(self) -> str:
        """`3 entries: 1 written, 1 updated, 1 unchanged`, then kept and duplicates."""
        total = len(self.files)
        text = f"{total} entr{'y' if total == 1 else 'ies'}: {self.count('write')} written"
        text += f", {self.count('update')} updated, {self.count('unchanged')} unchanged"
        notes: tuple[tuple[Action, str], ...] = (
            ("kept", "kept (edited here)"),
            ("blocked", "not written"),
        )
        for action, words in notes:
            if self.count(action):
                text += f", {self.count(action)} {words}"
        if self.duplicates:
            text += f", {self.duplicates} duplicate{'' if self.duplicates == 1 else 's'} skipped"
        return text


class BlockedFolder(Exception):
    """A folder on the way to a target is a link or not a folder: no name there will do."""


def _check_folders(into: Path, name: str) -> None:
    folder = into
    for part in Path(name).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise BlockedFolder(f"{folder} is a link or not a folder; not written")


def _on_disk(into: Path, name: str) -> bytes | None:
    """What is at a target path now: None when nothing is; `NotRegular` when it is
    not a plain file (a link, a folder)."""
    path = into / name
    if path.is_symlink():
        raise NotRegular("a symlink is in the way; not written through", folder=False)
    try:
        return read_limited(path, MAX_POST_BYTES, follow_symlinks=False)
    except TooLarge:
        return b""
    except NotRegular:
        raise
    except UnreadableFile as error:
        if error.errno == errno.ENOENT:
            return None
        raise SourceError(str(path), error.reason) from None


class _Planner:
    def __init__(self, into: Path) -> None:
        self.into = into
        self.old = ledger.load(into)
        self.plan = EntryPlan(into, records=dict(self.old))
        # Names the ledger gave any entry are theirs, even when the file has gone.
        self.used = {record.file for record in self.old.values()}
        self.seen: set[str] = set()

    def add(self, entry: Entry, source: Source) -> None:
        if entry.id in self.seen:
            self.plan.duplicates += 1
            return
        self.seen.add(entry.id)
        content = render_entry(entry, source.name, source.flavour)
        sha = ledger.digest(content)
        record = self.old.get(entry.id)
        if record is not None:
            planned = self._known(entry, record, content, sha)
        else:
            planned = self._new(entry, content, sha)
        self.plan.files.append(planned)
        if (
            planned.action in ("write", "update")
            and self.plan.kept_size + len(content) <= KEEP_BYTES
        ):
            self.plan.kept_content[entry.id] = content
            self.plan.kept_size += len(content)
        if planned.action != "kept" and planned.action != "blocked":
            self.plan.records[entry.id] = ledger.Record(
                planned.file, sha, source.name, source.flavour
            )

    def _planned(
        self,
        entry: Entry,
        file: str,
        action: Action,
        sha: str,
        *,
        first: bool = False,
        reason: str = "",
    ) -> Planned:
        return Planned(
            entry.id, file, action, sha, entry.title, entry.saved, entry.read, first, reason
        )

    def _known(self, entry: Entry, record: ledger.Record, content: bytes, sha: str) -> Planned:
        try:
            _check_folders(self.into, record.file)
            current = _on_disk(self.into, record.file)
        except NotRegular as error:
            return self._planned(entry, record.file, "blocked", sha, reason=error.reason)
        except BlockedFolder as error:
            return self._planned(entry, record.file, "blocked", sha, reason=str(error))
        if current is None:
            return self._planned(entry, record.file, "write", sha)
        if current == content:
            return self._planned(entry, record.file, "unchanged", sha)
        if ledger.digest(current) == record.sha256:
            return self._planned(entry, record.file, "update", sha)
        if sha == record.sha256:
            # Nothing changed upstream: the user's version (an edit, a fetched
            # article) simply stands.
            return self._planned(entry, record.file, "unchanged", sha)
        return self._planned(
            entry, record.file, "kept", sha, reason="edited since it was imported; kept as it is"
        )

    def _new(self, entry: Entry, content: bytes, sha: str) -> Planned:
        stem = file_stem(entry)
        try:
            _check_folders(self.into, stem + SUFFIX)
        except BlockedFolder as error:
            return self._planned(entry, stem + SUFFIX, "blocked", sha, reason=str(error))
        number = 1
        while True:
            name = stem + SUFFIX if number == 1 else f"{stem}-{number}{SUFFIX}"
            number += 1
            if name in self.used:
                continue
            try:
                current = _on_disk(self.into, name)
            except NotRegular:
                continue  # someone else's link or folder: take the next name
            if current is None or current == content:
                self.used.add(name)
                action: Action = "write" if current is None else "unchanged"
                return self._planned(entry, name, action, sha, first=current is None)


def plan_entries(sources: Sequence[Source], into: Path) -> EntryPlan:
    """Decide what every entry's file will be; writes nothing."""
    if into.exists() and not into.is_dir():
        raise ImportRefused([f"{into}: not a folder"])
    planner = _Planner(into)
    for source in sources:
        for entry in source.entries():
            planner.add(entry, source)
    return planner.plan


def apply_entries(plan: EntryPlan, sources: Sequence[Source]) -> None:
    """Write the files the plan says changed, then the ledger."""
    pending = {
        planned.entry_id: planned for planned in plan.files if planned.action in ("write", "update")
    }
    if not pending and plan.records == ledger.load(plan.into):
        return

    def contents() -> Iterator[tuple[Path, bytes]]:
        for entry_id, content in plan.kept_content.items():
            yield plan.into / pending[entry_id].file, content
        if len(plan.kept_content) == len(pending):
            return
        done = set(plan.kept_content)
        for source in sources:
            for entry in source.entries():
                planned = pending.get(entry.id)
                if planned is None or entry.id in done:
                    continue
                done.add(entry.id)
                content = render_entry(entry, source.name, source.flavour)
                if ledger.digest(content) != planned.sha256:
                    raise ImportRefused([f"{source.name}: changed while it was imported"])
                yield plan.into / planned.file, content

    write_store_files(plan.into, contents())
    try:
        ledger.save(plan.into, plan.records)
    except OSError as error:
        raise ImportRefused([f"{error.filename}: cannot write: {error.strerror}"]) from None
