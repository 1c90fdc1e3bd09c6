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
    name = rel_path.rpartition("/")[2]
    # Most names are not `index.*`: the cheap test first (it runs per file).
    if not name.startswith("index."):
        return False
    stem, suffix = posixpath.splitext(name)
    return stem == "index" and suffix.lower() in suffixes


def section_pages(rel_paths: Iterable[str], suffixes: tuple[str, ...]) -> set[str]:
    """The files among these that are section pages, not posts: the `index`
    file (with one of the post `suffixes`) of a folder, the store's own
    included, that holds other post files."""
    rels = list(rel_paths)
    indexes = [rel for rel in rels if _is_index_name(rel, suffixes)]
    if not indexes:
        return set()
    # A file holds every folder above it ('' is the store). An index file
    # does not hold its own folder, the one it would be the page of. Files
    # share few folders, so the folders are gathered first and climbed once each.
    pages = set(indexes)
    lowest = {rel.rpartition("/")[0] for rel in rels if rel not in pages}
    # `a/b/index.md` holds `a` and `''`, not `a/b`.
    lowest.update(rel.rpartition("/")[0].rpartition("/")[0] for rel in indexes if "/" in rel)
    holding: set[str] = set()
    for folder in lowest:
        while folder not in holding:
            holding.add(folder)
            if not folder:
                break
            folder = folder.rpartition("/")[0]
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
