"""Keeping the index up to date, and rebuilding it when it cannot be trusted."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from index_helpers import bump_mtime, sample_store, write_post

import reader.index
import reader.index.build
from reader.catalog import Filter, Marks
from reader.index import IndexCatalog, open_catalog
from reader.index.schema import database_path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store")


def found(catalog: IndexCatalog, query: str) -> set[str]:
    return {row.id for row in catalog.select(Filter(query=query), Marks()).rows}


def test_next_search_sees_an_added_file(store: Path) -> None:
    catalog, _ = open_catalog(store)
    write_post(store, "2020/new.md", "Zebra crossings", "A brand new zebra.", tags=("roads",))
    stats = catalog.refresh()
    assert (stats.added, stats.changed, stats.removed, stats.unchanged) == (1, 0, 0, 6)
    assert found(catalog, "zebra") == {"2020/new"}
    assert ("roads", 1) in catalog.all_tags()
    assert catalog.select(Filter(), Marks()).total == 7


def test_next_search_sees_a_changed_file(store: Path) -> None:
    catalog, _ = open_catalog(store)
    path = write_post(store, "2015/old.md", "An old post", "Nothing much here.", date="2015-01-01")
    # Same size, new words: only the mtime tells.
    path.write_text(path.read_text().replace("Nothing much", "Walrus tusks"), encoding="utf-8")
    bump_mtime(path)
    stats = catalog.refresh()
    assert (stats.changed, stats.added, stats.removed) == (1, 0, 0)
    assert found(catalog, "walrus") == {"2015/old"}
    assert found(catalog, "nothing") == set()
    assert catalog.select(Filter(), Marks()).total == 6


def test_next_search_sees_a_touched_file_with_new_tags(store: Path) -> None:
    catalog, _ = open_catalog(store)
    write_post(store, "2015/old.md", "An old post", "Nothing much here.", tags=("renewed",))
    catalog.refresh()
    assert found(catalog, "tag:renewed") == {"2015/old"}


def test_next_search_sees_a_deleted_file(store: Path) -> None:
    catalog, _ = open_catalog(store)
    assert found(catalog, "politics") == {"2019/politics"}
    (store / "2019" / "politics.md").unlink()
    stats = catalog.refresh()
    assert stats.removed == 1
    assert found(catalog, "politics") == set()
    assert ("politics", 1) not in catalog.all_tags()
    assert catalog.post("2019/politics") is None


def test_a_new_process_sees_the_same_index(store: Path) -> None:
    open_catalog(store)[0].close()
    again = IndexCatalog.open_existing(store)
    assert again is not None
    assert found(again, "leadership") == {"2016/generous", "2017/charity", "2019/politics"}


def test_no_index_yet_is_none_not_an_error(store: Path) -> None:
    assert IndexCatalog.open_existing(store) is None


def test_a_duplicate_id_gets_its_turn_when_the_first_file_goes(store: Path) -> None:
    write_post(store, "2016/generous.markdown", "Twin", "The twin's own words: marmalade.")
    catalog, problems = open_catalog(store)
    assert any("already used" in str(p) for p in problems)
    assert found(catalog, "marmalade") == {"2016/generous"}
    (store / "2016" / "generous.markdown").unlink()
    catalog.refresh()
    assert found(catalog, "marmalade") == set()
    assert found(catalog, "austwick") == {"2016/generous"}
    assert not any("already used" in str(p) for p in catalog.problems())


def test_many_changes_make_the_refresh_rebuild(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reader.index.facade._TOMBSTONES_MIN", 2)
    catalog, _ = open_catalog(store)
    for name in ("2015/old.md", "notes/undated.md", "2017/charity.md"):
        bump_mtime(store / name)
    assert not catalog.refresh().rebuilt  # three tombstones: now over the limit
    stats = catalog.refresh()
    assert stats.rebuilt and stats.added == 6
    assert found(catalog, "leadership") == {"2016/generous", "2017/charity", "2019/politics"}


def test_rebuild_on_request_keeps_the_results(store: Path) -> None:
    catalog, _ = open_catalog(store)
    stats = catalog.refresh(rebuild=True)
    assert stats.rebuilt and stats.added == 6
    assert found(catalog, "york") == {"2017/charity", "2018/funding"}


def _bulk_posts_for_workers(store: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Add `count` posts and make even this small store parse in workers, 4 files a chunk."""
    for n in range(count):
        write_post(store, f"bulk/{n:02}.md", f"Bulk {n}", f"Filler words number{n}.")
    monkeypatch.setattr(reader.index.build, "PARALLEL_FROM", 1)
    monkeypatch.setattr(reader.index.build, "_CHUNK", 4)


