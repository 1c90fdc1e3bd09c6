"""`reader bookmarks` and `reader bookmark add|remove`, end to end through main()."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

from reader.cli import bookmark_cmds, main
from reader.userdata.bookmarks import BookmarkFile, bookmarks_path


def write_post(root: Path, rel: str, title: str, date: str = "2020-01-01") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'+++\ntitle = "{title}"\ndate = {date}\ntags = ["t"]\n+++\n\nBody of {title}.\n'
    )
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write_post(root, "2016/generous-leadership.md", "Generous leadership", "2016-09-13")
    write_post(root, "2017/tough-love/index.md", "Tough love", "2017-02-14")
    write_post(root, "2018/brackets.md", "Odd [bold]title[/bold] *here*", "2018-01-01")
    return root


def run(*argv: str) -> int:
    return main(list(argv))


def bookmarks_json(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert run("bookmarks", "--json", *extra) == 0
    data: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    return data


def test_add_by_prefix_prints_id_and_title(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("bookmark", "add", "2016/gen", "--store", str(store)) == 0
    assert capsys.readouterr().out == "bookmarked: 2016/generous-leadership  Generous leadership\n"
    (mark,) = BookmarkFile().all()
    assert mark.store == str(store.resolve())
    assert mark.title == "Generous leadership"
    assert mark.note is None


def test_store_option_before_the_command_and_a_bundle_id(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--store", str(store), "bookmark", "add", "2017/tough-love", "--note", "later") == 0
    assert "2017/tough-love  Tough love" in capsys.readouterr().out
    assert BookmarkFile().all()[0].note == "later"


def test_add_again_keeps_the_bookmark_and_replaces_the_note(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("bookmark", "add", "2016", "--store", str(store), "--note", "first")
    added = BookmarkFile().all()[0].added
    run("bookmark", "add", "2016", "--store", str(store), "--note", "second")
    (mark,) = BookmarkFile().all()
    assert (mark.added, mark.note) == (added, "second")


def test_add_of_an_unknown_or_ambiguous_post_fails_in_one_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("bookmark", "add", "nothing-like-it", "--store", str(store)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing-like-it" in err
    assert run("bookmark", "add", "201", "--store", str(store)) == 1
    assert "matches 3 posts" in capsys.readouterr().err
    assert not bookmarks_path().exists()


def test_add_uses_the_environment_store(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("READER_STORE", str(store))
    assert run("bookmark", "add", "2018") == 0
    assert BookmarkFile().ids(str(store.resolve())) == frozenset({"2018/brackets"})


def test_remove_and_remove_of_a_deleted_post(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("bookmark", "add", "2016", "--store", str(store))
    run("bookmark", "add", "2017", "--store", str(store))
    capsys.readouterr()
    assert run("bookmark", "remove", "2016/generous-leadership", "--store", str(store)) == 0
    assert capsys.readouterr().out == "removed: 2016/generous-leadership  Generous leadership\n"
    # The post's file goes away; its bookmark can still be removed, by prefix too.
    (store / "2017/tough-love/index.md").unlink()
    assert run("bookmark", "remove", "2017/t", "--store", str(store)) == 0
    assert BookmarkFile().all() == []
    assert run("bookmark", "remove", "2017", "--store", str(store)) == 1
    assert "no bookmark" in capsys.readouterr().err


def test_remove_when_the_whole_store_is_gone(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("bookmark", "add", "2016", "--store", str(store))
    moved = store.rename(tmp_path / "elsewhere")
    assert not store.exists() and moved.exists()
    assert run("bookmark", "remove", "2016", "--store", str(store)) == 0
    assert BookmarkFile().all() == []


def test_json_lists_every_store_and_marks_missing_posts(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    write_post(other, "hello.md", "Hello")
    run("bookmark", "add", "2016", "--store", str(store), "--note", "read again")
    run("bookmark", "add", "2017", "--store", str(store))
    run("bookmark", "add", "hello", "--store", str(other))
    (store / "2017/tough-love/index.md").unlink()
    # A title changed since the bookmark was made: the current one is shown.
    write_post(store, "2016/generous-leadership.md", "Generous leadership, revised", "2016-09-13")

    rows = {row["id"]: row for row in bookmarks_json(capsys)}
    assert set(rows) == {"2016/generous-leadership", "2017/tough-love", "hello"}
    present = rows["2016/generous-leadership"]
    assert present["title"] == "Generous leadership, revised"
    assert present["saved_title"] == "Generous leadership"
    assert present["path"] == "2016/generous-leadership.md"
    assert present["store"] == str(store.resolve())
    assert present["note"] == "read again"
    assert present["missing"] is False
    assert present["bookmarked"] is True
    assert present["date"] == "2016-09-13"
    assert present["tags"] == ["t"]
    assert present["added"].endswith("+00:00")

    gone = rows["2017/tough-love"]
    assert gone["missing"] is True
    assert gone["title"] == "Tough love"  # the saved title
    assert gone["path"] is None and gone["note"] is None

    assert rows["hello"]["store"] == str(other.resolve())
    # The bookmark of the deleted post is kept in the file.
    assert "2017/tough-love" in BookmarkFile().ids(str(store.resolve()))


def test_store_option_narrows_the_list_but_the_environment_does_not(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    write_post(other, "hello.md", "Hello")
    run("bookmark", "add", "2016", "--store", str(store))
    run("bookmark", "add", "hello", "--store", str(other))
    assert [row["id"] for row in bookmarks_json(capsys, "--store", str(other))] == ["hello"]
    monkeypatch.setenv("READER_STORE", str(other))
    assert len(bookmarks_json(capsys)) == 2


def test_a_deleted_store_lists_its_bookmarks_as_missing(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("bookmark", "add", "2016", "--store", str(store))
    store.rename(tmp_path / "renamed")
    (row,) = bookmarks_json(capsys, "--store", str(store))
    assert row["missing"] is True and row["title"] == "Generous leadership"


def test_upper_case_suffix_is_found_by_walking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "shouty"
    write_post(root, "NOTES.MD", "Shouted")
    assert run("bookmark", "add", "NOTES", "--store", str(root)) == 0
    (row,) = bookmarks_json(capsys)
    assert row["missing"] is False and row["path"] == "NOTES.MD"


def test_markdown_export(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("bookmark", "add", "2016", "--store", str(store), "--note", "why: *this*")
    run("bookmark", "add", "2017", "--store", str(store))
    run("bookmark", "add", "2018", "--store", str(store))
    (store / "2017/tough-love/index.md").unlink()
    capsys.readouterr()
    assert run("bookmarks", "--export", "md") == 0
    lines = capsys.readouterr().out.splitlines()
    root = store.resolve()
    assert lines == [
        f"- [Odd \\[bold\\]title\\[/bold\\] \\*here\\*]({(root / '2018/brackets.md').as_uri()})",
        f"- Tough love *(missing: 2017/tough-love in {root})*",
        f"- [Generous leadership]({(root / '2016/generous-leadership.md').as_uri()}) — why: *this*",
    ]


def test_plain_text_when_piped(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("bookmark", "add", "2016", "--store", str(store), "--note", "a\nnote")
    run("bookmark", "add", "2017", "--store", str(store))
    (store / "2017/tough-love/index.md").unlink()
    capsys.readouterr()
    assert run("bookmarks") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(store.resolve())
    assert lines[1].startswith("  2017/tough-love  Tough love  ")
    assert lines[1].endswith("[missing]")
    assert lines[2].startswith("  2016/generous-leadership  Generous leadership  ")
    assert lines[2].endswith("— a note")
    assert "\x1b" not in "".join(lines)


def test_table_on_a_terminal_prints_titles_as_written(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run("bookmark", "add", "2018", "--store", str(store))
    capsys.readouterr()
    monkeypatch.setattr(bookmark_cmds, "use_color", lambda: True)
    monkeypatch.setenv("COLUMNS", "120")
    assert run("bookmarks") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == str(store.resolve())
    assert "Title" in out and "Added" in out  # the table's header
    assert "Odd [bold]title[/bold] *here*" in out  # data, never markup


def test_empty_is_success(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("bookmarks") == 0
    assert capsys.readouterr().out == ""
    assert bookmarks_json(capsys) == []
    assert run("bookmarks", "--export", "md") == 0
    assert capsys.readouterr().out == ""


def test_a_corrupt_bookmarks_file_is_reported_and_kept(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bookmarks_path().parent.mkdir(parents=True)
    bookmarks_path().write_text("version = 1\n[[bookmarks]\n")
    assert run("bookmarks") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "not valid TOML (line 2" in captured.err and "moved aside to" in captured.err
    (aside,) = bookmarks_path().parent.glob("bookmarks.toml.corrupt-*")
    assert aside.read_text() == "version = 1\n[[bookmarks]\n"


def test_a_newer_bookmarks_file_is_not_changed(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bookmarks_path().parent.mkdir(parents=True)
    bookmarks_path().write_text("version = 99\n")
    assert run("bookmark", "add", "2016", "--store", str(store)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer version of reader" in err
    assert tomllib.loads(bookmarks_path().read_text()) == {"version": 99}


def test_add_uses_the_store_named_in_config_toml(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.userdata.config import config_path

    config_path().parent.mkdir(parents=True)
    config_path().write_text(f'version = 1\nstore = "{store}"\n')
    assert run("bookmark", "add", "2017") == 0
    assert BookmarkFile().ids(str(store.resolve())) == frozenset({"2017/tough-love"})


def test_files_the_store_skips_cannot_be_bookmarked(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(store, ".obsidian/secret.md", "Secret")
    write_post(store, "2019/_index.md", "Section page")
    write_post(store, "2019/osc\x1b]52;c;aGk=\x07.md", "Clipboard")
    wanted_ids = (".obsidian/secret", "2019/_index", "2019/_index.md", "2019/osc\x1b]52;c;aGk=\x07")
    for wanted in wanted_ids:
        assert run("bookmark", "add", wanted, "--store", str(store)) == 1
    assert not bookmarks_path().exists()


def test_json_and_export_together_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["bookmarks", "--json", "--export", "md"])
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "not allowed with argument --json" in err


def test_hand_edited_store_and_id_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = bookmarks_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'version = 1\n[[bookmarks]]\nstore = "/blog\\u001b]0;pwned\\u0007"\n'
        'post_id = "p\\u001b]0;pwned\\u0007"\ntitle = "T"\nadded = 2020-01-01T00:00:00Z\n',
        encoding="utf-8",
    )
    outputs = []
    for argv in (["bookmarks"], ["bookmarks", "--export", "md"], ["bookmarks", "--json"]):
        assert run(*argv) == 0
        outputs.append(capsys.readouterr().out)
    for out in outputs:
        assert "\x1b" not in out and "\x07" not in out
    for out in outputs[:2]:
        assert "\ufffd]0;pwned\ufffd" in out
    # JSON escapes control characters, so it can give the keys exactly as they are.
    (entry,) = json.loads(outputs[2])
    assert (entry["store"], entry["id"]) == ("/blog\x1b]0;pwned\x07", "p\x1b]0;pwned\x07")


def test_remove_without_store_finds_the_store_the_bookmark_belongs_to(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("bookmark", "add", "2017/tough-love", "--store", str(store)) == 0
    # From elsewhere, with no --store (the samples would be the default store).
    assert run("bookmark", "remove", "2017/tough") == 0
    assert "removed: 2017/tough-love  Tough love" in capsys.readouterr().out
    assert bookmarks_json(capsys) == []


def test_remove_asks_for_store_when_the_id_is_in_several(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    write_post(other, "2017/tough-love/index.md", "Tough love again", "2017-02-14")
    for root in (store, other):
        assert run("bookmark", "add", "2017/tough-love", "--store", str(root)) == 0
    capsys.readouterr()
    assert run("bookmark", "remove", "2017/tough-love") == 1
    err = capsys.readouterr().err
    assert "bookmarked in 2 stores" in err and "give --store" in err
    assert len(bookmarks_json(capsys)) == 2
    assert run("bookmark", "remove", "2017/tough-love", "--store", str(other)) == 0
    assert [row["store"] for row in bookmarks_json(capsys)] == [str(store.resolve())]


def test_remove_of_an_unknown_bookmark_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("bookmark", "remove", "nothing-like-it") == 1
    assert "nothing-like-it: no bookmark matches it" in capsys.readouterr().err


def test_a_note_that_is_not_utf8_is_a_usage_error(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = os.fsdecode(b"caf\xe9")  # Latin-1 bytes in a UTF-8 argv
    with pytest.raises(SystemExit) as stop:
        run("bookmark", "add", "2017/tough-love", "--note", note, "--store", str(store))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--note: not valid UTF-8 text" in err and "Traceback" not in err
    assert bookmarks_json(capsys) == []


def test_bidi_controls_in_a_title_are_shown_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "bidi"
    write_post(root, "a.md", "invoice\\u202etxt.exe")
    assert run("bookmark", "add", "a", "--store", str(root)) == 0
    assert "invoice⟨U+202E⟩txt.exe" in capsys.readouterr().out
    assert run("bookmarks") == 0
    assert "invoice⟨U+202E⟩txt.exe" in capsys.readouterr().out
    # The data keeps the title as it is.
    assert bookmarks_json(capsys)[0]["title"] == "invoice\u202etxt.exe"
