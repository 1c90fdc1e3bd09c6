"""The walk handed out as it goes (`StatWalk`, `PostFilter`): the same posts,
in the same order, as telling pages apart once the whole walk is known."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.store_pages import PostFilter, is_repository_document, may_be_section_page
from reader.store_walk import POST_SUFFIXES, StatWalk, stat_store, walk_key

_NAMES = st.sampled_from(
    ["index.md", "index.mdx", "index.MD", "a.md", "b.markdown", "README.md", "z.md"]
)
_FOLDERS = st.sampled_from(["", "a", "a/b", "a/b/c", "b", "index.md.d", "a/index"])
_TREES = st.lists(st.tuples(_FOLDERS, _NAMES), max_size=14).map(
    lambda pairs: sorted({f"{folder}/{name}" if folder else name for folder, name in pairs})
)


def _pages_by_definition(rels: list[str]) -> set[str]:
    """Straight from the rule: an `index` file is a page when another post
    file lies in its folder, at any depth, other than the folder's own index
    files; the repository's documents at the top are never posts."""
    pages = {rel for rel in rels if is_repository_document(rel)}
    for rel in rels:
        if not may_be_section_page(rel, POST_SUFFIXES):
            continue
        folder = rel.rpartition("/")[0]
        inside = [
            other
            for other in rels
            if other != rel and (not folder or other.startswith(folder + "/"))
        ]
        own = [
            other
            for other in inside
            if other.rpartition("/")[0] == folder and may_be_section_page(other, POST_SUFFIXES)
        ]
        if len(inside) > len(own):
            pages.add(rel)
    return pages


@settings(max_examples=400, deadline=None)
@given(_TREES)
def test_the_filter_keeps_what_the_rule_keeps_in_walk_order(rels: list[str]) -> None:
    in_walk_order = sorted(rels, key=walk_key)
    posts = PostFilter[str](POST_SUFFIXES)
    kept: list[str] = []
    for rel in in_walk_order:
        kept.extend(posts.feed(rel, rel))
    kept.extend(posts.end())
    pages = _pages_by_definition(rels)
    assert kept == [rel for rel in in_walk_order if rel not in pages]


def _write(root: Path, rel: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\ntitle: x\n---\n\nWords.\n", encoding="utf-8")


def test_the_chunks_are_the_stores_files_in_walk_order(tmp_path: Path) -> None:
    rels = [
        "README.md",
        "index.md",
        "2020/a.md",
        "2020/index.md",
        "2020/trip/index.md",
        "2020/trip/index.mdx",
        "2021/b.md",
        "2021/notes/index.md",
        "2021/notes/deep/c.md",
        "solo/index.md",
    ]
    for rel in rels:
        _write(tmp_path, rel)
    walker = StatWalk(tmp_path)
    chunks = list(walker.chunks(2))
    files, problems = stat_store(tmp_path)
    handed = [stat for chunk in chunks for stat in chunk]
    assert handed == files == walker.files and problems == walker.problems == []
    assert [rel for rel, _, _ in files] == [
        "2020/a.md",
        "2020/trip/index.md",
        "2020/trip/index.mdx",
        "2021/b.md",
        "2021/notes/deep/c.md",
        "solo/index.md",
    ]
    assert [len(chunk) for chunk in chunks] == [2, 2, 2]
    assert walker.posts_found == len(files)
