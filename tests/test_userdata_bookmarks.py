"""bookmarks.toml: round trip, changes, concurrent writers, crashes, bad files."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tomllib
from pathlib import Path

import pytest
from concurrency import kill_when_writing, run_at_once

from reader.safetext import for_terminal
from reader.userdata.bookmarks import Bookmark, BookmarkFile, bookmarks_path
from reader.userdata.tomlfile import UserDataError

ROOT = Path(__file__).resolve().parent.parent
STORE = "/home/someone/blogs/posts"
OTHER = "/srv/other-store"


def test_default_path_is_in_the_config_dir(isolated_dirs: Path) -> None:
    assert bookmarks_path() == isolated_dirs / ".config" / "reader" / "bookmarks.toml"
    assert BookmarkFile().path == bookmarks_path()


def test_empty_when_missing_and_nothing_written_by_reads(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    marks = BookmarkFile(path)
    assert marks.all() == []
    assert marks.ids(STORE) == frozenset()
    assert not path.exists()


def test_round_trip_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    first = BookmarkFile(path)
    added = first.add(STORE, "2016/generous", "Generous leadership", note="read again")
    first.add(OTHER, "hello", "Hello [bold]world[/bold]")
    assert added.added.tzinfo is not None and added.added.utcoffset() == dt.timedelta(0)

    document = tomllib.loads(path.read_text())
    assert document["version"] == 1
    assert document["bookmarks"][0] == {
        "store": STORE,
        "post_id": "2016/generous",
        "title": "Generous leadership",
        "added": added.added,
        "note": "read again",
    }
    assert "note" not in document["bookmarks"][1]  # TOML has no null: absent key

    again = BookmarkFile(path).all()
    assert set(again) == {
        added,
        Bookmark(OTHER, "hello", "Hello [bold]world[/bold]", again[0].added, None),
    }


def test_order_is_newest_first_and_per_store(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text(
        "version = 1\n"
        '[[bookmarks]]\nstore = "/a"\npost_id = "old"\ntitle = "Old"\n'
        "added = 2020-01-01T00:00:00Z\n"
        '[[bookmarks]]\nstore = "/b"\npost_id = "new"\ntitle = "New"\n'
        "added = 2024-01-01T00:00:00+02:00\n"
        '[[bookmarks]]\nstore = "/a"\npost_id = "mid"\ntitle = "Mid"\n'
        "added = 2022-06-01\n"
    )
    marks = BookmarkFile(path)
    assert [m.post_id for m in marks.all()] == ["new", "mid", "old"]
    assert [m.post_id for m in marks.for_store("/a")] == ["mid", "old"]
    assert marks.ids("/b") == frozenset({"new"})
    assert marks.all()[0].added == dt.datetime(2023, 12, 31, 22, 0, tzinfo=dt.UTC)


def test_same_second_ties_go_to_the_later_addition(tmp_path: Path) -> None:
    marks = BookmarkFile(tmp_path / "bookmarks.toml")
    for name in ("a", "b", "c"):
        marks.add(STORE, name, name.upper())
    assert [m.post_id for m in marks.for_store(STORE)] == ["c", "b", "a"]


def test_add_again_keeps_added_and_updates_note(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text(
        'version = 1\n[[bookmarks]]\nstore = "/a"\npost_id = "p"\ntitle = "Old title"\n'
        'added = 2020-01-01T00:00:00Z\nnote = "first"\n'
    )
    marks = BookmarkFile(path)
    again = marks.add("/a", "p", "New title")
    assert again.added == dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    assert again.note == "first"  # no note given: the old one stays
    assert again.title == "New title"
    assert marks.add("/a", "p", "New title", note="second").note == "second"
    assert marks.add("/a", "p", "New title", note="  ").note is None
    assert len(marks.all()) == 1


def test_remove_toggle_and_set_note(tmp_path: Path) -> None:
    marks = BookmarkFile(tmp_path / "bookmarks.toml")
    assert marks.toggle(STORE, "p", "P") is True
    assert marks.ids(STORE) == frozenset({"p"})
    marks.set_note(STORE, "p", "why I kept it")
    assert marks.get(STORE, "p") is not None
    assert marks.for_store(STORE)[0].note == "why I kept it"
    marks.set_note(STORE, "p", None)
    assert marks.for_store(STORE)[0].note is None
    marks.set_note(STORE, "absent", "x")  # no bookmark: no change, no error
    assert marks.ids(STORE) == frozenset({"p"})
    assert marks.toggle(STORE, "p", "P") is False
    assert marks.remove(STORE, "p") is False
    assert marks.all() == []


def test_a_second_object_sees_changes_made_by_the_first(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    one, two = BookmarkFile(path), BookmarkFile(path)
    assert two.all() == []  # cached empty
    one.add(STORE, "p", "P")
    assert two.ids(STORE) == frozenset({"p"})
    two.add(STORE, "q", "Q")
    assert one.ids(STORE) == frozenset({"p", "q"})  # merged, not overwritten


def test_hand_edited_text_is_made_safe(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text(
        'version = 1\n[[bookmarks]]\nstore = "/a"\npost_id = "p"\n'
        'title = "Evil \\u001b]52;c;aGk=\\u0007 title"\nadded = 2020-01-01T00:00:00Z\n'
    )
    (mark,) = BookmarkFile(path).all()
    assert "\x1b" not in mark.title and "\x07" not in mark.title


def _add_many(path: str, prefix: str, start: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    marks = BookmarkFile(Path(path))
    for number in range(50):
        marks.add(STORE, f"{prefix}/{number}", f"Post {prefix} {number}")


def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    run_at_once(_add_many, [(str(path), prefix) for prefix in ("left", "right")])
    expected = {f"{prefix}/{n}" for prefix in ("left", "right") for n in range(50)}
    assert BookmarkFile(path).ids(STORE) == expected
    assert len(tomllib.loads(path.read_text())["bookmarks"]) == 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.toml", "bookmarks.toml.lock"]


WRITER = """
import sys
from pathlib import Path
from reader.userdata.bookmarks import BookmarkFile
marks = BookmarkFile(Path(sys.argv[1]))
start = int(sys.argv[2])
note = "x" * 4000  # a bigger file: a wider window to be killed mid-write
for number in range(start, start + 100_000):
    marks.add("/store", f"post/{number}", f"Post {number}", note=note)
    if number == start:
        print("ready", flush=True)
