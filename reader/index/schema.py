"""The search index's database: where it lives, its tables, and opening it.

One SQLite database per store, in the user's cache directory, named by a hash
of the store's resolved path. It is derived data: anything wrong with it (a
missing file, an older schema, another store's database, a file that is not
SQLite at all) means "build it again", never an error for the user.

Tables:
- `posts`: one row per post, everything a list shows (no body), plus the
  file's mtime and size so a refresh can tell what changed. Its rowid is the
  FTS rowid. Rowids are AUTOINCREMENT so they are never reused (see below).
- `fts`: FTS5 over title, body, tags and authors, *contentless* (the text is
  not stored, only the inverted index: a fifth of the size and twice the
  build speed of a stored copy), with full positions so "phrases" work.
  SQLite 3.40 cannot delete from a contentless table without the original
  text, so a changed or deleted post leaves its old FTS row behind as a
  tombstone: every query joins `posts`, which no longer has that rowid. When
  tombstones outnumber a quarter of the posts, the refresh rebuilds.
- `post_tags(tag, post)` and `post_authors(author, post)`: for tag and
  author filters and counts; a post's section, year and draft flag are
  columns of `posts`.
- `links(name, post, target)`: each link within the store in a post's
  body, under the names it could reach a post by, and `posts_by_name`, an
  index of the posts by their id's last part, made once a build's posts
  are in (`reader.index.links`). Dead rows of a post that went stay until
  the next rebuild; queries join `posts`.
- `skipped`: files that gave no post (empty, binary, duplicate id), with
  their mtime and size, so they are not read again until they change.
- `problems`: what went wrong reading each file, replayed on every open.
- `facet_totals`: each facet value's post count and the number of posts,
  stored by a refresh and stamped with the state they hold for
  (`reader.index.totals`, which makes the table: an index of this version
  made without it is still current).
- `meta`: the store path, the tombstone count, and `complete`: '1' once a
  refresh has read the whole store, written in the transaction of its last
  batch. A build that was killed leaves '0', so the next command knows the
  index is partial and finishes it instead of answering from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from glob import escape as glob_escape
from pathlib import Path

from reader.userdata.paths import cache_dir, store_key

SCHEMA_VERSION = 4
"""2: a refresh gives a duplicate id to the first file in walk order, and
names that are not UTF-8 or hold control characters are skipped; an index
from version 1 may disagree, so it is built again.
3: facets: each post's section, year, draft flag and summary, authors in
their own table, and a folder's section page (`index.md` of a folder that
holds posts) is no longer a post.
4: links between posts (`links`, `posts_by_name`), for backlinks; a
listing page (a template looping over the posts) is no longer a post."""
# An application id marks the file as ours ("rdr1"): a stray SQLite file
# with the same name is rebuilt, not trusted.
APPLICATION_ID = 0x72647231

NAME_OF_ID = (
    "lower(replace(replace(replace(replace(id, rtrim(id, replace(id, '/', '')), ''),"
    " '-', ''), '_', ''), ' ', ''))"
)
"""A post's id's last part, lowercased (ASCII) and without dashes, underscores
or spaces: what `posts_by_name` indexes, computed by SQLite (no Python per
post). The rtrim strips the last part's letters to find the folder, and
the replace takes the folder away."""

_TABLES = """
CREATE TABLE posts (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    title_source TEXT NOT NULL,
    date TEXT,
    date_key TEXT NOT NULL,
    updated TEXT,
    authors TEXT NOT NULL,
    tags TEXT NOT NULL,
    section TEXT NOT NULL,
    year INTEGER,
    draft INTEGER NOT NULL,
    summary TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL
);
CREATE TABLE post_tags (
    tag TEXT NOT NULL,
    post INTEGER NOT NULL,
    PRIMARY KEY (tag, post)
) WITHOUT ROWID;
CREATE TABLE post_authors (
    author TEXT NOT NULL,
    post INTEGER NOT NULL,
    PRIMARY KEY (author, post)
) WITHOUT ROWID;
CREATE TABLE links (
    name TEXT NOT NULL,
    post INTEGER NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (name, post, target)
) WITHOUT ROWID;
CREATE TABLE skipped (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    duplicate INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE problems (path TEXT NOT NULL, line INTEGER, reason TEXT NOT NULL);
CREATE INDEX problems_by_path ON problems (path);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, tags, authors,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

LATE_INDEXES = {
    "posts_by_date": "posts (date_key DESC, id DESC)",
    "post_tags_by_post": "post_tags (post)",
    "post_authors_by_post": "post_authors (post)",
    "posts_by_name": f"posts ({NAME_OF_ID})",
}
"""Indexes a bulk build makes once its rows are in (`late_indexes`), not as
they go in: kept up row by row, their keys come in no order, which costs a
first build several times what sorting them once at the end does."""

SEPARATOR = "\x1f"
"""Joins a post's tags or authors in one column. Store text never holds it:
`safetext.clean` replaces every control character at load time."""


class IndexUnusable(Exception):
    """The database cannot serve this store: rebuild it."""


def _root_text(root: Path) -> str:
    """The store's path as the index records it.

    A path that is not UTF-8 reaches Python with lone surrogates, which
    SQLite (and `str.encode`) refuse; its bytes are kept, escaped. Every other
    path is unchanged, and so is the digest naming the index file (fsencode
    gives the same bytes as UTF-8 there).
    """
    return os.fsencode(store_key(root)).decode("utf-8", "backslashreplace")


class IndexDamaged(IndexUnusable):
    """The database file is damaged (not merely old, foreign or missing)."""


_HEADER = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Raise IndexDamaged unless the file's SQLite header is whole.

    The cheap check at open (docs/design.md §6: `PRAGMA quick_check` reads every page,
    0.2-0.8 s at 100k posts, more than a whole search may take): the magic,
    a page size SQLite can have, and a file at least as long as the header
    says (a truncated file). Damage further in is met by the queries, which
    raise IndexDamaged, and by `verify` in `reader index`.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(100)
            size = os.fstat(file.fileno()).st_size
    except OSError as error:
        raise IndexUnusable(str(error)) from error
    if len(head) < 100 or not head.startswith(_HEADER):
        raise IndexDamaged("not an SQLite database header")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise IndexDamaged(f"page size {page_size}")
    if pages * page_size > size:
        raise IndexDamaged(f"{pages} pages of {page_size} bytes in a file of {size}")


def verify(conn: sqlite3.Connection) -> None:
    """Raise IndexDamaged unless every page of the database is sound (O(size))."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as error:
        raise IndexDamaged(str(error)) from error
    if rows != [("ok",)]:
        raise IndexDamaged(str(rows[0][0]) if rows else "quick_check")


def database_path(root: Path) -> Path:
    """The index file for the store at `root`."""
    digest = hashlib.sha256(os.fsencode(store_key(root))).hexdigest()[:24]
    return cache_dir() / "index" / f"{digest}.sqlite3"


def connect(path: Path | str, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the settings every user of the index wants.

    `check_same_thread=False`: the app queries from its workers' threads; the
    catalog serialises its own use with a lock.
    """
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=30)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -32768")
    return conn


