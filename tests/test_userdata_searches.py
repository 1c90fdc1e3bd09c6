"""searches.toml: saved searches and the history of recent searches."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.userdata.searches import HISTORY_LIMIT, SavedSearch, SearchFile, searches_path


def test_default_path_is_in_the_config_dir(isolated_dirs: Path) -> None:
    assert searches_path() == isolated_dirs / ".config" / "reader" / "searches.toml"


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    first = SearchFile(path)
    first.save("Leadership", "tag:leadership")
    first.save("Charity", '"big lottery"')
    first.remember("one")
    first.remember("two")
    assert tomllib.loads(path.read_text()) == {
        "version": 1,
        "history": ["two", "one"],
        "saved": [
            {"name": "Leadership", "query": "tag:leadership"},
            {"name": "Charity", "query": '"big lottery"'},
        ],
    }
    again = SearchFile(path)
    assert again.saved() == [
        SavedSearch("Leadership", "tag:leadership"),
        SavedSearch("Charity", '"big lottery"'),
    ]
    assert again.history() == ["two", "one"]


def test_save_replaces_by_name_and_delete(tmp_path: Path) -> None:
    searches = SearchFile(tmp_path / "searches.toml")
    searches.save("a", "first")
    searches.save("b", "other")
    searches.save("a", "second")
    assert searches.saved() == [SavedSearch("a", "second"), SavedSearch("b", "other")]
    assert searches.delete("a") is True
    assert searches.delete("a") is False
    assert searches.saved() == [SavedSearch("b", "other")]
    with pytest.raises(ValueError):
        searches.save("  ", "q")


def test_history_is_newest_first_without_duplicates_and_capped(tmp_path: Path) -> None:
    searches = SearchFile(tmp_path / "searches.toml")
    searches.remember("   ")  # blank: ignored
    assert not (tmp_path / "searches.toml").exists()
    for number in range(60):
        searches.remember(f"query {number}")
    searches.remember("  query 30  ")  # an existing entry moves to the front
    history = searches.history()
    assert len(history) == HISTORY_LIMIT
    assert history[0] == "query 30"
    assert history.count("query 30") == 1
    assert history[1:4] == ["query 59", "query 58", "query 57"]
    assert "query 9" not in history  # the oldest fell off


def test_hand_edited_history_is_tidied(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text('version = 1\nhistory = ["a", "b", "a", "", "c"]\n')
    assert SearchFile(path).history() == ["a", "b", "c"]


def test_two_objects_merge_rather_than_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    one, two = SearchFile(path), SearchFile(path)
    one.history()
    two.history()
    one.remember("from one")
    two.remember("from two")
    one.save("mine", "x")
    two.save("yours", "y")
    assert SearchFile(path).history() == ["from two", "from one"]
    assert [s.name for s in SearchFile(path).saved()] == ["mine", "yours"]


def test_corrupt_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text('version = 1\nhistory = ["a", 3]\n')
    warnings: list[str] = []
    searches = SearchFile(path, warnings)
    assert searches.history() == []
    assert "history: must be an array of strings" in warnings[0]
    (aside,) = tmp_path.glob("searches.toml.corrupt-*")
    assert aside.read_text() == 'version = 1\nhistory = ["a", 3]\n'
    searches.remember("fresh")
    assert SearchFile(path).history() == ["fresh"]


def test_keys_the_reader_does_not_know_survive_a_write(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text(
        'version = 1\nhistory = ["old"]\npinned = ["Leadership"]\n\n'
        '[[saved]]\nname = "Leadership"\nquery = "tag:leadership"\ncolour = "blue"\n'
    )
    searches = SearchFile(path)
    searches.remember("new")
    searches.save("Leadership", "tag:leadership -brexit")  # a new query, same entry
    searches.save("Other", "other")
    document = tomllib.loads(path.read_text())
    assert document["pinned"] == ["Leadership"]
    assert document["history"] == ["new", "old"]
    assert document["saved"] == [
        {"name": "Leadership", "query": "tag:leadership -brexit", "colour": "blue"},
        {"name": "Other", "query": "other"},
    ]
