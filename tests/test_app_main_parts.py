"""The main screen's parts that work without a screen: worker bodies, user changes,
what the panes show, and the article's render batches."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from app_stores import post
from textual.message import Message

from reader.catalog import Filter, MemoryCatalog
from reader.tui import changes
from reader.tui.article_batches import render_batches
from reader.tui.article_matches import Matches
from reader.tui.article_render import ArticleStyles
from reader.tui.loading import MemoryLoader
from reader.tui.saved_view import view_of
from reader.tui.screens import main_view, main_work
from reader.tui.screens.opening import StoreOpener
from reader.tui.screens.reports import (
    Failed,
    GroupsRead,
    IndexRefreshed,
    ListingReady,
    Notice,
    StoreOpened,
    UserDataChanged,
)
from reader.tui.session import Session
from reader.tui.userstate import UserState, UserView
from reader.tui.widgets.article import ArticleData

POSTS = (
    post("a", "Alpha", 1, ("x",), "trust and leaders"),
    post("b", "Beta", 2, ("x", "y"), "trust only"),
    post("c", "Gamma", 3, ("y",)),
)


def test_the_query_worker_answers_the_session_and_reads_the_tags_when_asked() -> None:
    catalog = MemoryCatalog(POSTS)
    session = Session().with_query("trust")
    report = main_work.query(catalog, session, None, tags=True)
    assert isinstance(report, ListingReady)
    assert report.session is session
    assert sorted(row.id for row in report.listing.selection.rows) == ["a", "b"]
    assert report.all_tags is not None and dict(report.all_tags) == {"x": 2, "y": 2}
    quiet = main_work.query(catalog, session, None, tags=False)
    assert isinstance(quiet, ListingReady) and quiet.all_tags is None


def test_the_first_list_is_sent_before_the_sidebar_groups_are_read(tmp_path: Path) -> None:
    posts = (
        replace(post("a", "Alpha", 1), authors=("Ann",)),
        replace(post("b", "Beta", 2), authors=("Bo",), date=dt.date(2021, 3, 4)),
    )
    sent: list[Message] = []

    def record(message: Message) -> None:
        sent.append(message)
        if isinstance(message, StoreOpened) and message.painted is not None:
            message.painted.set()  # As the screen does once it has drawn the list.

    loader = MemoryLoader(tmp_path, MemoryCatalog(posts))
    StoreOpener(tmp_path, loader, record).run(Session)
    assert [type(message) for message in sent][:3] == [StoreOpened, GroupsRead, IndexRefreshed]
    opened, groups = sent[0], sent[1]
    assert isinstance(opened, StoreOpened) and isinstance(groups, GroupsRead)
    assert opened.listing.groups == ()
    # The groups go with that first answer, and only with it.
    assert groups.listing.selection is opened.listing.selection
    assert [group.group for group in groups.listing.groups] == ["authors", "years"]
    assert not any(group.counted for group in groups.listing.groups)  # Folded: not counted.


def test_a_failed_query_is_reported_in_one_line(store: Path) -> None:
    from reader.index import open_catalog

    catalog, _ = open_catalog(store)
    catalog.close()  # Every query now fails in SQLite.
    report = main_work.query(catalog, Session(), None, tags=False)
    assert isinstance(report, Failed) and report.text.startswith("The search failed: ")


def test_every_post_is_listed_for_the_palette_newest_first() -> None:
    assert [row.id for row in main_work.all_posts(MemoryCatalog(POSTS))] == ["c", "b", "a"]


def test_a_bookmark_is_saved_said_and_shown_again(tmp_path: Path) -> None:
    user = UserState(tmp_path)
    try:
        added = main_work.change_user_data(user, changes.toggle_bookmark("a", "Alpha"))
        assert [type(report) for report in added] == [Notice, UserDataChanged]
        assert isinstance(added[0], Notice) and added[0].text == "Bookmarked: Alpha"
        shown = added[1]
        assert isinstance(shown, UserDataChanged) and shown.view is not None
        assert shown.view.marks.bookmarked == frozenset({"a"})
        removed = main_work.change_user_data(user, changes.toggle_bookmark("a", "Alpha"))
        assert isinstance(removed[0], Notice) and removed[0].text == "Bookmark removed: Alpha"
        assert user.view().marks.bookmarked == frozenset()
    finally:
        user.close()


def test_a_quiet_change_is_saved_without_reading_everything_again(tmp_path: Path) -> None:
    user = UserState(tmp_path)
    try:
        reports = main_work.change_user_data(user, changes.mark_read("b"))
        assert len(reports) == 1
        assert isinstance(reports[0], UserDataChanged) and reports[0].view is None
        assert "b" in user.view().marks.read
    finally:
        user.close()


def test_a_change_that_cannot_be_saved_says_what_failed(tmp_path: Path) -> None:
    user = UserState(tmp_path)
    user.close()
    change = changes.set_note("a", "Alpha", "")

    def refuse(state: UserState) -> None:
        raise OSError(28, "No space left on device")

    reports = main_work.change_user_data(user, changes.UserChange(refuse, change.failure))
    assert len(reports) == 1 and isinstance(reports[0], Failed)
    assert reports[0].text.startswith("The note was not saved: ")


def test_saving_and_deleting_a_search_say_so_at_once() -> None:
    assert (
        changes.save_search("mine", "trust", view_of(Filter(query="trust"))).said
        == "Saved the search as “mine”"
    )
    assert changes.delete_search("mine").said == "Deleted the saved search “mine”"
    assert changes.remember("trust").said is None


def test_a_query_answer_shows_its_rows_counts_and_tags(tmp_path: Path) -> None:
    catalog = MemoryCatalog(POSTS)
    session = Session().with_query("trust")
    listing = session.query(catalog)
    article = ArticleData(POSTS[0])
    shown = main_view.shown_for(listing, session, (("x", 2), ("y", 2)), (), article, tmp_path)
    assert shown.listing is listing
    assert shown.sidebar.wanted == session.wanted and shown.sidebar.total == 3
    assert dict(shown.sidebar.tags) == {"x": 2, "y": 1}
    # The article shown is marked for the new search.
    assert shown.article.post is POSTS[0] and shown.article.terms == ("trust",)
    assert "2" in shown.counts


def test_a_store_without_posts_says_so_in_the_list_and_the_article(tmp_path: Path) -> None:
    listing = Session().query(MemoryCatalog(()))
    shown = main_view.shown_for(listing, Session(), (), (), ArticleData(), tmp_path)
    assert shown.listing.status == f"No Markdown files found in {tmp_path}."
    assert shown.article.empty_text == shown.listing.status
    none_match = Session().with_query("zzqqxx")
    answer = none_match.query(MemoryCatalog(POSTS))
    shown = main_view.shown_for(answer, none_match, (), (), ArticleData(), tmp_path)
    assert shown.article.empty_text == "No posts match."


def test_a_new_note_reaches_the_article_and_the_same_note_changes_nothing(
    tmp_path: Path,
) -> None:
    article = ArticleData(POSTS[0], note=None, scroll=3.0)
    assert main_view.with_note(article, UserView()) is article
    user = UserState(tmp_path)
    try:
        main_work.change_user_data(user, changes.set_note("a", "Alpha", "read again"))
        view = user.view()
    finally:
        user.close()
    noted = main_view.with_note(article, view)
    # The note is drawn in the header: the reader stays where they are, not at the saved place.
    assert (noted.note, noted.scroll, noted.post) == ("read again", None, POSTS[0])
    assert main_view.with_note(noted, view) is noted


def test_an_article_is_built_from_what_was_read() -> None:
    found = (POSTS[1], 12.0, "")
    article = main_view.article_of(found, ("trust",), frozenset(), (), "mine")
    assert (article.post, article.terms, article.note, article.scroll) == (
        POSTS[1],
        ("trust",),
        "mine",
        12.0,
    )
    gone = main_view.article_of((None, None, "gone"), (), frozenset(), (), None)
    assert gone.post is None and gone.empty_text == "gone"


def test_a_long_post_comes_in_batches_the_first_at_once_the_last_complete() -> None:
    body = "\n\n".join(f"Paragraph {n} " + "word " * 40 for n in range(2_000))
    long_post = post("long", "Long", 1, body=body)
    batches = list(render_batches(long_post, None, 60, ArticleStyles(), lambda: False))
    assert batches[0].first and not any(batch.first for batch in batches[1:])
    assert batches[-1].last and not any(batch.last for batch in batches[:-1])
    plain = [line for batch in batches for line in batch.plain]
    assert plain[0].startswith("Long")
    assert any(line.startswith("Paragraph 1999") for line in plain)
    assert all(len(batch.lines) == len(batch.plain) == len(batch.offsets) for batch in batches)


def test_a_cancelled_render_stops_without_a_last_batch() -> None:
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    body = "\n\n".join(f"Paragraph {n}" for n in range(5_000))
    batches = list(
        render_batches(post("p", "P", 1, body=body), None, 60, ArticleStyles(), cancelled)
    )
    assert len(batches) == 1 and batches[0].first and not batches[0].last


def test_n_goes_to_the_first_match_below_the_top_then_round_and_n_back() -> None:
    matches = Matches()
    matches.reset([2, 2, 10, 30])
    assert matches.subtitle(searching=True, complete=True) == "4 matches · n/N"
    assert matches.step(1, top=5) == 10 and matches.index == 2
    assert matches.subtitle(searching=True, complete=True) == "match 3 of 4 · n/N"
    assert matches.step(1, top=5) == 30
    assert matches.step(1, top=5) == 2 and matches.index == 0  # round to the first
    matches.reset([2, 2, 10, 30])
    assert matches.step(-1, top=5) == 2 and matches.index == 1  # the last one above
    assert matches.subtitle(searching=False, complete=True) == ""


def test_the_second_match_of_a_line_is_current_and_a_wrapped_phrase_carries_over() -> None:
    matches = Matches()
    matches.reset([2, 2, 3])
    matches.step(1, top=0)
    matches.step(1, top=0)
    assert matches.marks_at(2) == (1, False, True)
    # The current match is the last of line 2: a phrase split by the wrap goes on in line 3.
    assert matches.marks_at(3) == (None, True, True)
    assert matches.marks_at(5) == (None, False, False)


def test_a_count_for_an_older_scan_is_dropped_and_a_partial_one_says_plus() -> None:
    matches = Matches()
    matches.reset([], counting=True)
    scan = matches.scan
    assert matches.subtitle(searching=True, complete=True) == "0+ matches"
    matches.reset([], counting=True)
    assert not matches.counted(scan, [1, 2])
    assert matches.counted(matches.scan, [1, 2, 3])
    assert matches.subtitle(searching=True, complete=False) == "3+ matches · n/N"
    assert matches.subtitle(searching=True, complete=True) == "3 matches · n/N"
