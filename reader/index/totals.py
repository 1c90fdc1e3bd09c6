"""Stored totals: how many posts the store holds, and each facet value's count.

The first screen shows the number of posts and every tag with its count;
the sidebar's other groups follow. Counting them from `post_tags` and
`posts` reads every row (0.9 s for the tags of a million posts, more for
sections and years, which are columns of the wide `posts` table), so the
refresh that changed the index stores the answers in `facet_totals`, and
an open reads them in milliseconds.

The table is derived data and may be stale: a refresh by an older reader
(which knows nothing of it), or one killed before it stored them. So the
totals are stamped with the state of the index they were counted in
(`STAMP`), and the totals are read only where the stamp still matches.
The stamp moves with every change to the posts and their facets: adding a
post raises the highest rowid ever given (`sqlite_sequence`), removing one
(or a post losing its id to another) adds a tombstone, and a rebuild,
which sets the tombstones back to 0, empties `posts` (its highest rowid
goes) before it adds anything. Where the stamp is stale, the caller counts
the rows as before (`reader.index.facets`).
"""

from __future__ import annotations

import sqlite3

TABLE = "facet_totals"
POSTS = "posts"
"""The `grp` of the one row that holds how many posts the store has."""

CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    " grp TEXT NOT NULL, value TEXT NOT NULL, posts INTEGER NOT NULL,"
    " PRIMARY KEY (grp, value)) WITHOUT ROWID"
)

STAMP = (
    "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'posts'), 0)"
    " || ',' || coalesce((SELECT value FROM meta WHERE key = 'tombstones'), '')"
    " || ',' || coalesce((SELECT max(rowid) FROM posts), 0)"
)
"""The state of the index the totals hold for (cheap: three lookups)."""

_COUNTS = {
    "tags": "SELECT 'tags', tag, count(*) FROM post_tags GROUP BY tag",
    "authors": "SELECT 'authors', author, count(*) FROM post_authors GROUP BY author",
    "sections": "SELECT 'sections', section, count(*) FROM posts"
    " WHERE section <> '' GROUP BY section",
    "years": "SELECT 'years', year, count(*) FROM posts WHERE year IS NOT NULL GROUP BY year",
}


FRESH = (
    f"SELECT count(*) AS value FROM sqlite_schema WHERE name = '{TABLE}'"
    f" AND (SELECT value FROM meta WHERE key = 'totals') = ({STAMP})"
)
"""1 if the stored totals hold for the index as it is now, else 0."""


def store(conn: sqlite3.Connection) -> bool:
    """Count the totals again and store them, unless they hold already;
    True if they were counted. In one transaction of `conn`, a writer's,
    under the index's lock (`IndexCatalog.refresh`)."""
    if conn.execute(FRESH).fetchone()[0]:
        return False  # Read only: a refresh that changed nothing writes nothing.
    conn.execute(CREATE)  # An index an older reader made has no such table.
    with conn:
        conn.execute(f"DELETE FROM {TABLE}")  # (begins the transaction)
        stamp = conn.execute(f"SELECT {STAMP}").fetchone()[0]
        conn.execute(f"INSERT INTO {TABLE} SELECT '{POSTS}', '', count(*) FROM posts")
        for sql in _COUNTS.values():
            conn.execute(f"INSERT INTO {TABLE} {sql}")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('totals', ?)", (stamp,))
    return True


GROUP = f"SELECT value || char(31) || posts AS value FROM {TABLE} WHERE grp = ?"
"""One group's stored totals, as `value US count` (the shape of `facets._TOTALS`)."""

TOTAL = f"SELECT posts AS value FROM {TABLE} WHERE grp = '{POSTS}'"
"""How many posts the store holds, as stored."""
