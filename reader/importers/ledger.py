"""The import ledger: `.reader-import.toml` in the store folder.

It maps each imported entry's stable id to the file it was written to and a
SHA-256 of the bytes written, so a re-import knows an entry it has seen (and
keeps its file name when it was retitled), tells an upstream change (the file
still holds what was written: update it) from the user's edit (the file
differs from what was written: keep it), and writes nothing when nothing
changed. The file is hidden, so the store never loads it as a post.

    version = 1

    [entries."https://example.org/posts/1"]
    file = "2024-05-01-hello.md"
    sha256 = "9f86d0…"
    source = "https://example.org/feed.xml"
    format = "atom10"
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import tomli_w

from reader.budgets import MAX_USER_FILE_BYTES
from reader.fileio import write_atomic
from reader.importers.entry import SourceError
from reader.postfile import UnreadableFile, read_limited

LEDGER_NAME = ".reader-import.toml"
VERSION = 1


@dataclass(frozen=True, slots=True)
class Record:
    file: str
    """The post's path in the store, `/`-separated."""
    sha256: str
    source: str
    format: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_relative(text: str) -> bool:
    """A path inside the store: relative, no `..`, not hidden."""
    path = PurePosixPath(text)
    return (
        bool(text)
        and not path.is_absolute()
        and all(part not in ("", ".", "..") and not part.startswith(".") for part in path.parts)
    )


def _record(value: Any) -> Record | None:
    if not isinstance(value, dict):
        return None
    fields = [value.get(key) for key in ("file", "sha256", "source", "format")]
    texts = [item for item in fields if isinstance(item, str)]
    if len(texts) != len(fields) or not safe_relative(texts[0]):
        return None
    return Record(*texts)


def load(into: Path) -> dict[str, Record]:
    """The ledger of a store folder; empty when there is none yet."""
    path = into / LEDGER_NAME
    try:
        data = read_limited(path, MAX_USER_FILE_BYTES, follow_symlinks=False)
    except UnreadableFile as error:
        if error.errno == 2:
            return {}
        raise SourceError(str(path), error.reason) from None
    try:
        document = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SourceError(str(path), f"the import ledger does not parse: {error}") from None
    entries = document.get("entries")
    records = {}
    for key, value in (entries if isinstance(entries, dict) else {}).items():
        record = _record(value)
        if record is not None:
            records[key] = record
    return records


def save(into: Path, records: dict[str, Record]) -> None:
    """Write the ledger atomically, never through a link."""
    document = {
        "version": VERSION,
        "entries": {
            key: {"file": r.file, "sha256": r.sha256, "source": r.source, "format": r.format}
            for key, r in sorted(records.items())
        },
    }
    write_atomic(
        into / LEDGER_NAME,
        tomli_w.dumps(document).encode("utf-8"),
        new_file_mode=0o666,
        follow_symlinks=False,
    )
