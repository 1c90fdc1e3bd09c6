"""The parse workers' read-ahead: on for files that come from the disk, off for cached ones."""

from __future__ import annotations

import os
import resource
import threading
from pathlib import Path

import pytest

from reader.index.readahead import Readahead, _hint

FILES = 40


def write_files(folder: Path) -> list[str]:
    paths = []
    for n in range(FILES):
        path = folder / f"p{n:02}.md"
        with open(path, "wb") as file:
            file.write(os.urandom(8192))
            file.flush()
            os.fsync(file.fileno())  # only clean pages can be evicted
        paths.append(str(path))
    return paths


def evict(paths: list[str]) -> None:
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def read_all(paths: list[str]) -> None:
    for path in paths:
        with open(path, "rb") as file:
            file.read()


def blocks() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_inblock


@pytest.fixture
def cold_files(tmp_path: Path) -> list[str]:
    paths = write_files(tmp_path)
    evict(paths[:1])
    before = blocks()
    read_all(paths[:1])
    if blocks() == before:
        pytest.skip("this file system keeps files in memory (tmpfs): nothing comes from a disk")
    evict(paths)
    return paths


def test_read_ahead_turns_on_for_files_from_the_disk_and_off_once_cached(
    cold_files: list[str],
) -> None:
    readahead = Readahead()
    readahead.before(cold_files)
    read_all(cold_files)
    readahead.after(len(cold_files))
    assert readahead.from_disk
    # Hinted, the next chunk's files are read ahead: the same counts, cached afterwards.
    evict(cold_files)
    readahead.before(cold_files)
    read_all(cold_files)
    readahead.after(len(cold_files))
    readahead.before(cold_files)
    read_all(cold_files)
    readahead.after(len(cold_files))
    assert not readahead.from_disk


def test_read_ahead_never_opens_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    regular = write_files(tmp_path)[:2]
    # Opening a FIFO for reading would wait for a writer: done in a thread
    # so a regression fails the test instead of hanging it.
    done = threading.Event()

    def read_ahead() -> None:
        _hint([str(fifo), *regular])
        done.set()

    thread = threading.Thread(target=read_ahead, daemon=True)
    thread.start()
    assert done.wait(10)


def test_the_next_chunks_files_are_asked_for_while_this_one_is_read(
    cold_files: list[str],
) -> None:
    this_chunk, next_chunk = cold_files[:20], cold_files[20:]
    readahead = Readahead(from_disk=True)
    before = blocks()
    readahead.before(this_chunk, next_chunk)
    for thread in threading.enumerate():
        if thread.name == "readahead":
            thread.join(10)
    # Nothing was read yet, yet both chunks' blocks were asked of the disk
    # (8 KB a file, in blocks of 512 bytes).
    assert blocks() - before >= 16 * len(cold_files)
    # A second call for the chunk it hinted asks only for the chunk after.
    evict(cold_files)
    before = blocks()
    readahead.before(next_chunk, [])
    for thread in threading.enumerate():
        if thread.name == "readahead":
            thread.join(10)
    assert blocks() == before
