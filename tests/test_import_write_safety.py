"""`reader import` writes only into the store folder: never through a symlink
planted at a target path, never over a FIFO or device, and never hangs on one."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from conftest import SEED

from reader.cli import main
from reader.importers.scrape.importer import apply_plan, import_scrapes, plan_import
from reader.importers.store_files import ImportRefused

TARGET = "2016-09-13-generous-leadership.md"


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_symlink_at_a_target_path_is_reported_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], force: bool
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not the store's")
    link = store / TARGET
    link.symlink_to(outside)
    argv = ["import", str(SEED), "--into", str(store)] + (["--force"] if force else [])
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == f"reader: {link}: a symlink is in the way; not written through\n"
    assert outside.read_bytes() == b"not the store's"
    assert os.readlink(link) == str(outside)
    assert sorted(path.name for path in store.iterdir()) == [TARGET]  # nothing else written


def test_a_symlink_planted_after_the_plan_is_replaced_not_written_through(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    plan = plan_import([SEED], store, force=True)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not the store's")
    link = store / TARGET
    link.symlink_to(outside)  # between the check and the write
    apply_plan(plan)
    assert outside.read_bytes() == b"not the store's"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("+++\n")


def test_a_fifo_at_a_target_path_neither_hangs_nor_is_replaced(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    fifo = store / TARGET
    os.mkfifo(fifo)
    raised: list[ImportRefused] = []
    done = threading.Event()

    def run() -> None:
        try:
            import_scrapes([SEED], store, force=True)
        except ImportRefused as error:
            raised.append(error)
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(10), "the import blocked on a FIFO"
    assert [str(error) for error in raised] == [f"{fifo}: not a regular file; not replaced"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlinked_store_folder_is_still_written(tmp_path: Path) -> None:
    real = tmp_path / "real-store"
    real.mkdir()
    named = tmp_path / "store"
    named.symlink_to(real)  # the user's own choice of folder
    plan = import_scrapes([SEED], named)
    assert plan.count("write") == 5
    assert (real / TARGET).is_file() and not (real / TARGET).is_symlink()
