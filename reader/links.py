"""Links between the store's posts: what a body links to, and which post a link reaches.

Posts link to each other in many ways: a relative path to a `.md` file
(`../2019/other.md`), a site path (`/blog/slug/`), the other post's full
permalink, an Obsidian `[[wikilink]]` (which the renderer makes a link to
`Other%20Post`), Hugo's `{{< ref "other.md" >}}`. These rules are the one
place that says where such a link goes: the app follows a link with them,
and the index finds a post's backlinks with them.

- `resolve` takes a link to a post id (None for a link that leaves the
  store), looking posts up through `Lookups`: `LinkIndex` holds them in
  memory (the app), `reader.index.links` reads them from the index.
- `link_names` are the names a link can only reach a post through, and
  `post_names` the names a post is found by: the index stores the first for
  every link, so a post's backlinks are the links under one of its names
  that `resolve` confirms.
- `scan_targets` finds a body's link targets without rendering it: cheap
  enough to run on every post as the index is built.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_PAGE_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm")
_WEB = ("http", "https")
_LOOSE = re.compile(r"[\s_-]+")
BUNDLE_STEMS = frozenset({"index", "_index"})
"""The file names of bundles (`slug/index.md`): such a post's id is its folder's."""
_WORDS = re.compile(r"[^\W_]+")
_WEB_PATH = re.compile(r"https?://[^/?#]*([^?#]*)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PostRef:
    """Another post, as a list of related posts shows it and a link follows it."""

    id: str
    path: str
    title: str
    date: str | None
    """As the index keeps it (ISO 8601), or None for an undated post."""


class Named(Protocol):
    """What a post needs to be found by a link: its id and its path in the store."""

    @property
    def id(self) -> str: ...

    @property
    def path(self) -> str: ...


def name_key(text: str) -> str:
    """A name as links spell it loosely: case, spaces and dashes do not matter."""
    low = text.strip().lower()
    if "--" not in low and low.replace("-", "").isalnum():
        return low  # The common case, already loose: no regex (a post costs a few).
    return _LOOSE.sub("-", low)


def _stem(path: str) -> str:
    low = path.lower()
    if low.endswith(_PAGE_SUFFIXES):
        for suffix in _PAGE_SUFFIXES:
            if low.endswith(suffix):
                return path[: -len(suffix)]
    return path


def _last_name(path: str) -> str:
    return name_key(_stem(path.rstrip("/").rsplit("/", 1)[-1]))


def _names_of(path: str) -> set[str]:
    """A link path's last name, and its folder's when that name is a bundle's file."""
    name = _last_name(path)
    if name not in BUNDLE_STEMS:
        return {name}
    return {name, _last_name(posixpath.dirname(path.rstrip("/")))}


def post_names(post_id: str, path: str) -> set[str]:
    """The last names a post is found by: its id's last part and its file's stem."""
    return {name_key(post_id.rsplit("/", 1)[-1]), _last_name(path)}


def is_web(target: str) -> bool:
    """Whether a link is a web address (it reaches a post only at its permalink)."""
    return _WEB_PATH.match(target) is not None


def page_words(url: str) -> list[str]:
    """The words of an address's host (less `www.`) and path, as a search index splits them.

    Every link to the page at `url` holds them in this order (`same_page`).
    """
    host, path = same_page(url)
    return _WORDS.findall(f"{host} {path}")


def link_names(target: str, from_path: str) -> set[str]:
    """The names `target` (in the post at `from_path`) could reach a post by.

    Every way `resolve` finds a post ends at one of that post's `post_names`,
    and it is one of these: a post's backlinks are among the links stored
    under its names. A link to a bundle's file (`slug/index.md`) goes by
    the folder's name too, so a bundle can be found by its id's last part.
    Empty for a link that cannot reach a post (within the page, or a scheme
    other than the web's).
    """
    web = _WEB_PATH.match(target)
    if web:  # Most links: read without urlsplit, a tenth of its cost.
        return _names_of(web.group(1).strip("/"))
    if _SCHEME.match(target):
        parts = urlsplit(target)
        return _names_of(parts.path.strip("/")) if parts.scheme.lower() in _WEB else set()
    path = unquote(urlsplit(target).path)
    if not path.strip():
        return set()
    if path.startswith("/"):
        return _names_of(path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
    return _names_of(joined) | _names_of(path)


class Lookups(Protocol):
    """Where `resolve` looks posts up; every key is already in the loose form links use."""

    def by_path(self, path: str) -> str | None:
        """The post whose path, lowercased, is `path`."""
        ...

    def by_id(self, key: str) -> str | None:
        """The post whose id, as a `name_key`, is `key`."""
        ...

    def by_name(self, name: str) -> list[str]:
        """The posts one of whose `post_names` is `name`."""
        ...


def resolve(
    target: str,
    from_path: str,
    posts: Lookups,
    permalink_of: Callable[[str], str | None] = lambda _id: None,
) -> str | None:
    """The id of the post `target` (a link in the post at `from_path`) points at.

    A web address is the store's only if a post's permalink is that address
    (`permalink_of` reads a post's); anything else with a scheme leaves the store.
    """
    if _SCHEME.match(target):
        return _by_permalink(target, posts, permalink_of)
    path = unquote(urlsplit(target).path)
    if not path.strip():
        return None  # A link within the page.
    if path.startswith("/"):
        return _by_file(posts, path.lstrip("/")) or _by_site_path(posts, path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), path))
    return (
        _by_file(posts, joined)
        or posts.by_id(name_key(_stem(joined)))
        or posts.by_id(name_key(_stem(path)))
        or _only(posts, name_key(_stem(path).rstrip("/").rsplit("/", 1)[-1]))
    )


