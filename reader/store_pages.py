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
    return section_pages(rels, suffixes) | {rel for rel in rels if is_repository_document(rel)}


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
