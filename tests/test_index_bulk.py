"""A first build's own settings (`bulk.bulk_load`): put back when it ends,
and a build killed between its batches is still found unfinished and redone."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from index_helpers import write_post

import reader.index.build
from reader.catalog import Filter, Marks
from reader.index import open_catalog
from reader.index.bulk import FTS_AUTOMERGE, FTS_HASH_BYTES
from reader.index.schema import LATE_INDEXES, database_path, is_complete

POSTS = 120
BATCH = 25


def fts_setting(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT v FROM fts_config WHERE k = ?", (key,)).fetchone()
    return None if row is None else int(row[0])


def indexes(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
    return {name for (name,) in rows}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    for n in range(POSTS):
        write_post(root, f"{2000 + n % 20}/p{n:03}.md", f"Post {n}", f"Shared words and word{n}.")
    return root


def test_a_first_build_puts_its_settings_back(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.index.build, "_BATCH", BATCH)
    catalog, _ = open_catalog(store)
    assert len(catalog.select(Filter(query="shared"), Marks()).rows) == POSTS
    conn = sqlite3.connect(database_path(store.resolve()))
    try:
        assert is_complete(conn)
        assert fts_setting(conn, "hashsize") == FTS_HASH_BYTES
        assert fts_setting(conn, "automerge") == FTS_AUTOMERGE
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # Made once the posts were in, and there for the queries.
        assert set(LATE_INDEXES) <= indexes(conn)
    finally:
        conn.close()


# The child builds with small batches and dies (no cleanup, as under SIGKILL)
# once the second batch is committed: progress is called after each write.
_KILLED_BUILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    import reader.index.build as build
    from reader.index import IndexCatalog
    build._BATCH = int(sys.argv[2])
    build._CHUNK = 5

    def progress(done: int, total: int) -> None:
        if done >= 2 * build._BATCH:
            os._exit(9)

    catalog = IndexCatalog.open(Path(sys.argv[1]))
    catalog.refresh(progress=progress)
    """
)


def test_a_first_build_killed_between_batches_is_redone(store: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(reader.__file__).parent.parent)}
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_BUILD, str(store), str(BATCH)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 9, done.stderr
    conn = sqlite3.connect(database_path(store.resolve()))
    try:
        # What the killed build committed is there, and marked unfinished.
        assert not is_complete(conn)
        assert conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 2 * BATCH
        assert not set(LATE_INDEXES) & indexes(conn)
    finally:
        conn.close()
    catalog, _ = open_catalog(store)
    assert len(catalog.select(Filter(query="shared"), Marks()).rows) == POSTS
    assert {row.id for row in catalog.select(Filter(query="word7"), Marks()).rows} == {"2007/p007"}
    conn = sqlite3.connect(database_path(store.resolve()))
    try:
        assert is_complete(conn)
        assert fts_setting(conn, "hashsize") == FTS_HASH_BYTES
        assert fts_setting(conn, "automerge") == FTS_AUTOMERGE
        assert set(LATE_INDEXES) <= indexes(conn)
    finally:
        conn.close()
