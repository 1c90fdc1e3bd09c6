"""The user's files when something is wrong with them: each fails alone, no
file is hung on, written through to a device, or rewritten under another key,
and a full disk is told in one line."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import threading
import tomllib
from pathlib import Path

import pytest

from reader.cli import main
from reader.fileio import UnsafeTarget, write_atomic
from reader.postfile import NotRegular, read_limited
from reader.tui.userstate import UserState
from reader.userdata.bookmarks import BookmarkFile, bookmarks_path
from reader.userdata.config import load_config
from reader.userdata.errors import UserDataError, save_failure
from reader.userdata.paths import store_key
from reader.userdata.readstate import ReadState, ReadStateError, readstate_path
from reader.userdata.searches import SearchFile

POST = """+++
title = "Quiet leaders"
date = 2016-09-13
+++

A post about quiet leaders.
"""


def make_store(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quiet-leaders.md").write_text(POST, encoding="utf-8")
    return folder


def other_schema(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE post_state (path TEXT, opened INTEGER)")
    db.execute("INSERT INTO post_state VALUES ('x', 1)")
    db.commit()
    db.close()


def folder_in_place(path: Path) -> None:
    path.mkdir(parents=True)


# --- 1. an unusable reading state hides nothing ---------------------------------------


@pytest.mark.parametrize("spoil", [folder_in_place, other_schema], ids=["folder", "schema"])
def test_an_unusable_reading_state_still_shows_every_bookmark(
    tmp_path: Path, spoil: object
) -> None:
    store = make_store(tmp_path / "posts")
    BookmarkFile().add(store_key(store), "quiet-leaders", "Quiet leaders", note="keep")
    SearchFile().save("mine", "leaders")
    spoil(readstate_path())  # type: ignore[operator]
    user = UserState(store)
    view = user.view()
    assert [mark.post_id for mark in view.bookmarks] == ["quiet-leaders"]
    assert view.marks.bookmarked == {"quiet-leaders"}
    assert view.marks.read == frozenset()  # every post counts as unread
    assert [saved.name for saved in view.saved] == ["mine"]
    (warning,) = user.take_warnings()
    assert str(readstate_path()) in warning
    # Reading again, opening a post, scrolling: no second warning, no error.
    user.view()
    user.mark_read("quiet-leaders")
    user.set_scroll("quiet-leaders", 3.0)
    assert user.take_warnings() == []
    # The bookmark and its note are where they were.
    assert BookmarkFile().get(store_key(store), "quiet-leaders").note == "keep"  # type: ignore[union-attr]
    user.close()


def test_a_read_only_reading_state_is_read_and_a_failed_save_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(tmp_path / "posts")
    with ReadState() as state:
        state.mark_read(store_key(store), "quiet-leaders")
    # Root ignores file modes, so open it the way SQLite opens a read-only file.
    real_connect = sqlite3.connect
    monkeypatch.setattr(
        sqlite3,  # The module readstate opens its database with.
        "connect",
        lambda path, **options: real_connect(f"file:{path}?mode=ro", uri=True, **options),
    )
    BookmarkFile().add(store_key(store), "quiet-leaders", "Quiet leaders")
    user = UserState(store)
    view = user.view()
    assert view.marks.read == {"quiet-leaders"}
    assert view.marks.bookmarked == {"quiet-leaders"}
    with pytest.raises(ReadStateError, match="readonly") as raised:
        user.set_scroll("quiet-leaders", 2.0)
    assert "\n" not in str(raised.value) and str(readstate_path()) in str(raised.value)
    user.close()


def test_each_user_file_loads_or_fails_on_its_own(tmp_path: Path) -> None:
    store = make_store(tmp_path / "posts")
    with ReadState() as state:
        state.mark_read(store_key(store), "quiet-leaders")
    SearchFile().save("mine", "leaders")
    bookmarks_path().mkdir(parents=True)  # a folder where bookmarks.toml belongs
    user = UserState(store)
    view = user.view()
    assert view.bookmarks == ()
    assert view.marks.read == {"quiet-leaders"}
    assert [saved.name for saved in view.saved] == ["mine"]
    (warning,) = user.take_warnings()
    assert warning.startswith(f"{bookmarks_path()}: cannot read")
    user.close()


def test_a_toggle_acts_on_the_file_not_on_an_old_view(tmp_path: Path) -> None:
    store = make_store(tmp_path / "posts")
    user = UserState(store)
    assert user.view().marks.bookmarked == frozenset()
    # Another reader bookmarks the post after this one read its view.
    BookmarkFile().add(store_key(store), "quiet-leaders", "Quiet leaders", note="n")
    assert user.toggle_bookmark("quiet-leaders", "Quiet leaders") is False  # it removed it
    assert BookmarkFile().ids(store_key(store)) == frozenset()
    assert user.toggle_bookmark("quiet-leaders", "Quiet leaders") is True
    assert BookmarkFile().ids(store_key(store)) == {"quiet-leaders"}
    user.close()


def test_search_is_unread_without_a_reading_state_answers_with_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = make_store(tmp_path / "posts")
    folder_in_place(readstate_path())
    assert main(["search", "is:unread", "--store", str(store)]) == 0
    captured = capsys.readouterr()
    assert "quiet-leaders" in captured.out
    lines = captured.err.splitlines()
    assert len(lines) == 1 and str(readstate_path()) in lines[0]


# --- 2. a control character in a store path ----------------------------------------


def test_a_store_path_with_control_characters_keeps_its_bookmarks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = make_store(tmp_path / "st\tore\x1b[31m")
    key = store_key(store)
    assert key.endswith("st\tore\x1b[31m")  # the key is the path as it is
    marks = BookmarkFile()
    marks.add(key, "quiet-leaders", "Quiet leaders")
    marks.add("/another/store", "p", "P")  # a rewrite of the file
    assert BookmarkFile().ids(key) == {"quiet-leaders"}
    document = tomllib.loads(bookmarks_path().read_text(encoding="utf-8"))
    assert [entry["store"] for entry in document["bookmarks"]] == [key, "/another/store"]
    user = UserState(store)
    assert user.view().marks.bookmarked == {"quiet-leaders"}
    user.close()
    # Shown cleaned, never sent to the terminal as it is.
    assert main(["bookmarks"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "st ore\ufffd[31m" in out
    assert main(["bookmark", "remove", "quiet-leaders", "--store", str(store)]) == 0
    assert BookmarkFile().ids(key) == frozenset()


# --- 3. files that would hang or crash the parser ------------------------------------


def test_a_file_nested_50000_deep_is_moved_aside_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("x = " + "[" * 50_000, encoding="utf-8")
    warnings: list[str] = []
    assert load_config(warnings, path=path).store is None
    (warning,) = warnings
    assert "nested too deeply" in warning and "moved aside" in warning
    assert not path.exists()
    (aside,) = tmp_path.glob("config.toml.corrupt-*")
    assert aside.read_text(encoding="utf-8").startswith("x = [[[")


def test_a_nested_bookmarks_file_does_not_stop_a_change(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    warnings: list[str] = []
    marks = BookmarkFile(path, warnings)
    marks.add("/a", "p", "P")
    assert [mark.post_id for mark in BookmarkFile(path).all()] == ["p"]
    assert len(warnings) == 1 and list(tmp_path.glob("bookmarks.toml.corrupt-*"))


def _in_a_thread(action: object) -> bool:
    """Run `action` in a daemon thread; True when it finished within 10 s."""
    done = threading.Event()

    def run() -> None:
        try:
            action()  # type: ignore[operator]
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(10)


def test_a_fifo_in_place_of_a_user_file_never_hangs(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    os.mkfifo(path)
    warnings: list[str] = []
    marks = BookmarkFile(path, warnings)
    assert _in_a_thread(marks.all), "reading a FIFO blocked"
    assert warnings == [f"{path}: not a regular file; leaving it alone"]
    failures: list[BaseException] = []

    def change() -> None:
        try:
            marks.add("/a", "p", "P")
        except UserDataError as error:
            failures.append(error)

    assert _in_a_thread(change), "writing over a FIFO blocked"
    assert len(failures) == 1 and str(path) in str(failures[0])
    assert stat.S_ISFIFO(os.lstat(path).st_mode)  # neither replaced nor moved


def test_the_guarded_read_refuses_devices_and_symlinks_when_told(tmp_path: Path) -> None:
    with pytest.raises(NotRegular, match="not a regular file"):
        read_limited(Path("/dev/zero"), 1024)  # would never end
    link = tmp_path / "link"
    (tmp_path / "real").write_bytes(b"data")
    link.symlink_to(tmp_path / "real")
    assert read_limited(link, 1024) == b"data"
    with pytest.raises(NotRegular, match="symlink"):
        read_limited(link, 1024, follow_symlinks=False)


# --- 4. writing through a symlink ------------------------------------------------------


def test_a_bookmarks_symlink_to_a_device_is_never_replaced(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.toml"
    path.symlink_to("/dev/null")
    warnings: list[str] = []
    marks = BookmarkFile(path, warnings)
    assert marks.all() == []
    with pytest.raises(UserDataError) as raised:
        marks.add("/a", "p", "P")
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)
    assert os.readlink(path) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_write_atomic_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(UnsafeTarget, match="FIFO"):
        write_atomic(fifo, b"x")
    device_link = tmp_path / "null"
    device_link.symlink_to("/dev/null")
    with pytest.raises(UnsafeTarget, match="device"):
        write_atomic(device_link, b"x")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "no-such-folder" / "file")
    with pytest.raises(UnsafeTarget, match="does not exist"):
        write_atomic(dangling, b"x")
    assert not (tmp_path / "no-such-folder").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "fifo", "null"]


def test_a_dotfile_symlink_is_still_written_through(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    link = tmp_path / "bookmarks.toml"
    link.symlink_to(dotfiles / "bookmarks.toml")  # not there yet, in a real folder
    BookmarkFile(link).add("/a", "p", "P")
    assert link.is_symlink()
    assert "post_id" in (dotfiles / "bookmarks.toml").read_text(encoding="utf-8")
    BookmarkFile(link).add("/a", "q", "Q")
    assert link.is_symlink() and len(BookmarkFile(link).all()) == 2


def test_the_store_writer_replaces_a_symlink_never_writes_through_it(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep me")
    link = tmp_path / "store" / "post.md"
    link.parent.mkdir()
    link.symlink_to(outside)
    write_atomic(link, b"post", follow_symlinks=False)
    assert outside.read_bytes() == b"keep me"
    assert not link.is_symlink() and link.read_bytes() == b"post"


# --- 6. a full disk ---------------------------------------------------------------------


def _disk_full(fd: int) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_saving_a_toml_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bookmarks.toml"
    BookmarkFile(path).add("/a", "p", "P")
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", _disk_full)  # The one fileio calls.
    with pytest.raises(UserDataError) as raised:
        BookmarkFile(path).add("/a", "q", "Q")
    assert str(raised.value) == f"disk full: cannot save {path}"
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bookmarks.toml", "bookmarks.toml.lock"]


def test_a_full_disk_while_saving_the_reading_state_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with ReadState(path) as state:
        state.mark_read("/a", "first")
        # SQLite's own limit on the file's size gives the error a full disk gives.
        db = state._db
        assert db is not None
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(ReadStateError) as raised:
            for number in range(10_000):
                state.mark_read("/a", f"post-{number:05}-" + "x" * 200)
        assert str(raised.value) == f"disk full: cannot save {path}"
        assert "first" in state.read_ids("/a")


def test_save_failure_is_the_one_translation() -> None:
    path = Path("/home/me/.config/reader/searches.toml")
    assert save_failure(path, OSError(errno.EDQUOT, "Disk quota exceeded")) == (
        f"disk full: cannot save {path}"
    )
    assert save_failure(path, sqlite3.OperationalError("database or disk is full")) == (
        f"disk full: cannot save {path}"
    )
    assert save_failure(path, PermissionError(errno.EACCES, "Permission denied")) == (
        f"{path}: cannot save (Permission denied)"
    )
    assert save_failure(Path("/tmp/a\x1b[2Jb"), OSError(errno.ENOSPC, "x")) == (
        "disk full: cannot save /tmp/a\ufffd[2Jb"
    )
