"""A refresh with nothing changed costs a stat per file, and folders vouch for their names.

Folders changed in the last `RACY_NS` never vouch (a change in the same tick
of the clock would go unseen), so tests that want them to vouch move the
walk's clock ahead with `settled`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from index_helpers import bump_mtime, sample_store, write_post

import reader.index_build
import reader.store_walk
from reader import index_walk
from reader.catalog import Filter, Marks
from reader.index import IndexCatalog, open_catalog
from reader.store_walk import folders_unchanged, stat_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store")


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk sees every folder as changed long ago, so each one vouches."""
    real = time.time_ns
    monkeypatch.setattr(time, "time_ns", lambda: real() + 10**12)


def tick() -> None:
    """Let the file system's clock move past the walk's last look (a few ms)."""
    time.sleep(0.05)


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    calls: list[object] = []
    real = getattr(owner, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def ids(catalog: IndexCatalog) -> set[str]:
    return {row.id for row in catalog.select(Filter(), Marks()).rows}


def test_nothing_changed_reads_no_file_and_lists_no_folder(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, _ = open_catalog(store)
    reads = count_calls(monkeypatch, reader.index_build, "read_file")
    listings = count_calls(monkeypatch, os, "scandir")
    stats = catalog.refresh()
    assert (stats.unchanged, stats.read, stats.removed) == (6, 0, 0)
    assert reads == [] and listings == []


def test_a_file_rewritten_in_place_is_found_without_a_walk(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, _ = open_catalog(store)
    path = store / "2015" / "old.md"
    assert path.exists()
    tick()
    with path.open("a", encoding="utf-8") as out:
        out.write("\nWalrus tusks.\n")  # in place: the folder's times stay
    listings = count_calls(monkeypatch, os, "scandir")
    stats = catalog.refresh()
    assert (stats.changed, stats.added, stats.removed) == (1, 0, 0)
    assert listings == []
    assert {r.id for r in catalog.select(Filter(query="walrus"), Marks()).rows} == {"2015/old"}


def test_same_size_new_mtime_is_a_change(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    path = store / "2015" / "old.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Nothing much", "Walrus tusks"), encoding="utf-8")
    bump_mtime(path)
    assert catalog.refresh().changed == 1


def test_a_new_file_in_a_deep_folder_is_found(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    tick()
    write_post(store, "2020/a/b/new.md", "Zebra crossings", "A zebra.")
    stats = catalog.refresh()
    assert (stats.added, stats.unchanged) == (1, 6)
    assert "2020/a/b/new" in ids(catalog)


def test_a_removed_and_a_renamed_file_are_found(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    tick()
    (store / "2015" / "old.md").unlink()
    first = sorted(store.rglob("*.md"))[0]
    first.rename(first.with_name("renamed.md"))
    stats = catalog.refresh()
    assert stats.removed == 2 and stats.added == 1
    assert "2015/old" not in ids(catalog)
    assert any(post_id.endswith("renamed") for post_id in ids(catalog))


def test_a_folder_changed_just_now_does_not_vouch(store: Path) -> None:
    # Without `settled`: the sample store was written this instant.
    catalog, _ = open_catalog(store)
    assert catalog.store_unmoved() is False
    folders: reader.store_walk.Folders = []
    stat_store(store, folders)
    assert folders and all(ctime == -1 for _, ctime in folders)


def test_folders_vouch_until_one_moves(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    assert catalog.store_unmoved() is True
    tick()
    (store / "2015" / "notes.txt").write_text("not a post", encoding="utf-8")
    # Not a post, but the folder moved: the next command refreshes first.
    assert catalog.store_unmoved() is False
    catalog.refresh()
    assert catalog.store_unmoved() is True


def test_a_chmod_of_a_folder_means_a_walk(
    store: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog, _ = open_catalog(store)
    tick()
    os.chmod(store / "2015", 0o755)  # ctime moves with the mode, the mtime does not
    listings = count_calls(monkeypatch, os, "scandir")
    catalog.refresh()
    assert listings


def test_the_walks_problems_come_back_from_a_vouched_refresh(
    store: Path, settled: None, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Out\n", encoding="utf-8")
    (store / "away.md").symlink_to(outside)
    catalog, _ = open_catalog(store)
    first = [str(problem) for problem in catalog.walk_problems]
    assert any("leads out of the store" in line for line in first)
    catalog.refresh()
    assert [str(problem) for problem in catalog.walk_problems] == first


def test_a_rebuild_forgets_the_recorded_walk(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    stats = catalog.refresh(rebuild=True)
    assert stats.rebuilt and stats.added == 6
    assert catalog.refresh().unchanged == 6


def test_an_unfinished_index_never_vouches(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    with catalog._writer() as conn, conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'complete'")
    assert catalog.store_unmoved() is False
    assert catalog.refresh().unchanged == 6
    assert catalog.complete()


def test_a_recorded_walk_that_does_not_parse_means_a_walk(store: Path, settled: None) -> None:
    catalog, _ = open_catalog(store)
    with catalog._writer() as conn, conn:
        conn.execute("UPDATE meta SET value = '{' WHERE key = 'walk_files'")
        assert index_walk.load(conn) is None
    assert catalog.refresh().unchanged == 6


def test_folders_unchanged_needs_a_record(store: Path) -> None:
    assert folders_unchanged(store, []) is False


def test_a_refresh_with_nothing_changed_costs_about_a_stat_per_file(
    tmp_path: Path, settled: None
) -> None:
    store = tmp_path / "many"
    for n in range(2000):
        write_post(store, f"{n % 40}/{n // 40}/post-{n}.md", f"Post {n}", "Body.")
    catalog, _ = open_catalog(store)
    catalog.refresh()
    started = time.process_time()
    stats = catalog.refresh()
    spent = time.process_time() - started
    assert stats.unchanged == 2000
    # About 10 ms here; a parse of every file would take a second or more.
    assert spent < 1.0
