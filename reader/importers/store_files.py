"""Write imported posts into a store: every format's files the same way.

All or nothing where it can be: a failure names the file and refuses the
import. The store folder is written as it is, never through a link.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from reader.fileio import UnsafeTarget, fsync_dir, write_atomic


class ImportRefused(Exception):
    """The import cannot go ahead; nothing was written. One message per problem."""

    def __init__(self, messages: Sequence[str]) -> None:
        self.messages = tuple(messages)
        super().__init__("; ".join(self.messages))


def write_store_files(into: Path, files: Iterable[tuple[Path, bytes]]) -> int:
    """Write each `(path, bytes)` atomically into the store folder `into`, every
    format's posts the same way; returns how many were written.

    A path must lie in `into` or a folder under it (`pages/`), reached without a
    link: a symlinked folder or file is never written through. Any failure is
    `ImportRefused` naming the file.
    """
    written = 0
    try:
        into.mkdir(parents=True, exist_ok=True)
        folder = os.path.realpath(into)
        for path, content in files:
            relative = path.parent.relative_to(into) if path.parent != into else Path()
            parent = Path(folder, relative)
            if relative.parts:
                parent.mkdir(parents=True, exist_ok=True)
            if os.path.realpath(path.parent) != str(parent):
                # Only if a path were built from more than names, or a folder is a link.
                raise UnsafeTarget(path, "outside the store folder; not written")
            write_atomic(
                path, content, new_file_mode=0o666, sync_folder=False, follow_symlinks=False
            )
            written += 1
    except (OSError, ValueError) as error:
        where = getattr(error, "filename", None) or into
        reason = getattr(error, "strerror", None) or error
        raise ImportRefused([f"{where}: cannot write: {reason}"]) from None
    finally:
        fsync_dir(into)
    return written
