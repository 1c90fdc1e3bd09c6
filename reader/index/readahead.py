"""Ask the system for the next chunk's files while this one is parsed, when they come from the disk.

A parse worker reads a file, parses it, then reads the next: with the files
on disk that is one wait for the disk per file, during which nothing is
parsed. Told about the files of the chunk after this one
(`POSIX_FADV_WILLNEED`), the system reads them, many at a time, while this
chunk is parsed: the disk and the parse then work at once, so a cold build
takes about as long as the slower of the two.

The hint costs an open and a close per file, about 5 % of a parse, for
nothing when the files are in the page cache (the usual case). So it is
given only once a chunk is seen to have come from the disk: the process's
count of blocks read from storage (`ru_inblock`) grew while it was parsed.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Sequence
from dataclasses import dataclass

try:
    import resource
except ImportError:  # not a POSIX system: no hint, no count
    resource = None  # type: ignore[assignment]

_ADVISE = getattr(os, "posix_fadvise", None)
_WILLNEED: int = getattr(os, "POSIX_FADV_WILLNEED", 0)


@dataclass(slots=True)
class Readahead:
    """One process's choice: whether its chunks come from the disk."""

    from_disk: bool = False
    _blocks: int = 0
    _hinted: str = ""
    """The first of the files the last call hinted as the next chunk's."""

    def before(self, paths: Sequence[str], ahead: Sequence[str] = ()) -> None:
        """Call before reading a chunk's `paths`, with those of the chunk to
        come after it (`ahead`): when the files come from the disk, hints
        this chunk's (unless the last call hinted them) and the next one's."""
        if resource is None or _ADVISE is None:
            return
        if self.from_disk:
            wanted = [*(() if paths and paths[0] == self._hinted else paths), *ahead]
            self._hinted = ahead[0] if ahead else ""
            # From a thread of its own: a hint waits while the disk's queue is
            # full, and the parse must not wait with it. It ends with its hints.
            threading.Thread(target=_hint, args=(wanted,), name="readahead", daemon=True).start()
        self._blocks = resource.getrusage(resource.RUSAGE_SELF).ru_inblock

    def after(self, files: int) -> None:
        """Call after reading a chunk of `files` files: did it wait for the disk?"""
        if resource is None or _ADVISE is None:
            return
        read = resource.getrusage(resource.RUSAGE_SELF).ru_inblock - self._blocks
        # A block (512 bytes) a file on average: most of the chunk was not cached.
        self.from_disk = read >= files


def _hint(paths: Sequence[str]) -> None:
    """Ask the system to read these files into its cache, without waiting."""
    assert _ADVISE is not None
    for path in paths:
        try:
            # Only regular files: a device is never opened but to be
            # refused (`reader.postfile`); the read reports the rest.
            if not stat.S_ISREG(os.stat(path).st_mode):
                continue
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            _ADVISE(fd, 0, 0, _WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)
