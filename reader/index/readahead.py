"""Ask the system for a chunk's files before parsing them, when they come from the disk.

A parse worker reads a file, parses it, then reads the next: with the files
on disk that is one wait for the disk per file, during which nothing is
parsed. Told about a whole chunk first (`POSIX_FADV_WILLNEED`), the system
reads its files while the first ones are parsed, many at a time, so a cold
build takes about as long as reading the files does.

The hint costs an open and a close per file, about 5 % of a parse, for
nothing when the files are in the page cache (the usual case). So it is
given only once a chunk is seen to have come from the disk: the process's
count of blocks read from storage (`ru_inblock`) grew while it was parsed.
"""

from __future__ import annotations

import os
import stat
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

    def before(self, paths: Sequence[str]) -> None:
        """Call before reading a chunk: hints its files when they come from disk."""
        if resource is None or _ADVISE is None:
            return
        if self.from_disk:
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
        self._blocks = resource.getrusage(resource.RUSAGE_SELF).ru_inblock

    def after(self, files: int) -> None:
        """Call after reading a chunk of `files` files: did it wait for the disk?"""
        if resource is None or _ADVISE is None:
            return
        read = resource.getrusage(resource.RUSAGE_SELF).ru_inblock - self._blocks
        # A block (512 bytes) a file on average: most of the chunk was not cached.
        self.from_disk = read >= files