def _by_file(posts: Lookups, path: str) -> str | None:
    found = posts.by_path(path.lower())
    if found is None and not path.lower().endswith(_PAGE_SUFFIXES):
        found = posts.by_path(path.lower().rstrip("/") + ".md")
    return found


def _only(posts: Lookups, name: str) -> str | None:
    ids = posts.by_name(name)
    return ids[0] if len(ids) == 1 else None


def _by_site_path(posts: Lookups, path: str) -> str | None:
    """`/blog/2019/slug/`: the post whose id is that path, or the one post named `slug`."""
    trimmed = _stem(path.strip("/"))
    return posts.by_id(name_key(trimmed)) or _only(posts, name_key(trimmed.rsplit("/", 1)[-1]))


def _by_permalink(
    target: str, posts: Lookups, permalink_of: Callable[[str], str | None]
) -> str | None:
    parts = urlsplit(target)
    if parts.scheme.lower() not in _WEB:
        return None
    wanted = same_page(target)
    for post_id in posts.by_name(_last_name(parts.path.strip("/"))):
        link = permalink_of(post_id)
        if link is not None and same_page(link) == wanted:
            return post_id
    return None


class LinkIndex:
    """The store's posts by path, id and last name, in memory, for resolving links."""

    def __init__(self, posts: Iterable[Named]) -> None:
        self._by_path: dict[str, str] = {}
        self._by_id: dict[str, str] = {}
        self._by_name: dict[str, list[str]] = {}
        for post in posts:
            self._by_path[post.path.lower()] = post.id
            self._by_id[name_key(post.id)] = post.id
            for name in post_names(post.id, post.path):
                self._by_name.setdefault(name, []).append(post.id)

    def by_path(self, path: str) -> str | None:
        return self._by_path.get(path)

    def by_id(self, key: str) -> str | None:
        return self._by_id.get(key)

    def by_name(self, name: str) -> list[str]:
        return self._by_name.get(name, [])

    def resolve(
        self,
        target: str,
        from_path: str,
        permalink_of: Callable[[str], str | None] = lambda _id: None,
    ) -> str | None:
        """The id of the post `target` points at (see `resolve`)."""
        return resolve(target, from_path, self, permalink_of)


def same_page(url: str) -> tuple[str, str]:
    """What makes two addresses the same page: host and path, not scheme, slash or fragment."""
    parts = urlsplit(url)
    return parts.netloc.lower().removeprefix("www."), parts.path.rstrip("/")


# What the renderer turns into links, read straight from the Markdown: one
# pattern per kind, each starting with a literal (the regex engine then
# skips to it as fast as `str.find`; one alternation of them all is five
# times slower), run only when their first character is in the body.
_NOT_WEB = r"(?![hH][tT][tT][pP][sS]?:)"
"""Not at a web address: the index keeps links within the store only."""
_TARGET = r"(?:<{w}([^<>\n]*)>|{w}([^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*))"
# `](target)` and `]: target` in one pass (both start at a `]`): a link, and
# a reference definition when its line starts with `[label` (checked after).
_CLOSE = r"\](?:\(\s*{target}|:[ \t]*<?{w}([^\s<>]+))"
_BRACKET = re.compile(_CLOSE.format(target=_TARGET.format(w=""), w=""))
_LOCAL_BRACKET = re.compile(_CLOSE.format(target=_TARGET.format(w=_NOT_WEB), w=_NOT_WEB))
_DEFINITION = 3
_LABEL = re.compile(r"[ ]{0,3}\[[^\]\n]+\Z")
_WIKI = re.compile(r"\[\[([^\[\]|#\n]+)[^\[\]\n]*\]\]")  # [[wikilink#part|label]]
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")  # <https://autolink>: always the web's
_OTHERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("<", re.compile(r"href\s*=\s*[\"']([^\"'\s]+)")),  # <a href="target">
    # {{< ref "x" >}}, {{% relref path="x" %}}, {% link x %}, {% post_url x %}
    ("{", re.compile(r"\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?[\"']([^\"'\n]+)")),
    ("{", re.compile(r"\{%-?\s*(?:link|post_url)\s+([^\s%]+)")),
)


def scan_targets(body: str, *, web: bool = True) -> list[str]:
    """Every distinct link target in a Markdown body; without `web`, those
    that are not web addresses (most of any blog's links are).

    A wikilink's target comes as the renderer makes it (`Big%20Idea`); the
    rest as written. Links in code are found too: they only add a name to
    look under, and `resolve` is the judge of where a link goes.
    """
    found: dict[str, None] = {}
    if "]" in body:
        for match in (_BRACKET if web else _LOCAL_BRACKET).finditer(body):
            if match.lastindex == _DEFINITION:
                line_start = body.rfind("\n", 0, match.start()) + 1
                if not _LABEL.match(body, line_start, match.start()):
                    continue
            found[match.group(match.lastindex or 0).strip()] = None
        for match in _WIKI.finditer(body):
            found[quote(" ".join(match.group(1).split()), safe="/")] = None
    if web and "<" in body:
        for match in _AUTOLINK.finditer(body):
            found[match.group(1)] = None
    for first, pattern in _OTHERS:
        if first in body:
            for match in pattern.finditer(body):
                found[match.group(1).strip()] = None
    found.pop("", None)
    return list(found) if web else [target for target in found if not is_web(target)]
