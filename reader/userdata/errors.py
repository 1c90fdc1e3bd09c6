"""What goes wrong with the user's files, told in one line each.

`UserDataError` is the one exception the app and the commands catch for the
user's data; `save_failure` is the one translation of a failed save into the
line they show, so a full disk reads the same whichever file it hit.
"""

from __future__ import annotations

from pathlib import Path

from reader.fileio import is_disk_full
from reader.safetext import clean_line


class UserDataError(Exception):
    """A user file we cannot read or must not change; the message is one line naming it."""


def save_failure(path: Path, error: BaseException) -> str:
    """The line to show when saving `path` failed with `error`."""
    if is_disk_full(error):
        return display(f"disk full: cannot save {path}")
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        if error.filename is not None and str(error.filename) != str(path):
            reason = f"{error.filename}: {reason}"
        return display(f"{path}: cannot save ({reason})")
    return display(f"{path}: cannot save ({error})")


def display(message: str) -> str:
    """A message as it may be shown: paths stay as they are everywhere else,
    but a control character in one must not reach the terminal."""
    return clean_line(message)
