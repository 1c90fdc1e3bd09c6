"""Which post of the store a link in an article points at, if any.

Posts link to each other in many ways: a relative path to a `.md` file
(`../2019/other.md`), a site path (`/blog/slug/`), the other post's full
permalink, or an Obsidian `[[wikilink]]` (which the renderer has made a link
to `Other%20Post`). `LinkIndex` is built once from the store's posts and
answers with a post id, or None for a link that leaves the store. No widgets
here.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote, urlsplit

from reader.model import PostSummary

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm")


def _key(text: str) -> str:
    """A name as links spell it loosely: case, spaces and dashes do not matter."""
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


def _stem(path: str) -> str:
    for suffix in _PAGE_SUFFIXES:
        if path.lower().endswith(suffix):
            return path[: -len(suffix)]
    return path


class LinkIndex:
    """The store's posts by path, id and last name, for resolving links."""

    def __init__(self, posts: Iterable[PostSummary]) -> None:
        self._by_path: dict[str, str] = {}
        self._by_id: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for post in posts:
            self._by_path[post.path.lower()] = post.id
            self._by_id[_key(post.id)] = post.id
            names = {post.id.rsplit("/", 1)[-1], _stem(post.path.rsplit("/", 1)[-1])}
            for name in names:
                self._by_name.setdefault(_key(name), []).append(post.id)

    def resolve(
        self,
        target: str,
        from_path: str,
        permalink_of: Callable[[str], str | None] = lambda _id: None,
    ) -> str | None:
        """The id of the post `target` (a link in the post at `from_path`) points at.

        A web address is the store's only if a post's permalink is that address
        (`permalink_of` reads a post's); anything else with a scheme leaves the store.
        """
        if _SCHEME.match(target):
            return self._by_permalink(target, permalink_of)
        path = unquote(urlsplit(target).path)
        if not path.strip():
            return None  # A link within the page.
        if path.startswith("/"):
            return self._by_file(path.lstrip("/")) or self._by_site_path(path)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
        return (
            self._by_file(joined)
            or self._by_id.get(_key(_stem(joined)))
            or self._by_id.get(_key(_stem(path)))
            or self._only(_key(_stem(path).rstrip("/").rsplit("/", 1)[-1]))
        )

    def _by_file(self, path: str) -> str | None:
        found = self._by_path.get(path.lower())
        if found is None and not path.lower().endswith(_PAGE_SUFFIXES):
            found = self._by_path.get(path.lower().rstrip("/") + ".md")
        return found

    def _only(self, name: str) -> str | None:
        ids = self._by_name.get(name, [])
        return ids[0] if len(ids) == 1 else None

    def _by_site_path(self, path: str) -> str | None:
        """`/blog/2019/slug/`: the post whose id is that path, or the one post named `slug`."""
        trimmed = _stem(path.strip("/"))
        return self._by_id.get(_key(trimmed)) or self._only(_key(trimmed.rsplit("/", 1)[-1]))

    def _by_permalink(self, target: str, permalink_of: Callable[[str], str | None]) -> str | None:
        parts = urlsplit(target)
        if parts.scheme.lower() not in ("http", "https"):
            return None
        wanted = _same_page(target)
        name = _key(_stem(parts.path.strip("/").rsplit("/", 1)[-1]))
        for post_id in self._by_name.get(name, []):
            link = permalink_of(post_id)
            if link is not None and _same_page(link) == wanted:
                return post_id
        return None


def _same_page(url: str) -> tuple[str, str]:
    """What makes two addresses the same page: host and path, not scheme, slash or fragment."""
    parts = urlsplit(url)
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/")
