"""The view's state and its transitions, without a screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from app_stores import post

from reader.catalog import CatalogError, Filter, ListRows, Marks, MemoryCatalog
from reader.model import Post
from reader.tui.listing import make_listing
from reader.tui.session import Session, next_sort, with_query
from reader.userdata.bookmarks import Bookmark

POSTS = (
    post("a", "Alpha", 1, ("x", "y"), "trust and leaders"),
    post("b", "Beta", 2, ("y",), "trust only"),
    post("c", "Gamma", 3, ("x", "z")),
)
CATALOG = MemoryCatalog(POSTS)


def bookmark(post_id: str, title: str, note: str | None = None, day: int = 1) -> Bookmark:
    added = dt.datetime(2024, 1, day, tzinfo=dt.UTC)
    return Bookmark(store="s", post_id=post_id, title=title, added=added, note=note)


def ids(session: Session, keep: str | None = None) -> list[str]:
    return [row.id for row in session.query(CATALOG, keep).selection.rows]


def test_a_new_search_sorts_by_relevance_and_clearing_it_goes_back_to_newest() -> None:
    session = Session().next_sort()  # oldest first
    assert session.wanted.sort == "oldest"
    searching = session.with_query("trust")
    assert searching.wanted.sort == "relevance"
    # More words of the same search keep the order the user chose.
    assert searching.next_sort().with_query("trust lead").wanted.sort == "date"
    assert searching.with_query("").wanted.sort == "date"


def test_the_sort_cycle_offers_relevance_only_while_searching() -> None:
    seen = []
    wanted = Filter()
    for _ in range(4):
        wanted = next_sort(wanted)
        seen.append(wanted.sort)
    assert seen == ["oldest", "title", "date", "oldest"]
    wanted = with_query(Filter(), "trust")
    seen = []
    for _ in range(4):
        wanted = next_sort(wanted)
        seen.append(wanted.sort)
    assert seen == ["date", "oldest", "title", "relevance"]


def test_choosing_a_tag_drops_the_other_tags_exclusions_and_bookmarks_scope() -> None:
    session = Session().add_tag("x").exclude_tag("z").toggle_bookmarks()
    assert session.wanted.tags == ("x",) and session.wanted.exclude_tags == ("z",)
    assert session.wanted.bookmarked_only
    chosen = session.choose_tag("y")
    assert chosen.wanted == Filter(tags=("y",))


def test_adding_and_excluding_a_tag_take_it_out_of_the_other_list() -> None:
    session = Session().add_tag("x").add_tag("y")
    assert session.wanted.tags == ("x", "y")
    excluded = session.exclude_tag("x")
    assert excluded.wanted.tags == ("y",) and excluded.wanted.exclude_tags == ("x",)
    back = excluded.add_tag("x")
    assert back.wanted.tags == ("y", "x") and back.wanted.exclude_tags == ()
    assert back.add_tag("x").wanted.tags == ("y",)  # Space again takes it out.


def test_all_posts_clears_the_sidebar_but_keeps_the_search_and_mode() -> None:
    session = Session().with_query("trust").toggle_mode().add_tag("x").toggle_bookmarks()
    cleared = session.choose_all()
    assert cleared.wanted == Filter(query="trust", tag_mode="or", sort="relevance")


def test_the_sidebar_says_only_its_part_of_the_filter() -> None:
    session = Session().with_query("trust")
    stale = Filter(query="", tags=("x",), sort="title")  # What the sidebar last saw.
    taken = session.with_sidebar(stale)
    assert taken.wanted == Filter(query="trust", tags=("x",), sort="relevance")


def test_tag_mode_decides_how_tags_combine() -> None:
    both = Session().add_tag("x").add_tag("y")
    assert ids(both) == ["a"]
    assert ids(both.toggle_mode()) == ["c", "b", "a"]


def test_a_jump_clears_the_filter_and_puts_the_cursor_on_the_post() -> None:
    session = Session().toggle_mode().add_tag("z").with_query("gamma")
    jumping = session.jump_to("b")
    assert jumping.wanted == Filter(tag_mode="or") and jumping.pending_jump == "b"
    listing = jumping.query(CATALOG, keep="a")
    assert listing.selection.rows[listing.cursor].id == "b"
    # Without a jump the cursor stays on the post it was on.
    listing = Session().query(CATALOG, keep="a")
    assert listing.selection.rows[listing.cursor].id == "a"


def test_bookmarks_list_in_the_order_saved_with_missing_ones_and_notes() -> None:
    marks = Marks(bookmarked=frozenset({"a", "c", "gone"}))
    saved = (
        bookmark("c", "Gamma", day=3),
        bookmark("gone", "A lost post", note="keep this", day=2),
        bookmark("a", "Alpha", day=1),
    )
    session = Session().with_user(marks, saved).toggle_bookmarks()
    assert session.sort_label == "by date saved"
    listing = session.query(CATALOG)
    assert [row.id for row in listing.selection.rows] == ["c", "gone", "a"]
    assert listing.missing == {"gone"} and listing.notes == {"gone": "keep this"}
    assert listing.saved_order
    # Sorted by title, the bookmarks are a plain filter: no missing posts.
    by_title = session.next_sort().next_sort()
    assert by_title.sort_label == "by title"
    assert ids(by_title) == ["a", "c"]


def test_what_needs_a_new_query() -> None:
    session = Session()
    assert session.with_query("x").needs_query(session)
    assert not session.mark_read("a").needs_query(session)  # Only restyles rows.
    bookmarked = session.with_user(Marks(bookmarked=frozenset({"a"})), (bookmark("a", "Alpha"),))
    assert bookmarked.needs_query(session)
    # A note shows in the Bookmarks list only.
    noted = bookmarked.with_user(bookmarked.marks, (bookmark("a", "Alpha", note="n"),))
    assert not noted.needs_query(bookmarked)
    in_list = bookmarked.toggle_bookmarks()
    assert in_list.with_user(in_list.marks, noted.bookmarks).needs_query(in_list)


def test_posts_read_meanwhile_stay_read_when_the_user_data_is_read_again() -> None:
    session = Session().mark_read("b")
    reread = session.with_user(Marks(read=frozenset({"a"})), ())
    assert reread.marks.read == {"a", "b"}


def test_a_scroll_waits_in_the_session_until_taken() -> None:
    session = Session().note_scroll("a", 120).note_scroll("a", 300)
    rest, pending = session.take_scroll()
    assert pending == ("a", 300) and rest.pending_scroll is None
    assert rest.take_scroll()[1] is None


def test_the_query_is_parsed_once_by_the_catalog_and_handed_to_the_app() -> None:
    listing = Session().with_query('lead* "trust and"').query(CATALOG)
    plan = listing.selection.plan
    assert plan.prefix_terms == {"lead"}
    assert listing.selection.terms  # The words to highlight.


def test_rows_find_a_post_without_a_scan_each_time() -> None:
    rows = ListRows(POSTS)
    assert rows.index_of("c") == 2 and rows.index_of("nope") is None
    assert rows.is_loaded(0)
    listing = make_listing(CATALOG.select(Filter(), Marks()), Filter(), (), "b")
    assert listing.cursor == 1 and listing.loaded


def test_the_index_answers_the_same_rows_protocol(store: Path) -> None:
    from reader.index import open_catalog

    catalog, _ = open_catalog(store)
    try:
        session = Session().add_tag("leadership")
        listing = session.query(catalog, keep="funding-futures")
        rows = listing.selection.rows
        assert [row.id for row in rows] == [
            "quiet-leaders",
            "change-from-within",
            "funding-futures",
            "generous-leadership",
        ]
        assert rows.index_of("funding-futures") == listing.cursor == 2
        assert rows.index_of("politics-of-giving") is None  # In the store, not listed.
        assert rows.is_loaded(0)  # Read ahead around the cursor.
        plan = session.with_query("lead*").query(catalog).selection.plan
        assert plan.prefix_terms == {"lead"}
    finally:
        catalog.close()


def test_a_broken_index_answers_with_the_catalogs_own_error(store: Path) -> None:
    from reader.index import open_catalog

    catalog, _ = open_catalog(store)
    catalog.close()  # Every query now fails in SQLite.
    with pytest.raises(CatalogError):
        Session().with_query("trust").query(catalog)


# --- facet groups besides tags ---------------------------------------------------------


def test_enter_on_a_section_clears_every_other_choice() -> None:
    from reader.tui.session import choose_value

    wanted = Filter(tags=("x",), exclude_authors=("Ann",), years=(2020,), bookmarked_only=True)
    chosen = choose_value(wanted, "sections", "releases")
    assert chosen.sections == ("releases",)
    assert (chosen.tags, chosen.exclude_authors, chosen.years) == ((), (), ())
    assert not chosen.bookmarked_only


def test_space_adds_an_author_and_x_excludes_a_year_keeping_the_rest() -> None:
    session = Session().choose_value("sections", "releases")
    session = session.add_value("authors", "Ann").add_value("authors", "Bo")
    session = session.exclude_value("years", "2019")
    wanted = session.wanted
    assert wanted.sections == ("releases",)
    assert wanted.authors == ("Ann", "Bo")
    assert wanted.exclude_years == (2019,)
    # Space again takes a value out; x on a chosen value moves it to the excluded ones.
    wanted = session.add_value("authors", "Ann").exclude_value("authors", "Bo").wanted
    assert wanted.authors == () and wanted.exclude_authors == ("Bo",)
    # x again stops excluding; Space on an excluded value chooses it.
    assert session.exclude_value("years", "2019").wanted.exclude_years == ()
    rechosen = session.add_value("years", "2019").wanted
    assert rechosen.years == (2019,) and rechosen.exclude_years == ()


def test_all_posts_clears_every_group() -> None:
    session = Session().add_value("sections", "a").exclude_value("years", "2020").add_tag("x")
    assert session.choose_all().wanted == Filter()


def test_the_sidebar_part_carries_every_group() -> None:
    typed = Session().with_query("trust")
    chosen = Session().add_value("authors", "Ann").exclude_value("sections", "s").wanted
    wanted = typed.with_sidebar(chosen).wanted
    assert wanted.query == "trust"
    assert wanted.authors == ("Ann",) and wanted.exclude_sections == ("s",)


def test_opening_a_group_queries_again_and_shutting_one_does_not() -> None:
    start = Session().with_open("authors", True)
    assert Session().open_groups == {"tags"}  # the others wait until they are opened
    shut = start.with_open("authors", False)
    assert "authors" not in shut.open_groups and not shut.needs_query(start)
    opened = shut.with_open("authors", True)
    assert "authors" in opened.open_groups and opened.needs_query(shut)


def facet_post(post_id: str, year: int, authors: tuple[str, ...]) -> Post:
    return Post(
        id=post_id,
        path=f"{post_id}.md",
        title=post_id,
        date=dt.date(year, 1, 1),
        authors=authors,
        body="text",
    )


FACET_CATALOG = MemoryCatalog(
    (
        facet_post("news/a", 2020, ("Ann",)),
        facet_post("news/b", 2021, ("Bo",)),
        facet_post("notes/c", 2021, ("Ann",)),
    ),
    section_titles={"news": "The News"},
)


def test_open_groups_are_counted_in_the_store_order_and_shut_ones_are_not() -> None:
    session = Session().choose_value("sections", "notes")
    session = session.with_open("sections", True).with_open("authors", True)
    listing = session.query(FACET_CATALOG)
    groups = {group.group: group for group in listing.groups}
    assert set(groups) == {"sections", "authors", "years"}
    sections = groups["sections"]
    # The store's order (news has two posts) with the counts of the answer, 0 kept.
    assert sections.values == (("news", 0), ("notes", 1)) and sections.counted
    assert sections.labels == {"news": "The News"}
    assert groups["authors"].values == (("Ann", 1), ("Bo", 0))
    years = groups["years"]
    assert not years.counted and years.values == (("2021", 2), ("2020", 1))


def test_a_group_with_one_value_is_left_out() -> None:
    one_author = MemoryCatalog((facet_post("a", 2020, ("Ann",)), facet_post("b", 2021, ("Ann",))))
    groups = [group.group for group in Session().query(one_author).groups]
    assert groups == ["years"]
