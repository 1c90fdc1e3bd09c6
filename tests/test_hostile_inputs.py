"""Inputs meant to hang or exhaust the reader: special files, huge or pathological text.

Each case runs the real load (store, index, CLI, importer) and must finish
quickly with a one-line report. Anything that could block runs in a daemon
thread with a timeout, so a regression fails the test instead of hanging
the suite.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import SEED

from reader.budgets import MAX_SCRAPE_BYTES
from reader.cli import main
from reader.formats.scrape import ScrapeError, read_scrape
from reader.postfile import TooLarge, UnreadableFile, read_limited
from reader.store import load_store, read_file

T = TypeVar("T")
LIMIT = 5.0
"""Seconds a guarded call may take before it counts as hung (it takes milliseconds)."""


def finishes(call: Callable[[], T], limit: float = LIMIT) -> T:
    """The result of `call`, which must return within `limit` seconds."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except BaseException as error:  # handed back to the test
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still running after {limit} s: it hangs"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]


def make_device(path: Path) -> None:
    """A character device like /dev/null at `path`, or a symlink to /dev/zero
    where creating devices is not allowed."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        path.symlink_to("/dev/zero")


@pytest.fixture
def special_store(tmp_path: Path) -> Iterator[Path]:
    """A store with one good post and every kind of file that blocks or never ends."""
    store = tmp_path / "s"
    store.mkdir()
    (store / "good.md").write_text("# Good\n\nBody.\n", encoding="utf-8")
    os.mkfifo(store / "fifo")
    (store / "link.md").symlink_to("fifo")
    os.mkfifo(store / "x.md")
    make_device(store / "dev")
    (store / "device.md").symlink_to("dev")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(store / "sock.md"))
    try:
        yield store
    finally:
        listener.close()


SPECIAL = ("device.md", "link.md", "sock.md", "x.md")


def test_special_files_in_a_store_are_reported_not_read(special_store: Path) -> None:
    contents = finishes(lambda: load_store(special_store))
    assert [post.id for post in contents.posts] == ["good"]
    reported = {problem.path: problem.reason for problem in contents.problems}
    for name in SPECIAL:
        if name == "device.md" and (special_store / "dev").is_symlink():
            assert "out of the store" in reported[name]
        else:
            assert reported[name] == "not a regular file; skipped", name


@pytest.mark.parametrize("name", SPECIAL)
def test_reading_one_special_file_never_blocks(special_store: Path, name: str) -> None:
    post, problems = finishes(lambda: read_file(special_store / name, name))
    assert post is None
    assert [str(problem) for problem in problems] == [f"{name}: not a regular file; skipped"]


def test_a_device_is_refused_before_a_byte_is_read() -> None:
    with pytest.raises(UnreadableFile, match=r"^not a regular file$"):
        finishes(lambda: read_limited("/dev/zero", 1024))


def test_the_index_and_the_commands_skip_special_files(
    special_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.catalog import Filter, Marks
    from reader.index import open_catalog

    catalog, problems = finishes(lambda: open_catalog(special_store))
    assert [row.id for row in catalog.select(Filter(), Marks()).rows] == ["good"]
    assert {problem.path for problem in problems} >= {"link.md", "sock.md", "x.md"}
    for command in (["list"], ["index"], ["bookmarks"], ["tags"]):
        assert finishes(lambda argv=command: main(["--store", str(special_store), *argv])) == 0
    assert "not a regular file" in capsys.readouterr().err


def test_a_file_past_its_budget_is_refused_with_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 2049)
    assert read_limited(path, 2049) == b"x" * 2049
    with pytest.raises(TooLarge, match="larger than"):
        read_limited(path, 2048)


def test_import_of_a_device_or_fifo_ends_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    into = str(tmp_path / "out")
    for source in ("/dev/zero", str(tmp_path / "pipe.txt")):
        status = finishes(lambda name=source: main(["import", name, "--into", into]))
        assert status == 1
        assert capsys.readouterr().err.strip() == f"reader: {source}: not a regular file"
    assert not (tmp_path / "out").exists()


def test_a_scrape_past_its_budget_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(MAX_SCRAPE_BYTES + 1)  # sparse: no disk space used
    started = time.process_time()
    with pytest.raises(ScrapeError) as caught:
        read_scrape(path)
    assert time.process_time() - started < 1.0
    assert str(caught.value) == f"{path}: larger than 64 MB; not a scrape file"


def test_a_fifo_where_the_import_would_write_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "out"
    assert main(["import", str(SEED), "--into", str(into)]) == 0
    target = sorted(into.iterdir())[0]
    target.unlink()
    os.mkfifo(target)
    capsys.readouterr()
    status = finishes(lambda: main(["import", str(SEED), "--into", str(into)]))
    assert status == 1
    assert f"{target}: not a regular file" in capsys.readouterr().err
