"""Load each store under ROOT and say how much of the blogs' metadata the reader found.

    python bench/real_stores.py /work/shared/real-stores

For every folder under ROOT: posts, posts with a date, the share of the
posts that carry a date somewhere which got one, the shares with at least
one tag, a section and an author, the share with at least one facet of any
kind (a tag, a section, an author or a year), the warnings, and the files
left out as pages, not posts (section pages, the repository's README and
kin, listing templates, redirects; `--pages` names them). Exits 1 when
a store misses a mark: every post that carries a date must be dated, 95 % of
the posts must have a facet to be found by, and valid files give no warnings.

Whether a post "carries a date" is decided here from the raw file, apart
from the reader's rules: a day in its path (`2016-09-13-x.md`,
`2020/12/21/x.md`, `2018/07/x/index.md`), or a line of its metadata (up to
the closing `---` or `+++`, or else the lines before the first blank one)
whose value holds a day (`2024-02-15`, `2024/02/15`,
`2024.02.15`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.model import LoadProblem, Post
from reader.store import load_store, read_file
from reader.store_pages import is_repository_document, lists_posts, not_posts
from reader.store_walk import POST_SUFFIXES, walk

_PATH_DAY = re.compile(r"(?:^|/)\d{4}-\d{1,2}-\d{1,2}(?:[-_ .]|$)|(?:^|/)\d{4}/\d{2}/")
_VALUE_DAY = re.compile(
    r"^[ \t]*[\"']?[\w -]+[\"']?[ \t]*[:=].*(?<!\d)\d{4}([-/.])\d{1,2}\1\d{1,2}(?!\d)"
)
_MAX_METADATA_LINES = 80

MARK_DATED = 100.0
"""Percent of the posts that carry a date which must be dated."""
MARK_FACETED = 95.0
"""Percent of the posts that must have a tag, a section, an author or a year."""


@dataclass
class Figures:
    """One store's row of the table."""

    name: str
    posts: int
    dated: int
    carrying: int
    dated_of_carrying: int
    tagged: int
    sectioned: int
    authored: int
    faceted: int
    warnings: int
    pages: list[tuple[str, str]]
    """Post files left out as pages, not posts."""

    def share(self, part: int, whole: int | None = None) -> float:
        whole = self.posts if whole is None else whole
        return 100.0 * part / whole if whole else 100.0

    @property
    def dated_share(self) -> float:
        return self.share(self.dated_of_carrying, self.carrying)

    @property
    def passes(self) -> bool:
        faceted = self.share(self.faceted) >= MARK_FACETED
        return self.dated_share >= MARK_DATED and faceted and self.warnings == 0


def carries_a_date(root: Path, post: Post) -> bool:
    """Whether the file names a day in its path or its metadata lines."""
    if _PATH_DAY.search(post.path):
        return True
    try:
        text = (root / post.path).read_text("utf-8", errors="replace")
    except OSError:
        return False
    lines = text.lstrip("\ufeff").split("\n", _MAX_METADATA_LINES + 1)[:_MAX_METADATA_LINES]
    fenced = bool(lines) and lines[0].strip() in ("---", "+++")
    for line in lines[1:] if fenced else lines:
        if line.strip() in ("---", "+++", "...") or (not fenced and not line.strip()):
            break
        if _VALUE_DAY.search(line):
            return True
    return False


def has_a_facet(post: Post) -> bool:
    """Whether a sidebar group could find the post: a tag, section, author or year."""
    return bool(post.tags or post.section or post.authors or post.year is not None)


def pages_of(folder: Path) -> list[tuple[str, str]]:
    """The post files of the store that are pages, as (path, kind): by their
    name, before any is read, or by what they say once read."""
    rels = [found[1] for found in walk(folder) if not isinstance(found, LoadProblem)]
    by_name = not_posts(rels, POST_SUFFIXES)
    pages = [
        (rel, "repository document" if is_repository_document(rel) else "section page")
        for rel in by_name
    ]
    for rel in rels:
        if rel in by_name:
            continue
        if read_file(folder / rel, rel) == (None, []):  # read, but quietly no post
            text = (folder / rel).read_text("utf-8", errors="replace")
            pages.append((rel, "listing" if lists_posts(text) else "redirect"))
    return sorted(pages)


def measure(folder: Path) -> Figures:
    """Load one store and count what its posts carry."""
    contents = load_store(folder)
    posts = contents.posts
    carrying = [post for post in posts if carries_a_date(contents.root, post)]
    return Figures(
        name=folder.name,
        posts=len(posts),
        dated=sum(post.date is not None for post in posts),
        carrying=len(carrying),
        dated_of_carrying=sum(post.date is not None for post in carrying),
        tagged=sum(bool(post.tags) for post in posts),
        sectioned=sum(bool(post.section) for post in posts),
        authored=sum(bool(post.authors) for post in posts),
        faceted=sum(has_a_facet(post) for post in posts),
        warnings=len(contents.problems),
        pages=pages_of(folder),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a folder whose sub-folders are stores")
    parser.add_argument("--problems", action="store_true", help="print every warning")
    parser.add_argument("--pages", action="store_true", help="name the files left out as pages")
    args = parser.parse_args(argv)

    folders = sorted(path for path in args.root.iterdir() if path.is_dir())
    header = (
        f"{'store':<20} {'posts':>6} {'dated':>6} {'has':>6} {'dated/has':>10} "
        f"{'tag':>6} {'section':>8} {'author':>7} {'faceted':>8} {'warnings':>9} {'pages':>6}"
    )
    print(header)
    print("-" * len(header))
    failed = False
    for folder in folders:
        row = measure(folder)
        failed |= not row.passes
        print(
            f"{row.name:<20} {row.posts:>6} {row.dated:>6} {row.carrying:>6} "
            f"{row.dated_share:>9.1f}% {row.share(row.tagged):>5.1f}% "
            f"{row.share(row.sectioned):>7.1f}% {row.share(row.authored):>6.1f}% "
            f"{row.share(row.faceted):>7.1f}% {row.warnings:>9} {len(row.pages):>6}"
            f"{'' if row.passes else '  <- under the mark'}"
        )
        if args.problems:
            for problem in load_store(folder).problems:
                print(f"    {problem}")
        if args.pages:
            kinds = Counter(kind for _, kind in row.pages)
            if kinds:
                print("    " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
            for page, kind in row.pages:
                if kind != "redirect":
                    print(f"    {kind}: {page}")
    print(
        "\nhas: posts that carry a date somewhere; "
        "faceted: a tag, a section, an author or a year; pages: files left out, not posts;\n"
        f"marks: dated/has (dated, of those) {MARK_DATED:.0f}%, faceted {MARK_FACETED:.0f}%,"
        " warnings 0"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