def test_parsing_in_worker_processes_gives_the_same_index(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bulk_posts_for_workers(store, 30, monkeypatch)
    catalog, _ = open_catalog(store, workers=2)
    rows = catalog.select(Filter(query="filler"), Marks()).rows
    assert len(rows) == 30
    assert found(catalog, "number17") == {"bulk/17"}


_parse_files = reader.index.build.parse_files


def _dies_in_a_worker(
    top: str, files: Sequence[tuple[str, int, int]], ahead: Sequence[tuple[str, int, int]] = ()
) -> object:
    """`parse_files`, but a worker process dies at the chunk of `bulk/17.md`."""
    if multiprocessing.parent_process() is not None and "bulk/17.md" in {f[0] for f in files}:
        os._exit(3)
    return _parse_files(top, files, ahead)


def test_a_worker_that_dies_leaves_its_chunks_to_the_building_process(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bulk_posts_for_workers(store, 40, monkeypatch)
    monkeypatch.setattr(reader.index.build, "parse_files", _dies_in_a_worker)
    catalog, _ = open_catalog(store, workers=1)
    assert catalog.total() == 46 and found(catalog, "number17") == {"bulk/17"}
    listed = [(row.id, row.title) for row in catalog.select(Filter(), Marks()).rows]
    stats = catalog.refresh(rebuild=True, workers=0)
    assert stats.added == 46
    assert [(row.id, row.title) for row in catalog.select(Filter(), Marks()).rows] == listed


# -- a damaged or foreign index is rebuilt, never an error ---------------------


def damage_index(store: Path, damage: str) -> None:
    path = database_path(store.resolve())
    if damage == "truncate":
        size = path.stat().st_size
        with open(path, "r+b") as file:
            file.truncate(size // 3)
    elif damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 500)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "old-schema":
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 0")
        conn.close()
    elif damage == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE meta SET value = '/elsewhere' WHERE key = 'root'")
        conn.close()


def damage_and_reopen(store: Path, damage: str) -> IndexCatalog:
    open_catalog(store)[0].close()
    damage_index(store, damage)
    catalog, problems = open_catalog(store)
    assert problems == []
    return catalog


@pytest.mark.parametrize("damage", ["garbage", "empty", "old-schema", "foreign"])
def test_an_unusable_index_is_not_opened_as_it_is(store: Path, damage: str) -> None:
    open_catalog(store)[0].close()
    damage_index(store, damage)
    assert IndexCatalog.open_existing(store) is None


def test_another_stores_index_is_not_trusted(store: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    write_post(other, "only.md", "Only post", "Pangolin.")
    open_catalog(other)[0].close()
    database_path(other.resolve()).replace(database_path(store.resolve()))
    catalog, _ = open_catalog(store)
    assert found(catalog, "pangolin") == set()
    assert catalog.total() == 6


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "old-schema", "foreign"])
def test_an_unusable_index_is_rebuilt(store: Path, damage: str) -> None:
    catalog = damage_and_reopen(store, damage)
    assert found(catalog, "leadership") == {"2016/generous", "2017/charity", "2019/politics"}
    assert catalog.total() == 6


def test_damage_found_during_a_refresh_rebuilds(store: Path) -> None:
    catalog, _ = open_catalog(store)
    with sqlite3.connect(catalog.db_path) as conn:
        conn.execute("DROP TABLE post_tags")
    conn.close()
    write_post(store, "2021/late.md", "Late", "Quokka.")
    stats = catalog.refresh()
    assert stats.rebuilt
    assert found(catalog, "quokka") == {"2021/late"}
    assert found(catalog, "tag:funding") == {"2018/funding"}


# -- two users of one index at once ---------------------------------------------


def test_two_catalogs_on_one_index(store: Path) -> None:
    first, _ = open_catalog(store)
    second = IndexCatalog.open_existing(store)
    assert second is not None
    write_post(store, "2022/both.md", "Seen by both", "Narwhal.")
    second.refresh()
    assert found(first, "narwhal") == {"2022/both"}  # the first's cache is not stale...
    first.refresh()  # ... and refreshing it too is harmless
    assert found(second, "narwhal") == found(first, "narwhal") == {"2022/both"}


def test_select_while_a_refresh_writes(store: Path) -> None:
    catalog, _ = open_catalog(store)
    for n in range(200):
        write_post(store, f"more/{n:03}.md", f"More {n}", "Leadership again.")
    errors: list[BaseException] = []
    counts: list[int] = []

    def reading() -> None:
        try:
            while worker.is_alive():
                counts.append(len(catalog.select(Filter(query="leadership"), Marks()).rows))
        except BaseException as error:
            errors.append(error)

    worker = threading.Thread(target=catalog.refresh)
    reader_thread = threading.Thread(target=reading)
    worker.start()
    reader_thread.start()
    worker.join()
    reader_thread.join()
    assert errors == []
    assert len(catalog.select(Filter(query="leadership"), Marks()).rows) == 203


# -- whatever the user types runs ----------------------------------------------

_built: dict[str, IndexCatalog] = {}


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "-",
                    "*",
                    "OR",
                    "AND",
                    "NOT",
                    "NEAR(",
                    ")",
                    "(",
                    ":",
                    "^",
                    "'",
                    ";",
                    "tag:",
                    "author:",
                    "after:",
                    "before:",
                    "is:",
                    "is:unread",
                    "is:bookmarked",
                    "leadership",
                    "york",
                    "lead*",
                    "2016",
                    "2016-13",
                    "--",
                    "/*",
                    "{title}",
                    "title:",
                    "\x00",
                    "\\",
                    "%",
                    "_",
                    "é",
                    "DROP TABLE posts",
                    "\ud7ff",
                    " ",
                ]
            ),
            max_size=12,
        ).map("".join),
    )
)
def test_any_text_runs_against_a_real_index(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    if "catalog" not in _built:
        _built["catalog"] = open_catalog(sample_store(tmp_path_factory.mktemp("h") / "s"))[0]
    catalog = _built["catalog"]
    marks = Marks(bookmarked=frozenset({"2016/generous"}), read=frozenset({"2015/old"}))
    for sort in ("relevance", "date", "title"):
        selection = catalog.select(Filter(query=text, sort=sort), marks)
        assert len(selection.rows) <= 6
        list(selection.rows)
    assert len(catalog.search(text, marks, limit=3)) <= 3


# -- one file SQLite refuses costs only that file ------------------------------


def test_a_row_sqlite_refuses_is_reported_and_the_rest_is_indexed(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store import read_file as real_read

    def read_with_a_slip(path: str, rel: str):  # type: ignore[no-untyped-def]
        post, problems = real_read(path, rel)
        if rel == "2017/charity.md" and post is not None:
            # A lone surrogate, as a name that is not UTF-8 once carried in.
            post = dataclasses.replace(post, title="Charity \ud800 boards")
        return post, problems

    monkeypatch.setattr("reader.index.build.read_file", read_with_a_slip)
    catalog, problems = open_catalog(store)
    assert catalog.total() == 5
    assert found(catalog, "leadership") == {"2016/generous", "2019/politics"}
    assert [str(p) for p in problems] == [
        "2017/charity.md: the search index cannot store it (text that is not valid Unicode);"
        " skipped"
    ]
    stats = catalog.refresh()  # recorded as skipped: not read again until it changes
    assert (stats.added, stats.unchanged) == (0, 6)
    monkeypatch.setattr(reader.index.build, "read_file", real_read)
    bump_mtime(store / "2017" / "charity.md")
    assert catalog.refresh().added == 1
    assert found(catalog, "leadership") == {"2016/generous", "2017/charity", "2019/politics"}
    assert catalog.problems() == []


# -- a replaced database starts its rowids again ----------------------------------


def test_a_replaced_database_does_not_show_the_old_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "abc"
    for name in "abc":
        write_post(
            root, f"{name}.md", f"post {name}", f"Body {name}.", date=f"2020-01-0{ord(name) - 96}"
        )
    catalog, _ = open_catalog(root)
    (root / "a.md").unlink()
    catalog.refresh()
    rows = [(row.id, row.title) for row in catalog.select(Filter(), Marks()).rows]
    assert rows == [("c", "post c"), ("b", "post b")]
    real_refresh = reader.index.facade.refresh_files
    calls: list[int] = []

    def damaged_once(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return real_refresh(*args, **kwargs)

    monkeypatch.setattr(reader.index.facade, "refresh_files", damaged_once)
    assert catalog.refresh().rebuilt
    rows = [(row.id, row.title) for row in catalog.select(Filter(), Marks()).rows]
    assert rows == [("c", "post c"), ("b", "post b")]
    assert catalog.summary("b") is not None and catalog.summary("b").title == "post b"  # type: ignore[union-attr]


# -- two files with one id: a refresh ends where a rebuild does ---------------------


def listed(catalog: IndexCatalog) -> list[tuple[str, str]]:
    return [(row.id, row.title) for row in catalog.select(Filter(), Marks()).rows]


def test_a_new_file_earlier_in_walk_order_takes_the_id(tmp_path: Path) -> None:
    from reader.store import load_store

    root = tmp_path / "twins"
    write_post(root, "a.md", "a flat", "Flat words.")
    catalog, _ = open_catalog(root)
    assert listed(catalog) == [("a", "a flat")]
    write_post(root, "a/index.md", "a bundle", "Bundle words.")
    stats = catalog.refresh()
    assert (stats.added, stats.removed) == (1, 1)  # one post in, one out: still one post
    # The store's own rule: the first in walk order (the folder before `a.md`).
    assert [post.title for post in load_store(root).posts] == ["a bundle"]
    assert listed(catalog) == [("a", "a bundle")]
    assert found(catalog, "flat") == set() and found(catalog, "bundle") == {"a"}
    assert [str(p) for p in catalog.problems()] == [
        "a.md: id 'a' already used by a/index.md; skipped"
    ]

    rebuilt = catalog.refresh(rebuild=True)
    assert (rebuilt.added, catalog.total()) == (1, 1)  # the skipped twin is not "added"
    assert listed(catalog) == [("a", "a bundle")]
    assert [str(p) for p in catalog.problems()] == [
        "a.md: id 'a' already used by a/index.md; skipped"
    ]

    (root / "a" / "index.md").unlink()  # the owner goes: the twin gets its turn
    catalog.refresh()
    assert listed(catalog) == [("a", "a flat")]
    assert catalog.problems() == []


def test_a_third_twin_is_told_the_new_owner(tmp_path: Path) -> None:
    root = tmp_path / "triplets"
    write_post(root, "a.md", "a flat", "Flat.")
    write_post(root, "a.mdx", "a mdx", "Mdx.")
    catalog, _ = open_catalog(root)
    write_post(root, "a/index.md", "a bundle", "Bundle.")
    catalog.refresh()
    refreshed = sorted(map(str, catalog.problems()))
    catalog.refresh(rebuild=True)
    assert (
        sorted(map(str, catalog.problems()))
        == refreshed
        == [
            "a.md: id 'a' already used by a/index.md; skipped",
            "a.mdx: id 'a' already used by a/index.md; skipped",
        ]
    )
    assert listed(catalog) == [("a", "a bundle")]


def test_workers_start_when_stderr_has_no_descriptor(tmp_path: Path) -> None:
    """Inside the app, Textual replaces sys.stderr with an object whose
    fileno() is -1, and refreshes from a thread (so workers are spawned)."""
    import subprocess
    import sys
    import textwrap

    store = tmp_path / "store"
    for n in range(30):
        write_post(store, f"p{n}.md", f"Post {n}", f"Body {n} words.")
    script = textwrap.dedent(
        f"""
        import sys, threading
        from multiprocessing import resource_tracker
        from pathlib import Path
        import reader.index.build as build
        from reader.index import IndexCatalog

        class Captured:
            def write(self, text): return len(text)
            def flush(self): pass
            def fileno(self): return -1

        build.PARALLEL_FROM = 5
        result = {{}}
        def run():
            catalog = IndexCatalog.open(Path({str(store)!r}))
            result["stats"] = catalog.refresh(workers=1)
        sys.stderr = Captured()
        thread = threading.Thread(target=run)
        thread.start(); thread.join()
        sys.stderr = sys.__stderr__
        print(result["stats"].added, resource_tracker._resource_tracker._fd is not None)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.split() == ["30", "True"], out.stderr
