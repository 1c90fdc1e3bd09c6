"""Facets (tags, sections, authors, years, drafts): stored, counted and filtered
alike by the index and the in-memory catalog; section pages are not posts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from facet_store import facet_store

from reader.catalog import FACET_GROUPS, Filter, Marks, MemoryCatalog
from reader.index import IndexCatalog, open_catalog
from reader.index.schema import SCHEMA_VERSION, database_path
from reader.store import POST_SUFFIXES, load_store
from reader.store_pages import section_pages

POSTS = {
    "releases/2024/one-point-oh",
    "releases/2023/zero-nine",
    "inside-rust/2024-01-10-compiler",
    "inside-rust/2022-12-31-late",
    "inside-rust/wip",
    "notes/bundle",
    "_posts/2020-02-02-jekyll",
    "2019/12/25/dated",
    "loose",
}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return facet_store(tmp_path / "store")


@pytest.fixture
def catalog(store: Path) -> IndexCatalog:
    found, problems = open_catalog(store)
    assert problems == []
    return found


def ids(catalog: IndexCatalog | MemoryCatalog, query: str = "", **kw: object) -> set[str]:
    selection = catalog.select(Filter(query=query, **kw), Marks())  # type: ignore[arg-type]
    return {row.id for row in selection.rows}


def test_section_pages_are_not_posts_and_title_their_sections(
    store: Path, catalog: IndexCatalog
) -> None:
    loaded = load_store(store)
    assert {post.id for post in loaded.posts} == POSTS == ids(catalog)
    titles = {"": "The Blog", "releases": "Releases", "inside-rust": "Inside Rust"}
    assert loaded.section_titles == titles
    assert catalog.section_titles() == titles
    # The bundle's folder holds only its images: its index.md is the post.
    assert catalog.summary("notes/bundle") is not None


def test_a_post_added_beside_a_bundle_turns_its_index_into_a_section_page(
    store: Path, catalog: IndexCatalog
) -> None:
    (store / "notes/bundle/second.md").write_text("# Second\n\nMore.\n", encoding="utf-8")
    catalog.refresh()
    assert "notes/bundle" not in ids(catalog)
    assert "notes/bundle/second" in ids(catalog)
    assert ids(catalog) == {post.id for post in load_store(store).posts}


def test_each_post_keeps_its_section_year_draft_and_summary(
    store: Path, catalog: IndexCatalog
) -> None:
    for post in load_store(store).posts:
        row = catalog.summary(post.id)
        assert row is not None
        assert (row.section, row.year, row.draft, row.summary) == (
            post.section,
            post.year,
            post.draft,
            post.summary,
        ), post.id
    late = catalog.summary("inside-rust/2022-12-31-late")
    assert late is not None and late.year == 2022  # as written, not in UTC
    wip = catalog.summary("inside-rust/wip")
    assert wip is not None and wip.draft
    compiler = catalog.summary("inside-rust/2024-01-10-compiler")
    assert compiler is not None and compiler.summary == "What changed."


@pytest.mark.parametrize("dense", [0, 10**9], ids=["values as bits", "values as rowids"])
def test_counts_of_every_group_follow_the_filter_like_the_memory_catalog(
    store: Path, catalog: IndexCatalog, dense: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every value kept as bits, then every value kept as a tuple of rowids
    # (as a rare tag is in a big store): both count alike.
    import reader.index.facets

    monkeypatch.setattr(reader.index.facets, "DENSE", dense)
    catalog.forget_cache()
    memory = MemoryCatalog(load_store(store).posts)
    for wanted in (
        Filter(),
        Filter(sections=("RELEASES",)),
        Filter(sections=("releases", "inside-rust")),
        Filter(exclude_sections=("inside-rust",)),
        Filter(authors=("ann lee",)),
        Filter(authors=("Ann Lee", "bo chen")),
        Filter(authors=("Ann Lee", "bo chen"), tag_mode="or"),
        Filter(exclude_authors=("cy dee",)),
        Filter(years=(2024,)),
        Filter(years=(2024, 2019)),
        Filter(exclude_years=(2024,)),
        Filter(tags=("release",), years=(2023,)),
        Filter(sections=("inside-rust",), exclude_authors=("Cy Dee",), sort="title"),
        Filter(query="words", sections=("releases",)),
    ):
        ours, theirs = catalog.select(wanted, Marks()), memory.select(wanted, Marks())
        assert [r.id for r in ours.rows] == [r.id for r in theirs.rows], wanted
        assert set(ours.facets) == set(theirs.facets) == set(FACET_GROUPS)
        for group in FACET_GROUPS:
            assert list(ours.facets[group]) == list(theirs.facets[group]), (wanted, group)
        assert list(ours.facets["tags"]) == list(ours.tag_counts)
    assert catalog.all_facets() == memory.all_facets()


def test_store_wide_counts(catalog: IndexCatalog) -> None:
    groups = catalog.all_facets()
    assert groups["sections"] == [("inside-rust", 3), ("releases", 2), ("notes", 1)]
    assert groups["years"] == [
        ("2024", 3),
        ("2023", 1),
        ("2022", 1),
        ("2021", 1),
        ("2020", 1),
        ("2019", 1),
    ]
    # Spellings that differ only in case are one value, counted and chosen as one.
    assert groups["authors"] == [("Ann Lee", 3), ("Bo Chen", 2), ("Cy Dee", 2)]
    assert ids(catalog, authors=("ANN LEE",)) == {
        "releases/2024/one-point-oh",
        "releases/2023/zero-nine",
        "_posts/2020-02-02-jekyll",
    }
    narrowed = catalog.select(Filter(sections=("releases",)), Marks()).facets
    assert list(narrowed["years"]) == [("2024", 1), ("2023", 1)]
    assert list(narrowed["sections"]) == [("releases", 2)]


def test_search_language_section_year_and_draft(catalog: IndexCatalog) -> None:
    assert ids(catalog, "section:RELEASES") == {
        "releases/2024/one-point-oh",
        "releases/2023/zero-nine",
    }
    assert ids(catalog, 'section:"Inside-Rust" -is:draft') == {
        "inside-rust/2024-01-10-compiler",
        "inside-rust/2022-12-31-late",
    }
    assert ids(catalog, "is:draft") == {"inside-rust/wip"}
    assert len(ids(catalog, "-is:draft")) == len(POSTS) - 1
    assert ids(catalog, "year:2022") == {"inside-rust/2022-12-31-late"}
    assert ids(catalog, "-year:2024 section:inside-rust") == {"inside-rust/2022-12-31-late"}
    assert ids(catalog, "section:notes OR year:2019") == {"notes/bundle", "2019/12/25/dated"}
    assert ids(catalog, "section:notes OR tag:RELEASE") == {
        "notes/bundle",
        "releases/2024/one-point-oh",
        "releases/2023/zero-nine",
    }
    # author: still matches a word of a name.
    assert ids(catalog, "author:lee") == {
        "releases/2024/one-point-oh",
        "releases/2023/zero-nine",
        "_posts/2020-02-02-jekyll",
    }
    assert ids(catalog, "section:nosuch") == set()
    assert ids(catalog, "-section:nosuch") == POSTS


def test_the_command_line_search_agrees(catalog: IndexCatalog) -> None:
    for query in ("section:releases", "year:2024 -is:draft", "section:notes OR year:2019"):
        found = {row.id for row, _ in catalog.search(query, Marks())}
        assert found == ids(catalog, query), query
        assert catalog.count(query, Marks()) == len(found)


def test_an_index_of_the_previous_schema_is_rebuilt(store: Path, catalog: IndexCatalog) -> None:
    catalog.close()
    with sqlite3.connect(database_path(store.resolve())) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.close()
    again, _ = open_catalog(store)
    assert ids(again) == POSTS
    assert again.all_facets()["sections"][0] == ("inside-rust", 3)


def test_a_redirect_page_is_not_a_post(tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    (root / "go12.md").write_text("---\nredirect: /blog/go1.2\n---\n", encoding="utf-8")
    (root / "old.md").write_text("---\nredirect_to: /new\n---\n\n \n", encoding="utf-8")
    (root / "moved.md").write_text(
        "---\nredirect: /elsewhere\n---\n\nThis page has words, so it is a post.\n",
        encoding="utf-8",
    )
    loaded = load_store(root)
    assert [post.id for post in loaded.posts] == ["moved"]
    assert loaded.problems == []
    catalog, problems = open_catalog(root)
    assert problems == [] and ids(catalog) == {"moved"}


@pytest.mark.parametrize(
    ("files", "pages"),
    [
        (["index.md"], set()),  # a store of one page: that page is its post
        (["index.md", "a.md"], {"index.md"}),
        (["a/index.md", "a/photo.md"], {"a/index.md"}),
        (["a/index.md", "a/b/c.md"], {"a/index.md"}),
        (["a/b/index.md", "a/c.md"], set()),  # a bundle beside a post
        (["a/index.MDX", "a/x.markdown", "b/index.md"], {"a/index.MDX"}),
    ],
)
def test_which_index_files_are_section_pages(files: list[str], pages: set[str]) -> None:
    assert section_pages(files, POST_SUFFIXES) == pages
