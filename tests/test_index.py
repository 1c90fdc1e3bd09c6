"""The search index: building, querying through the Catalog protocol, ranking."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from index_helpers import sample_store, write_post

from reader.catalog import Filter, Marks, MemoryCatalog
from reader.index import IndexCatalog, open_catalog
from reader.store import load_store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store")


@pytest.fixture
def catalog(store: Path) -> IndexCatalog:
    found, problems = open_catalog(store)
    assert problems == []
    return found


NO_MARKS = Marks()


def ids(catalog: IndexCatalog, query: str = "", marks: Marks = NO_MARKS, **kw: object) -> list[str]:
    selection = catalog.select(Filter(query=query, **kw), marks)  # type: ignore[arg-type]
    return [row.id for row in selection.rows]


def test_lists_every_post_newest_first_like_the_store(store: Path, catalog: IndexCatalog) -> None:
    loaded = load_store(store).posts
    selection = catalog.select(Filter(), Marks())
    assert [row.id for row in selection.rows] == [post.id for post in loaded]
    assert list(selection.rows) == [
        # The summaries equal the loaded posts' summaries field by field.
        type(selection.rows[0])(**{f: getattr(p, f) for f in selection.rows[0].__slots__})
        for p in loaded
    ]
    assert selection.total == 6
    assert selection.rows[0].date == dt.date(2019, 3, 3)
    assert selection.rows[-1].id == "notes/undated"
    assert "2018/funding" in [row.id for row in selection.rows]  # bundle id


def test_tag_counts_and_sidebar_match_the_memory_catalog(
    store: Path, catalog: IndexCatalog
) -> None:
    memory = MemoryCatalog(load_store(store).posts)
    marks = Marks(bookmarked=frozenset({"2016/generous", "2015/old", "gone/post"}))
    for wanted in (
        Filter(),
        Filter(tags=("leadership",)),
        Filter(tags=("leadership", "value")),
        Filter(tags=("leadership", "funding"), tag_mode="or"),
        Filter(exclude_tags=("leadership",)),
        Filter(bookmarked_only=True),
        Filter(sort="title"),
        Filter(sort="oldest"),
        Filter(tags=("leadership",), query="leadership", sort="oldest"),
    ):
        ours, theirs = catalog.select(wanted, marks), memory.select(wanted, marks)
        assert [r.id for r in ours.rows] == [r.id for r in theirs.rows], wanted
        assert list(ours.tag_counts) == list(theirs.tag_counts), wanted
        assert ours.bookmarked_total == theirs.bookmarked_total == 2
    assert catalog.all_tags() == memory.all_tags()


def test_words_phrases_prefixes_and_exclusions(catalog: IndexCatalog) -> None:
    assert set(ids(catalog, "leadership")) == {"2016/generous", "2017/charity", "2019/politics"}
    assert ids(catalog, "leadership power", sort="date") == ["2019/politics", "2016/generous"]
    assert ids(catalog, '"new york"') == ["2017/charity"]
    assert set(ids(catalog, "york new")) == {"2017/charity", "2018/funding"}
    assert set(ids(catalog, "fund*")) == {"2016/generous", "2018/funding"}
    assert ids(catalog, "leadership -politics -charities", sort="date") == ["2016/generous"]
    assert ids(catalog, "cafe") == ["2018/funding"]  # accents do not matter
    assert set(ids(catalog, "politics OR charities")) == {"2019/politics", "2017/charity"}


def test_filters(catalog: IndexCatalog) -> None:
    assert set(ids(catalog, "tag:LEADERSHIP")) == {
        "2016/generous",
        "2017/charity",
        "2019/politics",
    }
    assert ids(catalog, "tag:leadership -tag:value tag:politics") == ["2019/politics"]
    assert ids(catalog, "author:austwick") == ["2016/generous"]
    assert ids(catalog, 'author:"liam russell"') == ["2017/charity"]
    assert ids(catalog, "after:2017 before:2018-06-02", sort="date") == [
        "2018/funding",
        "2017/charity",
    ]
    assert ids(catalog, "before:2015-01") == ["notes/undated"]
    assert ids(catalog, "tag:nosuchtag") == []
    assert ids(catalog, "tag:funding OR tag:value", sort="date") == [
        "2018/funding",
        "2016/generous",
    ]


def test_marks(catalog: IndexCatalog) -> None:
    marks = Marks(
        bookmarked=frozenset({"2016/generous", "2018/funding"}),
        read=frozenset({"2016/generous", "2017/charity", "2015/old", "notes/undated"}),
    )
    assert ids(catalog, "is:bookmarked", marks, sort="date") == ["2018/funding", "2016/generous"]
    assert ids(catalog, "is:unread", marks, sort="date") == ["2019/politics", "2018/funding"]
    assert ids(catalog, "is:bookmarked -is:unread", marks) == ["2016/generous"]
    assert ids(catalog, "leadership is:unread", marks) == ["2019/politics"]


def test_a_title_match_outranks_a_body_match(tmp_path: Path) -> None:
    root = tmp_path / "ranked"
    # The body match is newer and says the word more often: the title still wins.
    write_post(root, "body.md", "Notes", "Lottery lottery lottery funding.", date="2020-01-01")
    write_post(root, "title.md", "Lottery reform", "Some funding notes.", date="2010-01-01")
    for n in range(8):
        write_post(root, f"other{n}.md", f"Other {n}", "Unrelated text.", date="2015-01-01")
    catalog, _ = open_catalog(root)
    selection = catalog.select(Filter(query="lottery", sort="relevance"), Marks())
    assert [row.id for row in selection.rows] == ["title", "body"]
    assert [row.id for row, _ in catalog.search("lottery", Marks())] == ["title", "body"]


def test_huge_answers_rank_title_matches_first_then_newest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.index.queries

    root = tmp_path / "huge"
    write_post(root, "title-old.md", "Lottery reform", "Some notes.", date="2010-01-01")
    write_post(root, "title-new.md", "Lottery", "The lottery again.", date="2012-01-01")
    for year in (2014, 2020, 2017):
        write_post(
            root, f"body{year}.md", "Notes", "Lottery lottery lottery.", date=f"{year}-01-01"
        )
    catalog, _ = open_catalog(root)
    wanted = Filter(query="lottery", sort="relevance")
    full = [row.id for row in catalog.select(wanted, Marks()).rows]
    assert full[:2] == ["title-new", "title-old"] or full[:2] == ["title-old", "title-new"]
    monkeypatch.setattr(reader.index.matching, "FULL_RANK_LIMIT", 3)
    catalog.close()
    catalog, _ = open_catalog(root)
    rows = [row.id for row in catalog.select(wanted, Marks()).rows]
    assert set(rows[:2]) == {"title-new", "title-old"}
    assert rows[2:] == ["body2020", "body2017", "body2014"]


def test_equal_scores_rank_newest_first(tmp_path: Path) -> None:
    root = tmp_path / "ties"
    for n, year in enumerate((2012, 2019, 2015)):
        write_post(root, f"p{n}.md", "Same title", "Same body text.", date=f"{year}-01-01")
    catalog, _ = open_catalog(root)
    rows = catalog.select(Filter(query="same", sort="relevance"), Marks()).rows
    assert [row.date.year for row in rows] == [2019, 2015, 2012]  # type: ignore[union-attr]


def test_selection_reports_terms_and_counts(catalog: IndexCatalog) -> None:
    selection = catalog.select(
        Filter(query='leadership "big lottery" -pressure tag:value'), Marks()
    )
    assert selection.terms == ("leadership", "big", "lottery")
    assert [row.id for row in selection.rows] == ["2016/generous"]
    assert list(selection.tag_counts) == [("leadership", 1), ("value", 1)]
    assert selection.total == 6


def test_post_reads_the_body_from_the_file(store: Path, catalog: IndexCatalog) -> None:
    post = catalog.post("2016/generous")
    assert post is not None and post.body.startswith("Dawn Austwick is Chief Executive")
    assert catalog.post("nope") is None
    assert catalog.summary("2018/funding") is not None
    assert sorted(catalog.ids()) == sorted(p.id for p in load_store(store).posts)


def test_lazy_rows_behave_like_a_list(catalog: IndexCatalog) -> None:
    rows = catalog.select(Filter(), Marks()).rows
    listed = list(rows)
    assert rows[-1] == listed[-1] and rows[1:3] == listed[1:3] and len(rows) == 6
    with pytest.raises(IndexError):
        rows[6]


def test_problem_files_are_reported_on_every_open(store: Path) -> None:
    (store / "empty.md").write_text("", encoding="utf-8")
    write_post(store, "2016/generous.markdown", "Same id", "Twin.")
    _, problems = open_catalog(store)
    reasons = sorted(str(problem) for problem in problems)
    assert any(r.startswith("empty.md: empty file") for r in reasons)
    # Same rule as the store: the first file in name order keeps the id.
    assert any(r.startswith("2016/generous.md: id '2016/generous' already used") for r in reasons)
    # Not read again, still reported.
    catalog, again = open_catalog(store)
    assert sorted(str(p) for p in again) == reasons
    assert catalog.total() == 6