def check(conn: sqlite3.Connection, root: Path) -> None:
    """Raise IndexUnusable unless this is a current index of the store at `root`."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID or version != SCHEMA_VERSION:
            raise IndexUnusable(f"schema {version}, want {SCHEMA_VERSION}")
        row = conn.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
        if row is None or row[0] != _root_text(root):
            raise IndexUnusable("made for another store")
        # Touch every table a query uses, so a damaged file fails here.
        conn.execute("SELECT count(*) FROM posts").fetchone()
        conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'reader' LIMIT 1").fetchall()
        conn.execute("SELECT tag FROM post_tags LIMIT 1").fetchall()
        conn.execute("SELECT author FROM post_authors LIMIT 1").fetchall()
        conn.execute("SELECT name FROM links LIMIT 1").fetchall()
    except sqlite3.DatabaseError as error:
        raise IndexDamaged(str(error)) from error


def create(path: Path, root: Path) -> sqlite3.Connection:
    """A new, empty index for the store at `root`, replacing any file at `path`.

    The caller holds the index's lock exclusively (`reader.index.lock`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove(path)
    conn = connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    _initialise(conn, root)
    return conn


def create_in_memory(root: Path) -> sqlite3.Connection:
    """A new, empty index held in this connection's memory only.

    For when the cache folder cannot be written: the same tables and the
    same code fill and query it, and it is gone when the connection closes.
    """
    conn = connect(":memory:")
    _initialise(conn, root)
    return conn


def _initialise(conn: sqlite3.Connection, root: Path) -> None:
    # One transaction: a reader that opens the file meanwhile sees either
    # nothing (and waits for the lock) or every table.
    key = _root_text(root).replace("'", "''")
    indexes = "".join(f"CREATE INDEX {name} ON {on};" for name, on in LATE_INDEXES.items())
    conn.executescript(
        "BEGIN;" + _TABLES + indexes + f"INSERT INTO meta VALUES ('root', '{key}');"
        "INSERT INTO meta VALUES ('tombstones', '0');"
        "INSERT INTO meta VALUES ('complete', '0');"
        f"PRAGMA application_id = {APPLICATION_ID};"
        f"PRAGMA user_version = {SCHEMA_VERSION};"
        "COMMIT;"
    )


def is_complete(conn: sqlite3.Connection) -> bool:
    """Whether the last refresh read the whole store (see `meta`)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
    return row is not None and row[0] == "1"


def mark_complete(conn: sqlite3.Connection, complete: bool) -> None:
    """Record whether the index holds the whole store, in the caller's transaction."""
    conn.execute("INSERT OR REPLACE INTO meta VALUES ('complete', ?)", ("1" if complete else "0",))


def remove(path: Path) -> None:
    """Delete the database, its WAL files and the answers kept beside it, if any."""
    kept = path.parent.glob(glob_escape(path.stem) + ".kept-*") if path.parent.is_dir() else ()
    own = (path.with_name(path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal"))
    for other in [*own, *kept]:
        with contextlib.suppress(FileNotFoundError):
            other.unlink()


def open_existing(path: Path, root: Path) -> sqlite3.Connection:
    """Open a current index, or raise IndexUnusable."""
    if not path.is_file():
        raise IndexUnusable("no index yet")
    if path.stat().st_size:
        check_header(path)
    try:
        conn = connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.DatabaseError as error:
        raise IndexUnusable(str(error)) from error
    try:
        check(conn, root)
    except IndexUnusable:
        conn.close()
        raise
    return conn