"""


def test_a_writer_killed_mid_way_leaves_a_file_that_parses(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    chance = random.Random(4)
    seen = 0
    for round_number in range(5):
        argv = [sys.executable, "-c", WRITER, str(path), str(round_number * 100_000)]
        # A random moment, so the kill lands in different phases of a write.
        kill_when_writing(argv, environment, chance.uniform(0.0, 0.15))

        document = tomllib.loads(path.read_text())  # always a whole file
        warnings: list[str] = []
        count = len(BookmarkFile(path, warnings).all())
        assert warnings == []
        assert count == len(document["bookmarks"]) > seen  # nothing earlier was lost
        seen = count

    # The next write takes the lock (the dead writer's lock went with it) and
    # clears any temp file the kill left behind.
    BookmarkFile(path).add("/store", "after", "After")
    assert not list(tmp_path.glob(".bookmarks.toml.*"))
    assert len(BookmarkFile(path).all()) == seen + 1


def test_unparsable_file_is_moved_aside_not_erased(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    broken = 'version = 1\n[[bookmarks]]\nstore = "/a"\npost_id = p\n'
    path.write_text(broken)
    warnings: list[str] = []
    marks = BookmarkFile(path, warnings)
    assert marks.all() == []
    (aside,) = tmp_path.glob("bookmarks.toml.corrupt-*")
    assert aside.read_text() == broken
    assert warnings == [
        f"{path}: not valid TOML (line 4, column 11: Invalid value); moved aside to {aside}"
    ]
    # Life goes on with an empty set; the aside file is left alone.
    marks.add("/a", "q", "Q")
    assert marks.ids("/a") == frozenset({"q"})
    assert aside.read_text() == broken
    assert len(warnings) == 1


def test_truncated_file_reports_its_last_line(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text("version = 1\n[[bookmarks]]\nstore = ")
    warnings: list[str] = []
    BookmarkFile(path, warnings).all()
    assert "not valid TOML (line 3" in warnings[0]


def test_wrong_shape_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text("version = 1\nbookmarks = 3\n")
    warnings: list[str] = []
    assert BookmarkFile(path, warnings).all() == []
    assert "bookmarks: must be an array of tables" in warnings[0]
    assert "moved aside to" in warnings[0]
    assert not path.exists()


def test_a_bookmark_without_an_id_moves_the_file_aside(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text('version = 1\n[[bookmarks]]\nstore = "/a"\ntitle = "T"\n')
    warnings: list[str] = []
    marks = BookmarkFile(path, warnings)
    marks.add("/a", "x", "X")  # a write after a bad file: the bad one is kept aside
    assert "bookmark 1.post_id: must be a non-empty string" in warnings[0]
    assert len(list(tmp_path.glob("bookmarks.toml.corrupt-*"))) == 1
    assert marks.ids("/a") == frozenset({"x"})


def test_two_corruptions_in_the_same_second_keep_both_asides(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    for garbage in ("one = = 1", "two = = 2"):
        path.write_text(garbage)
        BookmarkFile(path, []).all()
    asides = sorted(tmp_path.glob("bookmarks.toml.corrupt-*"))
    assert sorted(p.read_text() for p in asides) == ["one = = 1", "two = = 2"]


def test_newer_version_is_read_but_never_written(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    original = (
        'version = 2\nshiny = "new"\n[[bookmarks]]\nstore = "/a"\npost_id = "p"\n'
        'title = "T"\nadded = 2020-01-01T00:00:00Z\n'
    )
    path.write_text(original)
    marks = BookmarkFile(path, [])
    assert marks.ids("/a") == frozenset({"p"})
    assert marks.read_only
    with pytest.raises(UserDataError, match="newer version of reader"):
        marks.add("/a", "q", "Q")
    assert path.read_text() == original


def test_newer_version_in_a_new_shape_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text("version = 3\nbookmarks = { by_store = {} }\n")
    warnings: list[str] = []
    assert BookmarkFile(path, warnings).all() == []
    assert "newer version of reader" in warnings[0]
    assert path.exists()  # not moved aside
    assert not list(tmp_path.glob("bookmarks.toml.corrupt-*"))


def test_an_unreachable_file_is_a_warning_to_read_and_an_error_to_write(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the config folder should be")
    warnings: list[str] = []
    marks = BookmarkFile(blocker / "bookmarks.toml", warnings)
    assert marks.all() == []
    assert marks.all() == []  # told once, not on every read
    assert warnings == [f"{blocker / 'bookmarks.toml'}: cannot read: Not a directory"]
    with pytest.raises(UserDataError, match="cannot"):
        marks.add("/a", "p", "P")
    assert blocker.read_text() == "a file where the config folder should be"

    folder_in_the_way = tmp_path / "bookmarks.toml"
    folder_in_the_way.mkdir()
    warnings.clear()
    marks = BookmarkFile(folder_in_the_way, warnings)
    assert marks.all() == []
    assert warnings == [f"{folder_in_the_way}: cannot read: it is a folder"]
    with pytest.raises(UserDataError, match="cannot read"):
        marks.add("/a", "p", "P")


def test_a_bad_file_that_cannot_be_moved_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.userdata import tomlfile

    def refuse(path: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tomlfile, "move_aside", refuse)
    path = tmp_path / "bookmarks.toml"
    path.write_text("not = = toml")
    warnings: list[str] = []
    marks = BookmarkFile(path, warnings)
    assert marks.all() == []
    assert warnings == [
        f"{path}: not valid TOML (line 1, column 7: Invalid value); could not move it aside "
        "(Permission denied); ignoring it"
    ]
    with pytest.raises(UserDataError, match="Permission denied"):
        marks.add("/a", "p", "P")
    assert path.read_text() == "not = = toml"  # never overwritten


def test_hand_edited_store_and_post_id_are_kept_and_shown_safe(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text(
        'version = 1\n[[bookmarks]]\nstore = "/a\\u001b]0;pwned\\u0007"\n'
        'post_id = "p\\u001b[2J"\nadded = 2020-01-01T00:00:00Z\n'
    )
    (mark,) = BookmarkFile(path).all()
    # The keys stay as written (they name the store and the post); what is
    # only shown is cleaned, and so is a key when it is shown.
    assert (mark.store, mark.post_id, mark.title) == (
        "/a\x1b]0;pwned\x07",
        "p\x1b[2J",
        "p\ufffd[2J",
    )
    assert for_terminal(mark.store) == "/a\ufffd]0;pwned\ufffd"


def test_keys_the_reader_does_not_know_survive_a_write(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text(
        'version = 1\nsync = "phone"\n\n[[bookmarks]]\nstore = "/a"\npost_id = "p"\n'
        'title = "P"\nadded = 2020-01-01T00:00:00Z\npriority = 3\n'
        "[bookmarks.colour]\nname = 'red'\n"
    )
    marks = BookmarkFile(path)
    marks.add("/a", "q", "Q")  # a change to another entry
    marks.set_note("/a", "p", "a note")  # and to this one
    document = tomllib.loads(path.read_text())
    assert document["sync"] == "phone"
    first, second = document["bookmarks"]
    assert (first["post_id"], first["priority"], first["colour"]) == ("p", 3, {"name": "red"})
    assert first["note"] == "a note"
    assert "priority" not in second
    marks.remove("/a", "q")
    assert tomllib.loads(path.read_text())["bookmarks"][0]["priority"] == 3
