"""Files of a store that are pages, not posts: section pages and redirects.

A section page describes a listing: Hugo's and Zola's `_index.md` (never
walked), and the `index.md` of a folder that holds other posts (a Next.js
blog's top page, Hugo's home page). A folder of one post and its images is
a page bundle, and its `index.md` is the post. A redirect page only sends
readers to a post's new address.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from reader.model import Post


def _is_index_name(rel_path: str, suffixes: tuple[str, ...]) -> bool:
    stem, suffix = posixpath.splitext(posixpath.basename(rel_path))
    return stem == "index" and suffix.lower() in suffixes


def _folders_above(rel_path: str) -> list[str]:
    """`a/b/c.md` -> `['a/b', 'a', '']`: the folders holding a file, nearest first."""
    parts = rel_path.split("/")[:-1]
    return ["/".join(parts[:depth]) for depth in range(len(parts), -1, -1)]


def section_pages(rel_paths: Iterable[str], suffixes: tuple[str, ...]) -> set[str]:
    """The files among these that are section pages, not posts: the `index`
    file (with one of the post `suffixes`) of a folder, the store's own
    included, that holds other post files."""
    rels = list(rel_paths)
    indexes = [rel for rel in rels if _is_index_name(rel, suffixes)]
    if not indexes:
        return set()
    holding: set[str] = set()
    for rel in rels:
        # A file holds every folder above it ('' is the store). An index
        # file does not hold its own folder, the one it would be the page of.
        folders = _folders_above(rel)
        if _is_index_name(rel, suffixes):
            folders = folders[1:]
        for folder in folders:
            if folder in holding:
                break
            holding.add(folder)
    return {rel for rel in indexes if posixpath.dirname(rel) in holding}


_REDIRECT_KEYS = frozenset({"redirect", "redirect_to", "redirect_url"})


def is_redirect(post: Post) -> bool:
    """Whether a page only sends readers elsewhere: a redirect key
    (`redirect: /blog/go1.2`, jekyll-redirect-from's `redirect_to`) and no body.
    Such a page is an old address of a post, not a post: it is left out quietly."""
    if post.body.strip():
        return False
    return any(
        key.lower() in _REDIRECT_KEYS and isinstance(value, str) and value.strip()
        for key, value in post.extra.items()
    )
