"""Files of a store that are pages, not posts, and are not listed.

Told by their place and name, before any is read (`not_posts`):
- a section page describes a listing: Hugo's and Zola's `_index.md`
  (never walked), and the `index.md` of a folder that holds other posts (a
  Next.js blog's top page, Hugo's home page). A folder of one post and its
  images is a page bundle, and its `index.md` is the post;
- the repository's own documents at the store's top: `README.md`,
  `LICENSE.md`, `CONTRIBUTING.md`, `CHANGELOG.md` and their kin, which say
  how to work on the blog, not what it says.

Told by what they say, once read (`is_page`):
- a redirect page only sends readers to a post's new address;
- a listing page is a template that lists the site's posts (the Go blog's
  `all.md`: `{{range newest (pages "/blog/*.md")}}`; Jekyll's
  `{% for post in site.posts %}`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Generic, TypeVar

from reader.model import Post

Item = TypeVar("Item")


def may_be_section_page(rel_path: str, suffixes: tuple[str, ...]) -> bool:
    """Whether a file is named as a section page is (`index` with a post suffix):
    whether it is one depends on the other files (`section_pages`)."""
    name = rel_path.rpartition("/")[2]
    # Most names are not `index.*`: the cheap test first (it runs per file).
    if not name.startswith("index."):
        return False
    stem, suffix = posixpath.splitext(name)
    return stem == "index" and suffix.lower() in suffixes


def _within(rel_path: str, folder: str) -> bool:
    """Whether a path lies in a folder, at any depth ('' is the store)."""
    return not folder or rel_path.startswith(folder + "/")


class PostFilter(Generic[Item]):
    """The posts among a walk's post files, told as the walk goes: section
    pages and the repository's documents left out (`not_posts`).

    Fed the files in walk order (`store_walk.walk_key`), each with an item
    to hand back, it hands back the posts' items in the same order. An
    `index` file waits until the walk shows whether its folder holds other
    post files, which the files of that folder and its subfolders, coming
    together in walk order, say at once: the next file inside the folder
    makes it a page, the first one outside makes it a post (at its own place
    in walk order, as nothing came between). An index file does not hold its
    own folder: `a/b/index.md` holds `a`, not `a/b`.
    """

    def __init__(self, suffixes: tuple[str, ...]) -> None:
        self._suffixes = suffixes
        self._held: list[Item] = []
        self._held_in = ""
        self._previous: str | None = None

    def feed(self, rel_path: str, item: Item) -> list[Item]:
        """The items now known to be posts, this file's or a held one's."""
        posts: list[Item] = []
        folder = rel_path.rpartition("/")[0]
        index = may_be_section_page(rel_path, self._suffixes)
        if self._held:
            if not _within(rel_path, self._held_in):
                posts.extend(self._held)
            elif index and folder == self._held_in:
                self._held.append(item)  # `index.md` and `index.mdx`: one fate
                self._previous = rel_path
                return posts
            self._held.clear()
        previous, self._previous = self._previous, rel_path
        if index:
            # A file before it inside its folder (its own index files being
            # pages then too) already makes it a page.
            if previous is None or not _within(previous, folder):
                self._held.append(item)
                self._held_in = folder
        elif not is_repository_document(rel_path):
            posts.append(item)
        return posts

    @property
    def holding(self) -> int:
        """How many files wait for the walk to say whether they are posts."""
        return len(self._held)

    def end(self) -> list[Item]:
        """Call when the walk is done: the held items, which are posts."""
        posts, self._held = self._held, []
        return posts


def _kept(rel_paths: list[str], suffixes: tuple[str, ...]) -> set[str]:
    """The posts among these paths, given in any order."""
    posts = PostFilter[str](suffixes)
    kept: set[str] = set()
    for rel in sorted(rel_paths, key=lambda rel: rel.split("/")):
        kept.update(posts.feed(rel, rel))
    kept.update(posts.end())
    return kept


def section_pages(rel_paths: Iterable[str], suffixes: tuple[str, ...]) -> set[str]:
    """The files among these that are section pages, not posts: the `index`
    file (with one of the post `suffixes`) of a folder, the store's own
    included, that holds other post files."""
    rels = list(rel_paths)
    kept = _kept(rels, suffixes)
    return {rel for rel in rels if rel not in kept and may_be_section_page(rel, suffixes)}


REPOSITORY_DOCUMENTS = frozenset(
    {
        "readme",
        "license",
        "licence",
        "copying",
        "contributing",
        "changelog",
        "changes",
        "history",
        "code_of_conduct",
        "code-of-conduct",
        "security",
        "authors",
        "contributors",
        "maintainers",
        "support",
    }
)
"""Stems (any case) of a repository's documents, not posts at the store's top."""


def is_repository_document(rel_path: str) -> bool:
    """Whether a file is one of the repository's documents: `README.md` at the store's top."""
    if "/" in rel_path:
        return False
    stem = posixpath.splitext(rel_path)[0].lower()
    return stem in REPOSITORY_DOCUMENTS


def not_posts(rel_paths: Iterable[str], suffixes: tuple[str, ...]) -> set[str]:
    """The post files among these that are no posts by their place and name:
    section pages and the repository's documents."""
    rels = list(rel_paths)
    kept = _kept(rels, suffixes)
    return {rel for rel in rels if rel not in kept}


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


_LISTING = re.compile(
    # Go templates and Hugo: {{range (pages "/blog/*.md")}}, {{ range .Pages }}, .Paginator…
    r"\{\{-?\s*range\b[^}]*(?:\bpages\b|\.(?:Regular)?Pages\b|\.Paginator\b)"
    # Liquid and Nunjucks: {% for post in site.posts %}, paginator.posts, collections.post
    r"|\{%-?\s*for\s+\w+\s+in\s+(?:site\.(?:posts|pages|categories|tags)|paginator\.|collections\.)"
)


_FENCE = re.compile(r"^[ ]{0,3}(?:```|~~~)", re.MULTILINE)


def is_listing(post: Post) -> bool:
    """Whether a page is a template listing the site's posts (an archive, a home page)."""
    return lists_posts(post.body)


def lists_posts(body: str) -> bool:
    """Whether Markdown holds a template loop over the site's posts.

    The loop must be the page's own, not an example in its code: a post
    about templates that shows one in a code block is still a post.
    """
    if "{" not in body:
        return False
    return any(_outside_code(body, match.start()) for match in _LISTING.finditer(body))


def _outside_code(body: str, at: int) -> bool:
    """Whether `at` is outside fenced, indented and inline code (roughly: fences
    counted from the top, backticks counted on the line)."""
    if len(_FENCE.findall(body, 0, at)) % 2:
        return False
    line_start = body.rfind("\n", 0, at) + 1
    before = body[line_start:at]
    indent = len(before) - len(before.lstrip(" "))
    return indent < 4 and before.count("`") % 2 == 0


def is_page(post: Post) -> bool:
    """Whether a file read as a post is a page instead: a redirect or a listing.
    It is left out quietly, as the walk leaves out section pages."""
    return is_redirect(post) or is_listing(post)
