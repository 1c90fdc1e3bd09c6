"""Stored totals (facet counts, the number of posts) and the first page of a
big list read before its whole order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from index_helpers import sample_store, write_post

from reader.catalog import FACET_GROUPS, Filter, Marks
from reader.index import IndexCatalog, open_catalog
from reader.index import totals as stored_totals
from reader.index.bitsets import Ordering, bits_of, flags_of
from reader.index.matching import Ranks, in_order
from reader.index.rows import HEAD_ROWS, LazyRows, PagedOrder
from reader.index.schema import connect, database_path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store")


def counted(store: Path) -> dict[str, list[tuple[str, int]]]:
    """Every group's totals counted from the rows by a fresh catalog that
    is kept from the stored ones."""
    catalog = IndexCatalog.open_existing(store)
    assert catalog is not None
    catalog._facets.stored_fresh = lambda: False  # type: ignore[method-assign]
    try:
        return catalog.all_facets()
    finally:
        catalog.close()


def stored_rows(store: Path) -> dict[str, dict[str, int]]:
    conn = connect(database_path(store.resolve()))
    try:
        found: dict[str, dict[str, int]] = {}
        for group, value, posts in conn.execute("SELECT * FROM facet_totals"):
            found.setdefault(group, {})[str(value)] = posts
        return found
    finally:
        conn.close()


def test_a_build_stores_the_totals_the_rows_give(store: Path) -> None:
    catalog, _ = open_catalog(store)
    rows = stored_rows(store)
    assert rows["posts"] == {"": 6}
    assert rows["tags"] == {
        "leadership": 2, "value": 1, "governance": 1, "Leadership": 1, "funding": 1,
        "politics": 1,
    }  # fmt: skip
    assert catalog._facets.stored_fresh()
    assert catalog.all_facets() == counted(store)
    assert catalog.total() == 6


def test_stored_totals_stay_right_after_refreshes_that_add_and_remove(store: Path) -> None:
    catalog, _ = open_catalog(store)
    write_post(store, "2020/new.md", "Zebra crossings", "A zebra.", tags=("roads", "value"))
    (store / "2019/politics.md").unlink()
    catalog.refresh()
    assert stored_rows(store)["tags"]["roads"] == 1
    assert stored_rows(store)["tags"]["value"] == 2
    assert "politics" not in stored_rows(store)["tags"]
    assert catalog.all_facets() == counted(store)
    assert catalog.select(Filter(), Marks()).total == 6
    # A changed post (removed and added again) and a rebuild.
    write_post(store, "2020/new.md", "Zebra crossings", "A zebra.", tags=("roads",))
    catalog.refresh()
    assert ("value", 1) in catalog.all_tags()
    catalog.refresh(rebuild=True)
    assert catalog.all_facets() == counted(store)
    assert stored_rows(store)["posts"] == {"": 6}


def test_the_catalog_reads_the_stored_totals_while_their_stamp_holds(store: Path) -> None:
    open_catalog(store)[0].close()
    conn = connect(database_path(store.resolve()))
    with conn:
        conn.execute("UPDATE facet_totals SET posts = 99 WHERE grp = 'tags' AND value = 'funding'")
    catalog = IndexCatalog.open_existing(store)
    assert catalog is not None
    assert ("funding", 99) in catalog.all_tags()  # read, not counted
    # A writer that knows nothing of the totals (an older reader) adds a
    # post: the stamp no longer holds, and the rows are counted.
    with conn:
        conn.execute("DELETE FROM post_tags WHERE tag = 'funding'")
        conn.execute("DELETE FROM posts WHERE id = '2018/funding'")
        conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'tombstones'")
    conn.close()
    catalog.forget_cache()
    assert not catalog._facets.stored_fresh()
    assert "funding" not in dict(catalog.all_tags())
    assert catalog.total() == 5
    # The next refresh stores them again.
    catalog.refresh()
    assert catalog._facets.stored_fresh()
    assert catalog.all_facets() == counted(store)


def test_an_index_without_the_table_is_counted_then_given_one(store: Path) -> None:
    open_catalog(store)[0].close()
    conn = connect(database_path(store.resolve()))
    conn.execute("DROP TABLE facet_totals")
    conn.close()
    catalog = IndexCatalog.open_existing(store)
    assert catalog is not None
    assert not catalog._facets.stored_fresh()
    assert dict(catalog.all_tags())["leadership"] == 3  # both spellings
    assert stored_totals.store(catalog._conn) is True
    catalog.forget_cache()
    assert catalog._facets.stored_fresh()
    assert set(catalog.all_facets()) == set(FACET_GROUPS)


def test_a_refresh_that_changes_nothing_writes_nothing(store: Path) -> None:
    catalog, _ = open_catalog(store)
    conn = connect(database_path(store.resolve()))
    try:
        assert stored_totals.store(conn) is False
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'totals'")
        conn.commit()
        assert stored_totals.store(conn) is True
    finally:
        conn.close()
    assert catalog.all_facets() == counted(store)


@pytest.fixture
def big_store(tmp_path: Path) -> Path:
    root = tmp_path / "big"
    for n in range(HEAD_ROWS + 60):
        day = f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}"
        tags = ("even",) if n % 2 == 0 else ("odd",)
        write_post(root, f"p/{n:04d}.md", f"Post {n}", "words", date=day, tags=tags)
    return root


def test_the_first_list_reads_one_page_until_more_is_asked(big_store: Path) -> None:
    catalog, _ = open_catalog(big_store)
    catalog.forget_cache()
    rows = catalog.select(Filter(), Marks()).rows
    assert isinstance(rows, LazyRows) and isinstance(rows.rowids, PagedOrder)
    assert len(rows) == HEAD_ROWS + 60
    assert rows.rowids.known(0) and not rows.rowids.known(HEAD_ROWS)
    assert not rows.is_loaded(HEAD_ROWS + 10)
    assert "date" not in catalog._orders  # nothing past the page was read
    whole = catalog._rowids("SELECT rowid AS value FROM posts ORDER BY date_key DESC, id DESC")
    assert list(rows.rowids[:HEAD_ROWS]) == whole[:HEAD_ROWS]
    last = rows[-1]
    assert rows.index_of(last.id) == len(whole) - 1
    assert list(rows.rowids) == whole
    oldest = catalog.select(Filter(sort="oldest"), Marks()).rows
    assert [row.id for row in oldest] == [row.id for row in rows][::-1]


def test_a_big_selection_lists_its_first_page_then_the_rest(big_store: Path) -> None:
    catalog, _ = open_catalog(big_store)
    rows = catalog.select(Filter(tags=("even",)), Marks()).rows
    everything = [row for row in catalog.select(Filter(), Marks()).rows]
    assert [row.id for row in rows] == [row.id for row in everything if "even" in row.tags]
    assert rows.index_of("p/0000") is not None and rows.index_of("p/0001") is None


def test_a_big_answer_is_ordered_a_page_first_and_whole_when_read() -> None:
    size = HEAD_ROWS * 20
    base = Ordering(random.Random(3).sample(range(size), size))
    keep = bits_of(range(0, size, 2), size)
    rowids = in_order(base, keep, None, size)
    assert isinstance(rowids, PagedOrder) and not rowids.known(HEAD_ROWS)
    expected = base.keep(flags_of(keep, size))
    with pytest.raises(ValueError):
        rowids.index(1)  # not chosen: known without the whole order
    with pytest.raises(ValueError):
        rowids.index(size + 5)  # a post added since
    assert not rowids.known(HEAD_ROWS)
    assert len(rowids) == len(expected)
    assert rowids[:HEAD_ROWS] == expected[:HEAD_ROWS]
    assert rowids.index(expected[-1]) == len(expected) - 1
    assert list(rowids) == expected


def test_a_paged_order_read_after_a_change_keeps_its_length() -> None:
    shorter = PagedOrder([5, 4], 4, lambda: [5, 4, 3])
    assert list(shorter) == [5, 4, 3, 0]  # rowid 0: no post, shown as gone
    longer = PagedOrder([5], 2, lambda: [5, 4, 3])
    assert list(longer) == [5, 4] and longer[-1] == 4


def test_an_orderings_head_is_the_start_of_what_it_keeps() -> None:
    chance = random.Random(7)
    for _ in range(50):
        size = chance.randrange(1, 3000)
        order = Ordering(chance.sample(range(size), size))
        chosen = {rowid for rowid in range(size) if chance.random() < chance.random()}
        flags = flags_of(bits_of(chosen, size), size)
        wanted = chance.randrange(1, 500)
        assert order.head(flags, wanted, len(chosen)) == order.keep(flags)[:wanted]


def _ordered_the_long_way(base: Ordering, keep: int, ranks: Ranks, size: int) -> list[int]:
    """The relevance order as a walk of the whole order and a stable sort."""
    scores, ranked = ranks
    if ranked is None:
        rowids = base.keep(flags_of(keep, size))
        return sorted(rowids, key=scores.__getitem__)
    first = sorted(base.keep(flags_of(ranked & keep, size)), key=scores.__getitem__)
    return first + base.keep(flags_of(keep & ~ranked, size))


def test_an_answer_by_relevance_is_the_order_of_a_walk_and_a_stable_sort() -> None:
    chance = random.Random(11)
    for _ in range(40):
        size = chance.randrange(2, HEAD_ROWS * 6)
        live = chance.sample(range(1, size), chance.randrange(1, size - 1))
        base = Ordering(live)
        keep = bits_of((r for r in live if chance.random() < 0.6), size)
        matched = [r for r in range(size) if keep >> r & 1 or chance.random() < 0.1]
        # Few distinct scores: many ties, which must stay in the list's order.
        scores = {r: -float(chance.randrange(4)) for r in matched}
        titles = {r: s for r, s in scores.items() if chance.random() < 0.3}
        for ranks in ((scores, None), (titles, bits_of(titles, size))):
            got = in_order(base, keep, ranks, size)
            assert list(got) == _ordered_the_long_way(base, keep, ranks, size)
