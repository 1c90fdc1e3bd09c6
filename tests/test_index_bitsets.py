"""Sets of posts as bits, and the per-word sets kept between searches: the same
answers as sets of integers, and never an answer from before the index changed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from index_helpers import write_post

from reader.catalog import Filter, Marks
from reader.index import IndexCatalog, open_catalog
from reader.index.bitsets import Members, Ordering, bits_of, flags_of
from reader.index.terms import TermSets


def test_bits_flags_orderings_and_members_agree_with_sets() -> None:
    rng = random.Random(7)
    size = 3000
    for share in (0.0, 0.001, 0.3, 0.9, 1.0):
        chosen = {r for r in range(1, size) if rng.random() < share}
        bits = bits_of(chosen, size)
        assert bits.bit_count() == len(chosen)
        flags = flags_of(bits, size)
        assert len(flags) == size
        assert {r for r in range(size) if flags[r]} == chosen
        order = list(range(1, size))
        rng.shuffle(order)
        assert Ordering(order).keep(flags) == [r for r in order if r in chosen]
        some = rng.sample(range(1, size), 40)
        assert Members(some).count_in(flags) == len(chosen.intersection(some))
    assert Ordering([5]).keep(flags_of(bits_of([5], 6), 6)) == [5]
    assert Ordering([5]).keep(flags_of(0, 6)) == []
    assert Members([4]).count_in(flags_of(bits_of([4], 6), 6)) == 1


def test_term_sets_load_once_forget_and_keep_the_most_recent() -> None:
    loads: list[str] = []

    def load(expression: str) -> int:
        loads.append(expression)
        return len(expression)

    terms = TermSets(kept=2)
    assert terms.get("a", load) == 1
    assert terms.get("a", load) == 1
    assert loads == ["a"]
    terms.get("bb", load)
    terms.get("a", load)  # used again: "bb" is now the oldest
    terms.get("ccc", load)
    assert len(terms) == 2
    terms.get("a", load)
    terms.get("bb", load)
    assert loads == ["a", "bb", "ccc", "bb"]
    terms.forget()
    assert len(terms) == 0
    terms.get("a", load)
    assert loads[-1] == "a"


def _found(catalog: IndexCatalog, query: str) -> set[str]:
    selection = catalog.select(Filter(query=query, sort="relevance"), Marks())
    return {row.id for row in selection.rows}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "store"
    write_post(root, "one.md", "One", "A lantern in the window.", tags=("light",))
    write_post(root, "two.md", "Two", "A lantern and a candle.", tags=("light",))
    write_post(root, "three.md", "Three", "Only a candle.", tags=("wax",))
    return root


def test_a_refresh_that_adds_or_removes_matching_posts_is_seen(store: Path) -> None:
    catalog, _ = open_catalog(store)
    assert _found(catalog, "lantern") == {"one", "two"}
    assert _found(catalog, "lantern candle") == {"two"}
    assert _found(catalog, "candle -lantern") == {"three"}
    write_post(store, "four.md", "Four", "A lantern, a candle, a wick.", tags=("wax",))
    catalog.refresh()
    assert _found(catalog, "lantern") == {"one", "two", "four"}
    assert _found(catalog, "lantern candle") == {"two", "four"}
    (store / "one.md").unlink()
    (store / "three.md").unlink()
    catalog.refresh()
    assert _found(catalog, "lantern") == {"two", "four"}
    assert _found(catalog, "candle -lantern") == set()
    selection = catalog.select(Filter(query="lantern"), Marks())
    assert dict(selection.tag_counts) == {"light": 1, "wax": 1}


def test_another_process_changing_the_index_is_seen(store: Path) -> None:
    catalog, _ = open_catalog(store)
    assert _found(catalog, "lantern") == {"one", "two"}
    other = IndexCatalog.open(store)
    (store / "two.md").unlink()
    write_post(store, "five.md", "Five", "Lantern light.", tags=("light",))
    other.refresh()
    other.close()
    # The same connection, untouched by this catalog: only data_version tells.
    assert _found(catalog, "lantern") == {"one", "five"}
    assert len(catalog.select(Filter(tags=("light",)), Marks()).rows) == 2
    assert {r.id for r in catalog.select(Filter(tags=("light",)), Marks()).rows} == {
        "one",
        "five",
    }


def test_a_prefix_and_a_longer_word_are_cached_apart(store: Path) -> None:
    catalog, _ = open_catalog(store)
    assert _found(catalog, "lan*") == {"one", "two"}
    assert _found(catalog, "lan") == set()
    assert _found(catalog, "lantern") == {"one", "two"}


def test_a_refresh_that_finds_nothing_keeps_what_was_read(store: Path) -> None:
    catalog, _ = open_catalog(store)
    assert _found(catalog, "lantern") == {"one", "two"}
    kept = catalog._terms  # the word sets of this state of the index
    assert len(kept) == 1
    catalog.refresh()
    assert len(kept) == 1  # nothing changed: the next search reads nothing again
    write_post(store, "six.md", "Six", "No such word here.")
    catalog.refresh()
    assert len(kept) == 0
    assert _found(catalog, "lantern") == {"one", "two"}


def test_an_index_in_memory_forgets_on_its_own_changes(store: Path) -> None:
    # One connection writes and reads: no data_version moves, the refresh tells.
    catalog = IndexCatalog.in_memory(store)
    catalog.refresh()
    assert _found(catalog, "lantern") == {"one", "two"}
    write_post(store, "seven.md", "Seven", "Another lantern.")
    catalog.refresh()
    assert _found(catalog, "lantern") == {"one", "two", "seven"}
