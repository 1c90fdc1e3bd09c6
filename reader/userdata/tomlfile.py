"""One versioned TOML file of the user's: lock-free reads, locked changes.

`TomlFile` turns a file into a model (`parse`) and back (`dump`) and keeps
the promises every user file shares:
- reads take no lock (writes replace the file atomically) and are cached
  until the file changes on disk;
- a change takes the lock, re-reads the file, applies the change and writes
  it atomically, so concurrent processes merge rather than overwrite;
- a file that is not TOML, or not the shape we expect, is moved aside with a
  one-line warning and we carry on with an empty model;
- a file written by a newer reader (`version` above ours) is read as far as
  we understand it and never written.
"""

from __future__ import annotations

import errno
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import tomli_w

from reader.budgets import MAX_USER_FILE_BYTES
from reader.postfile import NotRegular, TooLarge, UnreadableFile, read_limited
from reader.userdata.atomic import locked, move_aside, remove_stale_temps, write_atomic
from reader.userdata.errors import UserDataError, display, save_failure

__all__ = ["ShapeError", "TomlFile", "UserDataError", "describe_toml_error", "report"]

M = TypeVar("M")
R = TypeVar("R")

_TOML_AT_END = re.compile(r"^(?P<message>.*?)\s*\(at end of document\)$")
_TOML_POSITION = re.compile(
    r"^(?P<message>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$"
)


class ShapeError(ValueError):
    """The file is valid TOML but not what this file should hold."""


class _Unreadable(Exception):
    """The file must be moved aside; `reason` goes into the warning."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class _Snapshot(Generic[M]):
    value: M
    version: int
    stamp: tuple[int, int, int] | None


def describe_toml_error(error: tomllib.TOMLDecodeError, text: str) -> str:
    """`Invalid value (at line 3, column 9)` -> `line 3, column 9: Invalid value`.

    tomllib (3.11) has the position only in its message; "at end of document"
    becomes the last line, so the user always gets a line number.
    """
    message = str(error)
    match = _TOML_POSITION.match(message)
    if match is not None:
        return f"line {match['line']}, column {match['column']}: {match['message']}"
    end = _TOML_AT_END.match(message)
    if end is not None:
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return f"line {max(last_line, 1)}: {end['message']} at end of file"
    return message


def report(message: str, warnings: list[str] | None) -> None:
    """Hand a warning to the caller's list, or print it when there is none."""
    message = display(message)
    if warnings is None:
        print(message, file=sys.stderr)
    else:
        warnings.append(message)


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # missing or unreachable: reading says which
    return (info.st_ino, info.st_mtime_ns, info.st_size)


