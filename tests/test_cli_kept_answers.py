"""`reader list` of the whole store from the answer kept beside the index
(`reader.index.kept`), and `reader show` answering before any refresh.

A kept answer is used only for the index contents and bookmarks it was made
for: every change to the posts renews the index's generation, a bookmark
changes the key, and a file that is not a kept answer is never printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from index_helpers import write_post

from reader.cli import main
from reader.index import IndexCatalog, database_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _store(root: Path) -> Path:
    write_post(root, "one.md", "First post", "Words.", date="2020-01-01")
    write_post(root, "two.md", "Second post", "More words.", date="2021-06-01")
    return root


def _kept(root: Path, name: str) -> Path:
    db = database_path(root.resolve())
    return db.with_name(f"{db.stem}.kept-{name}")


def test_the_whole_list_is_kept_and_given_again_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _store(tmp_path / "store")
    first = run(capsys, "--store", str(root), "list")
    kept = _kept(root, "list-lines")
    assert kept.is_file()
    # What the second answer prints is the kept file's, byte for byte.
    body = kept.read_bytes().split(b"\n", 1)[1]
    assert body.decode() == first[1]
    assert run(capsys, "--store", str(root), "list") == first
    assert [line.split("\t")[3] for line in first[1].splitlines()] == ["Second post", "First post"]
    # And it is read from there: what the file holds under its header is what goes out.
    header = kept.read_bytes().split(b"\n", 1)[0]
    kept.write_bytes(header + b"\nas kept\n")
    assert run(capsys, "--store", str(root), "list")[1] == "as kept\n"


def test_a_new_post_renews_the_kept_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _store(tmp_path / "store")
    run(capsys, "--store", str(root), "list")
    write_post(root, "three.md", "Third post", "Newest.", date="2022-03-01")
    # The first answer after the change may come before the refresh that
    # finds it (`reader list` answers first when no folder moved); the file
    # is new in its folder, so the folder says so and the refresh comes first.
    code, out, _ = run(capsys, "--store", str(root), "list")
    assert code == 0
    assert out.splitlines()[0].endswith("\tThird post")
    assert run(capsys, "--store", str(root), "list")[1] == out


def test_a_bookmark_changes_which_list_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _store(tmp_path / "store")
    run(capsys, "--store", str(root), "list")
    assert run(capsys, "--store", str(root), "bookmark", "add", "one")[0] == 0
    for _ in range(2):
        _, out, _ = run(capsys, "--store", str(root), "list")
        marks = {line.split("\t")[2]: line.split("\t")[1] for line in out.splitlines()}
        assert marks == {"one": "*", "two": " "}
        listed = json.loads(run(capsys, "--store", str(root), "list", "--json")[1])
        assert {row["id"]: row["bookmarked"] for row in listed} == {"one": True, "two": False}


def test_a_file_that_is_not_this_index_answer_is_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _store(tmp_path / "store")
    expected = run(capsys, "--store", str(root), "list", "--json")[1]
    kept = _kept(root, "list-json")
    header = kept.read_bytes().split(b"\n", 1)[0]
    for planted in (b"not an answer\n", header[:-3] + b"xyz\nforged\n", b""):
        kept.write_bytes(planted)
        assert run(capsys, "--store", str(root), "list", "--json")[1] == expected
    assert kept.read_bytes().startswith(header)


def test_an_index_in_memory_keeps_nothing(tmp_path: Path) -> None:
    root = _store(tmp_path / "store")
    catalog = IndexCatalog.in_memory(root)
    catalog.refresh()
    assert catalog.generation() is None


def test_removing_the_index_removes_its_kept_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.index.schema import remove

    root = _store(tmp_path / "store")
    run(capsys, "--store", str(root), "list")
    run(capsys, "--store", str(root), "list", "--json")
    db = database_path(root.resolve())
    assert len(list(db.parent.glob("*.kept-*"))) == 2
    remove(db)
    # The builders' lock file stays: it is never removed while anyone may wait on it.
    assert [path.name for path in db.parent.iterdir()] == [f"{db.name}.lock"]


def test_show_of_a_post_the_index_does_not_know_refreshes_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _store(tmp_path / "store")
    run(capsys, "--store", str(root), "list")
    # A post written into a folder of its own, which no recorded folder vouches for.
    write_post(root, "later/new.md", "Written later", "Fresh words.", date="2023-01-01")
    code, out, err = run(capsys, "--store", str(root), "show", "later/new", "--plain")
    assert code == 0 and err == ""
    assert "Written later" in out and "Fresh words." in out


def test_a_title_rewritten_in_place_shows_from_the_next_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    root = _store(tmp_path / "store")
    run(capsys, "--store", str(root), "list")
    path = write_post(root, "one.md", "First post, renamed", "Words.", date="2020-01-01")
    os.utime(path, ns=(1, 1))  # an mtime the index has not seen, whatever the clock
    run(capsys, "--store", str(root), "list")  # answers, then refreshes
    assert "First post, renamed" in run(capsys, "--store", str(root), "list")[1]


def test_show_reads_the_post_file_as_it_is_now(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _store(tmp_path / "store")
    run(capsys, "--store", str(root), "list")
    write_post(root, "one.md", "First post", "Rewritten in place.", date="2020-01-01")
    code, out, _ = run(capsys, "--store", str(root), "show", "one", "--plain")
    assert code == 0 and "Rewritten in place." in out
