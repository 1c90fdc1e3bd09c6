"""Links between posts in the index: the rows a post adds, and a post's backlinks.

A post's backlinks are the posts with a link that `reader.links.resolve`,
the rules the app follows links by, takes to it. Two kinds of link are
found two ways, each the cheap way for its kind:

- **Within the store** (`../other.md`, `/blog/slug/`, `[[Other]]`, Hugo's
  `ref`): few, so the writer keeps each one, in the `links` table, under
  the names it could reach a post by (`reader.links.link_names`). The
  candidates are the links under the post's names; `resolve` confirms
  each, looking posts up by their id's last part (`posts_by_name`, an
  index made once a build's posts are in, `bulk.late_indexes`): a
  handful of indexed reads whatever the size of the store.
- **Web addresses**: most links leave the store, and keeping them all
  would cost the first build a tenth more. A web link reaches a post only
  at its permalink, whose words (host and path) are in the body of every
  post that links to it, and in the FTS index: the posts holding that
  phrase are read and their links checked.

`links` is not pruned when a post goes: its rowid is never reused and
every query joins `posts`, so an old row is dead weight until the next
rebuild, like the FTS tombstones.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from reader.index.schema import NAME_OF_ID
from reader.links import (
    BUNDLE_STEMS,
    PostRef,
    is_web,
    link_names,
    name_key,
    page_words,
    post_names,
    resolve,
    same_page,
    scan_targets,
)

Query = Callable[[str, Sequence[object]], list[Any]]
"""Runs a read-only query on the index (`IndexCatalog.query`)."""
ReadBody = Callable[[str], str | None]
"""The body of the post with this id, read from its file now (None if it cannot be)."""

LINK_TABLES = ("links",)
"""The tables this module fills (a rebuild empties them with the others)."""
LinkRow = tuple[str, int, str]
"""A row of `links`: (name, post's rowid, target)."""
NamedTarget = tuple[str, str]
"""A link within the store under one of its names: (name, target)."""
WEB_CANDIDATES = 200
"""Posts read, at most, for the web links that might be a post's permalink."""


def named_targets(path: str, body: str) -> tuple[NamedTarget, ...]:
    """What the post at `path` adds to `links`, but its rowid: its links within
    the store, under their names. Found by the parse workers (a scan of the
    whole body), so the process that writes only adds the rowid."""
    return tuple(
        (name, target)
        for target in scan_targets(body, web=False)
        for name in link_names(target, path) - BUNDLE_STEMS
    )


def insert(conn: sqlite3.Connection, rows: Sequence[LinkRow]) -> None:
    """Write the rows of a batch of posts (their `named_targets` with their rowids)."""
    conn.executemany("INSERT OR IGNORE INTO links (name, post, target) VALUES (?, ?, ?)", rows)


def _names(post_id: str, path: str) -> set[str]:
    # Every bundle's file has the same name: it is known by its folder's (its
    # id's last part), which `link_names` gives a link to the file too.
    return post_names(post_id, path) - BUNDLE_STEMS


class IndexLookups:
    """`reader.links.Lookups` read from the index: exact columns first, then
    the posts of the key's last name, checked here."""

    def __init__(self, query: Query) -> None:
        self._query = query
        self._named: dict[str, list[tuple[str, str]]] = {}

    def by_path(self, path: str) -> str | None:
        rows = self._query("SELECT id FROM posts WHERE path = ?", (path,))
        if rows:
            return str(rows[0][0])
        for name in sorted(link_names("/" + path, "") - BUNDLE_STEMS):
            for post_id, post_path in self._posts_named(name):
                if post_path.lower() == path:
                    return post_id
        return None

    def by_id(self, key: str) -> str | None:
        rows = self._query("SELECT id FROM posts WHERE id = ?", (key,))
        if rows:
            return str(rows[0][0])
        last = name_key(key.rsplit("/", 1)[-1])
        return next((i for i, _ in self._posts_named(last) if name_key(i) == key), None)

    def by_name(self, name: str) -> list[str]:
        return [i for i, p in self._posts_named(name) if name in _names(i, p)]

    def _posts_named(self, name: str) -> list[tuple[str, str]]:
        """(id, path) of the posts whose id's last part might be `name`."""
        if name not in self._named:
            coarse = name.replace("-", "")
            if coarse.isascii():
                sql = f"SELECT id, path FROM posts WHERE {NAME_OF_ID} = ? ORDER BY rowid"
                rows = self._query(sql, (coarse,))
            else:  # SQLite lowercases ASCII only: look at every post (rare).
                rows = self._query("SELECT id, path FROM posts ORDER BY rowid", ())
                rows = [r for r in rows if name_key(str(r[0]).rsplit("/", 1)[-1]) == name]
            self._named[name] = [(str(i), str(p)) for i, p in rows]
        return self._named[name]


def backlinks(
    query: Query, read_body: ReadBody, post_id: str, path: str, permalink: str | None
) -> list[PostRef]:
    """The posts that link to the post (`post_id` at `path`), newest first.

    Only this post's `permalink` is known here: a web address reaches it
    when it is that permalink (the app also asks whether an earlier post
    of the same name has that permalink too; no store has two).
    """
    lookups = IndexLookups(query)

    def permalink_of(other: str) -> str | None:
        return permalink if other == post_id else None

    seen: dict[tuple[str, str], bool] = {}

    def reaches(target: str, source_path: str) -> bool:
        # Where a link goes depends on it and its post's folder only: many
        # posts of a folder linking alike cost one resolve.
        key = (target, source_path.rpartition("/")[0])
        if key not in seen:
            seen[key] = resolve(target, source_path, lookups, permalink_of) == post_id
        return seen[key]

    names = sorted(_names(post_id, path))
    marks = ", ".join("?" * len(names))
    linking = {
        str(source)
        for source, source_path, target in query(
            "SELECT p.id, p.path, l.target FROM links AS l JOIN posts AS p ON p.rowid = l.post"
            f" WHERE l.name IN ({marks}) AND p.id != ?",
            (*names, post_id),
        )
        if reaches(str(target), str(source_path))
    }
    # A site's home page is no post's permalink, and its words are in every link.
    if permalink is not None and is_web(permalink) and same_page(permalink)[1].strip("/"):
        for source, source_path in _holding(query, page_words(permalink), post_id, linking):
            body = read_body(source)
            if body is not None and any(
                reaches(target, source_path) for target in scan_targets(body) if is_web(target)
            ):
                linking.add(source)
    return refs(query, sorted(linking))


def _holding(
    query: Query, words: list[str], post_id: str, known: set[str]
) -> list[tuple[str, str]]:
    """The posts (id, path) but this one and the `known`, whose body holds `words`
    (a permalink's host and path) as a phrase."""
    phrase = '"' + " ".join(words).replace('"', '""') + '"'
    rows = query(
        "SELECT p.id, p.path FROM fts JOIN posts AS p ON p.rowid = fts.rowid"
        " WHERE fts MATCH ? AND p.id != ? AND p.id NOT IN (SELECT value FROM json_each(?))"
        " ORDER BY p.rowid LIMIT ?",
        ("body : " + phrase, post_id, json.dumps(sorted(known)), WEB_CANDIDATES),
    )
    return [(str(i), str(p)) for i, p in rows]


def refs(query: Query, ids: Sequence[str]) -> list[PostRef]:
    """The posts of `ids` as references (title, date), newest first, then by id."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = query(
        f"SELECT id, path, title, date FROM posts WHERE id IN ({marks}) ORDER BY date_key DESC, id",
        tuple(ids),
    )
    return [PostRef(str(i), str(p), str(t), None if d is None else str(d)) for i, p, t, d in rows]