class TomlFile(Generic[M]):
    """A user file holding one model `M`, with a `version` key at the top."""

    def __init__(
        self,
        path: Path,
        *,
        version: int,
        parse: Callable[[dict[str, Any]], M],
        dump: Callable[[M], dict[str, Any]],
        warnings: list[str] | None = None,
    ) -> None:
        self.path = path
        self.version = version
        self._parse = parse
        self._dump = dump
        self._warnings = warnings
        self._snapshot: _Snapshot[M] | None = None
        self._reported: set[str] = set()

    def _report(self, message: str) -> None:
        # A lasting problem (an unreadable file) is told once, not on every read.
        if message not in self._reported:
            self._reported.add(message)
            report(message, self._warnings)

    # -- reading -------------------------------------------------------------

    def load(self) -> M:
        """The file's current contents; an empty model when it is missing.

        The returned model is shared with later calls until the file changes:
        treat it as read-only.
        """
        stamp = _stamp(self.path)
        if self._snapshot is not None and stamp is not None and self._snapshot.stamp == stamp:
            return self._snapshot.value
        try:
            snapshot = self._read()
        except UserDataError as error:
            # Unreadable (permissions, a folder in its place): say so, carry on empty.
            self._report(str(error))
            snapshot = _Snapshot(self._parse({}), self.version, stamp)
        except _Unreadable as problem:
            # Confirm under the lock (another process may have just fixed or
            # moved it) before moving anything aside.
            try:
                with locked(self.path):
                    snapshot = self._read_or_set_aside()
            except (OSError, UserDataError) as error:
                reason = error.strerror if isinstance(error, OSError) else str(error)
                self._report(
                    f"{self.path}: {problem.reason}; could not move it aside ({reason}); "
                    "ignoring it"
                )
                snapshot = _Snapshot(self._parse({}), self.version, stamp)
        self._snapshot = snapshot
        return snapshot.value

    @property
    def read_only(self) -> bool:
        """True when a newer reader wrote the file: we must not write it."""
        self.load()
        return self._snapshot is not None and self._snapshot.version > self.version

    def _read(self) -> _Snapshot[M]:
        stamp = _stamp(self.path)
        try:
            raw = read_limited(self.path, MAX_USER_FILE_BYTES)
        except TooLarge as error:
            raise _Unreadable(error.reason) from None
        except NotRegular as error:
            if error.folder:
                raise UserDataError(f"{self.path}: cannot read: it is a folder") from None
            # A FIFO or a device: never read it (it may block or never end),
            # never move it aside (it is not a file the user wrote).
            raise UserDataError(f"{self.path}: {error.reason}; leaving it alone") from None
        except UnreadableFile as error:
            if error.errno == errno.ENOENT:
                return _Snapshot(self._parse({}), self.version, None)
            raise UserDataError(f"{self.path}: {error.reason}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise _Unreadable(f"not valid UTF-8 (line {line})") from error
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise _Unreadable(f"not valid TOML ({describe_toml_error(error, text)})") from error
        except RecursionError:
            # tomllib parses nested arrays and tables recursively: `x = [[[…`
            # thousands deep is as corrupt as any other file we cannot read.
            raise _Unreadable("not valid TOML (nested too deeply)") from None
        version = document.get("version", 1)
        if type(version) is not int or version < 1:
            raise _Unreadable("unexpected contents (version: must be a whole number from 1)")
        try:
            value = self._parse(document)
        except ShapeError as error:
            if version > self.version:
                # A newer layout we cannot read: leave it alone entirely.
                self._report(
                    f"{self.path}: written by a newer version of reader (file version "
                    f"{version}, this one reads {self.version}); ignoring it"
                )
                return _Snapshot(self._parse({}), version, stamp)
            raise _Unreadable(f"unexpected contents ({error})") from error
        return _Snapshot(value, version, stamp)

    def _read_or_set_aside(self) -> _Snapshot[M]:
        """Read the file; if it is unreadable, move it aside. Hold the lock."""
        try:
            return self._read()
        except _Unreadable as problem:
            aside = move_aside(self.path)
            self._report(f"{self.path}: {problem.reason}; moved aside to {aside}")
            return _Snapshot(self._parse({}), self.version, None)

    # -- changing ------------------------------------------------------------

    def update(self, change: Callable[[M], R]) -> R:
        """Apply `change` to the file's latest contents and write the result.

        `change` mutates the model it is given (a fresh copy read under the
        lock) and returns whatever the caller wants back. Nothing is written
        when the change left the contents as they were.
        """
        try:
            with locked(self.path):
                return self._locked_update(change)
        except OSError as error:
            # A full disk, a read-only folder, a device in the file's place:
            # one clear line, and the file as it was.
            raise UserDataError(save_failure(self.path, error)) from None

    def _locked_update(self, change: Callable[[M], R]) -> R:
        remove_stale_temps(self.path)
        snapshot = self._read_or_set_aside()
        if snapshot.version > self.version:
            raise UserDataError(
                f"{self.path}: written by a newer version of reader (file version "
                f"{snapshot.version}, this one writes {self.version}); not changing it"
            )
        before = self._dump(snapshot.value)
        result = change(snapshot.value)
        after = self._dump(snapshot.value)
        if after != before:
            document = {"version": self.version, **after}
            write_atomic(self.path, tomli_w.dumps(document).encode("utf-8"))
            snapshot = _Snapshot(snapshot.value, self.version, _stamp(self.path))
        self._snapshot = snapshot
        return result
