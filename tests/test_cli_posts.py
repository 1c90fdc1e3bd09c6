"""`reader list`, `reader show` and `reader tags` against the contract in docs/design.md §4."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_POSTS
from terminal import run_in_terminal

from reader.cli import main

HOSTILE_TITLE = "[bold red]x[/] \x1b]52;c;ZXZpbA==\x07 \x1b[2J [link=file:///etc/passwd]y[/link]"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def hostile_store(tmp_path: Path) -> Path:
    store = tmp_path / "hostile"
    store.mkdir()
    title = (
        HOSTILE_TITLE.replace("\\", "\\\\").replace("\x1b", "\\u001b").replace("\x07", "\\u0007")
    )
    (store / "evil.md").write_text(
        f'+++\ntitle = "{title}"\ndate = 2020-01-02\ntags = ["x\\u001b[31m"]\n+++\n\n'
        "Body with \x1b]8;;http://evil\x1b\\\\a link\x1b]8;;\x1b\\\\ and a bell\x07 and\rCR.\n",
        encoding="utf-8",
    )
    (store / "good.md").write_text("# A good post\n\nFine.\n", encoding="utf-8")
    return store


def test_list_prints_the_sample_posts_newest_first(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--store", str(SAMPLE_POSTS))
    assert code == 0 and err == ""
    dates = [line.split("\t")[0] for line in out.splitlines()]
    assert len(dates) == 5 and dates == sorted(dates, reverse=True)
    assert "Generous leadership" in out


def test_list_json_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", str(SAMPLE_POSTS), "list", "--tag", "politics", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [row["title"] for row in rows] == ["Generous leadership"]
    row = rows[0]
    assert set(row) == {
        *("id", "title", "date", "updated", "authors", "tags", "path", "bookmarked"),
        *("section", "draft", "summary"),
    }
    assert row["date"] == "2016-09-13" and row["updated"] == "2020-12-07"
    assert row["authors"] == ["Dawn Austwick"]
    assert row["path"] == "2016-09-13-generous-leadership.md"
    assert row["bookmarked"] is False


def test_list_tags_are_anded(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("list", "--store", str(SAMPLE_POSTS), "--json")
    _, out, _ = run(capsys, *args, "--tag", "change", "--tag", "culture")
    assert len(json.loads(out)) == 2
    _, out, _ = run(capsys, *args, "--tag", "no-such-tag")
    assert json.loads(out) == []


def test_tags_json_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tags", "--json", "--store", str(SAMPLE_POSTS))
    counts = json.loads(out)
    assert code == 0
    assert counts[0] == {"tag": "challenges", "count": 5}
    assert {"tag": "politics", "count": 1} in counts


def test_show_plain_by_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "2016-09-13", "--store", str(SAMPLE_POSTS))
    assert code == 0
    # The same header as the article pane's, then the body as the pane renders it.
    assert out.startswith("Generous leadership  (title guessed)\n2016-09-13 · updated 2020-12-07\n")
    assert "\nBy Dawn Austwick\n" in out and "\nTags: challenges, change," in out
    assert "Dawn Austwick is Chief Executive of Big Lottery Fund." in out


def test_show_renders_with_the_articles_renderer_at_a_width(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    source = (
        "---\ntitle: Rich post\ndate: 2024/02/15\n---\n"
        + "word " * 40
        + "\n\n<details><summary>More</summary><p>Hidden text kept.</p></details>\n\n"
        "See [the docs](https://example.org/docs).\n\n"
        "```python\n    indented = True  # a code line wider than the width stays whole\n```\n"
    )
    (store / "post.md").write_text(source, encoding="utf-8")
    code, out, _ = run(capsys, "show", "post", "--width", "30", "--store", str(store))
    assert code == 0
    lines = out.splitlines()
    assert lines[:2] == ["Rich post", "2024-02-15"]
    prose = [line for line in lines if line.startswith("word")]
    assert len(prose) > 3 and all(len(line) <= 30 for line in prose)
    assert "Hidden text kept." in out and "<details>" not in out
    assert "the docs¹" in out and "[1] https://example.org/docs" in out
    assert "    indented = True  # a code line wider than the width stays whole" in out


def test_show_source_prints_the_stored_markdown_as_it_is(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "show", "generous", "--source", "--store", str(SAMPLE_POSTS))
    stored = (SAMPLE_POSTS / "2016-09-13-generous-leadership.md").read_text(encoding="utf-8")
    assert code == 0 and out == stored


def test_show_refuses_a_silly_width(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run(capsys, "show", "generous", "--width", "3", "--store", str(SAMPLE_POSTS))
    assert stop.value.code == 2


def test_show_unknown_and_ambiguous_posts_fail_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "show", "nope", "--store", str(SAMPLE_POSTS))
    assert (code, out) == (1, "") and err == "reader: no post matches 'nope'\n"
    code, _, err = run(capsys, "show", "2017", "--store", str(SAMPLE_POSTS))
    assert code == 1 and err.startswith("reader: '2017' matches 3 posts") and err.count("\n") == 1


def test_missing_store_is_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "list", "--store", str(tmp_path / "absent"))
    assert code == 1 and err.count("\n") == 1 and "absent" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["list", "--no-such-option"])
    assert stop.value.code == 2


def test_store_from_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READER_STORE", str(SAMPLE_POSTS))
    code, out, _ = run(capsys, "list")
    assert code == 0 and len(out.splitlines()) == 5


def test_hostile_text_never_reaches_stdout(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    store = hostile_store(tmp_path)
    for argv in (
        ("list",),
        ("list", "--json"),
        ("tags",),
        ("show", "evil"),
        ("show", "evil", "--plain"),
    ):
        code, out, _ = run(capsys, *argv, "--store", str(store))
        assert code == 0
        assert not any(ch in out for ch in "\x1b\x07\r"), argv
    _, out, _ = run(capsys, "list", "--json", "--store", str(store))
    titles = {row["title"] for row in json.loads(out)}
    assert (
        "[bold red]x[/] \ufffd]52;c;ZXZpbA==\ufffd \ufffd[2J [link=file:///etc/passwd]y[/link]"
        in titles
    )


def test_show_on_a_terminal_renders_markup_literally(tmp_path: Path) -> None:
    store = hostile_store(tmp_path)
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm-256color"}
    out = run_in_terminal("show", "evil", "--no-pager", "--store", str(store), env=env)
    assert b"\x1b[" in out  # styled: it did take the terminal path
    assert b"[bold red]x[/]" in out and b"[link=file:///etc/passwd]y[/link]" in out
    for forbidden in (b"\x1b]52", b"\x1b]8", b"\x07", b"\x1b[2J"):
        assert forbidden not in out


def test_no_color_on_a_terminal_prints_plain_text(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    out = run_in_terminal("show", "generous", "--no-pager", "--store", str(SAMPLE_POSTS), env=env)
    assert b"\x1b" not in out
    assert b"Generous leadership  (title guessed)" in out


def test_a_2mb_post_shows(tmp_path: Path) -> None:
    store = tmp_path / "big"
    store.mkdir()
    paragraph = "All work and no play makes a long post. " * 50
    (store / "huge.md").write_text("# Huge\n\n" + "\n\n".join([paragraph] * 1000), encoding="utf-8")
    assert (store / "huge.md").stat().st_size > 2_000_000
    out = subprocess.run(
        [sys.executable, "-m", "reader", "show", "huge", "--store", str(store)],
        capture_output=True,
        check=True,
    ).stdout
    assert out.startswith(b"Huge\n") and out.count(b"long post.") == 50_000


def test_list_follows_the_store_after_the_index_exists(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import shutil

    store = tmp_path / "store"
    shutil.copytree(SAMPLE_POSTS, store)
    assert len(run(capsys, "list", "--store", str(store))[1].splitlines()) == 5
    (store / "new.md").write_text('+++\ntitle = "Brand new"\ndate = 2030-01-01\n+++\nHi\n')
    out = run(capsys, "list", "--store", str(store))[1]
    assert out.splitlines()[0].endswith("\tnew\tBrand new")
    (store / "new.md").unlink()
    assert "Brand new" not in run(capsys, "list", "--store", str(store))[1]


def test_an_unusable_cache_folder_is_one_warning_and_the_posts_are_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, expected, _ = run(capsys, "list", "--store", str(SAMPLE_POSTS))
    assert code == 0 and expected.count("\n") == 5
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    warning = (
        f"reader: the search index could not be opened ({blocker}/reader/index: Not a directory);"
        " reading the posts directly\n"
    )
    code, out, err = run(capsys, "list", "--store", str(SAMPLE_POSTS))
    assert (code, out, err) == (0, expected, warning)
    code, out, err = run(capsys, "tags", "--json", "--store", str(SAMPLE_POSTS))
    assert code == 0 and err == warning
    assert json.loads(out)[0] == {"tag": "challenges", "count": 5}
    code, out, err = run(capsys, "show", "2016-09-13", "--plain", "--store", str(SAMPLE_POSTS))
    assert code == 0 and err == warning
    assert out.startswith("Generous leadership  (title guessed)\n")


def test_an_unexpected_failure_is_one_line_without_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.cli.posts_cmds

    def broken(root: Path, *, whole_store: bool = True) -> None:
        raise ValueError("something odd")

    monkeypatch.setattr(reader.cli.posts_cmds, "open_catalog", broken)
    code, _, err = run(capsys, "list", "--store", str(SAMPLE_POSTS))
    assert code == 1
    assert err == "reader: unexpected ValueError: something odd (READER_DEBUG=1 shows where)\n"


# -- tags in any case, misleading messages, warnings once ----------------------


def test_list_tag_matches_without_regard_to_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--store", str(SAMPLE_POSTS), "--tag", "Politics")
    assert code == 0 and err == ""
    assert [line.split("\t")[3] for line in out.splitlines()] == ["Generous leadership"]


def test_an_unknown_tag_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list", "--store", str(SAMPLE_POSTS), "--tag", "nope")
    assert code == 0 and out == ""
    assert err == "reader: no post has the tag 'nope' (reader tags lists them)\n"


def test_a_file_given_as_the_store_is_not_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# Hi\n", encoding="utf-8")
    code, _, err = run(capsys, "list", "--store", str(tmp_path / "README.md"))
    assert code == 1 and "README.md: not a folder" in err and "no such" not in err


def test_an_empty_store_says_it_has_no_markdown_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a post", encoding="utf-8")
    for command in ("list", "tags"):
        code, out, err = run(capsys, command, "--store", str(tmp_path / "empty"))
        assert code == 0 and out == ""
        assert err == f"reader: no Markdown files found in {tmp_path / 'empty'}\n"


def test_a_bad_file_is_reported_by_the_refresh_that_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "good.md").write_text("# Good\n", encoding="utf-8")
    (store / "bad.md").write_text("---\ntitle: Bad\ndate: someday\n---\nBody.\n", encoding="utf-8")
    _, _, first = run(capsys, "list", "--store", str(store))
    assert "bad.md" in first and "someday" in first
    _, _, again = run(capsys, "tags", "--store", str(store))
    assert again == ""
    code, _, everything = run(capsys, "index", "--store", str(store))
    assert code == 0 and everything == first
    # Changed, the file is read again, and its new problem is news.
    (store / "bad.md").write_text("---\ntitle: Bad\ndate: never\n---\nBody.\n", encoding="utf-8")
    _, _, changed = run(capsys, "list", "--store", str(store))
    assert "never" in changed and "someday" not in changed


# -- show: paths, the pager; list on a terminal --------------------------------


def test_show_finds_a_post_by_its_file_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    file = SAMPLE_POSTS / "2016-09-13-generous-leadership.md"
    code, out, _ = run(capsys, "show", str(file), "--store", str(SAMPLE_POSTS))
    assert code == 0 and out.startswith("Generous leadership")
    monkeypatch.chdir(SAMPLE_POSTS.parent)
    code, out, _ = run(capsys, "show", f"posts/{file.name}", "--store", str(SAMPLE_POSTS))
    assert code == 0 and out.startswith("Generous leadership")
    code, out, _ = run(capsys, "show", file.name, "--store", str(SAMPLE_POSTS))
    assert code == 0 and out.startswith("Generous leadership")


PAGER_SCRIPT = """
import pathlib, sys
pathlib.Path(sys.argv[1]).write_bytes(sys.stdin.buffer.read())
print("PAGER RAN")
"""


def pager_env(tmp_path: Path, lines: int) -> tuple[dict[str, str], Path]:
    script = tmp_path / "pager.py"
    script.write_text(PAGER_SCRIPT, encoding="utf-8")
    paged = tmp_path / "paged.txt"
    env = {
        **os.environ,
        "PAGER": f"{sys.executable} {script} {paged}",
        "COLUMNS": "80",
        "LINES": str(lines),
        "TERM": "xterm-256color",
    }
    return env, paged


def test_show_pages_a_long_post_on_a_terminal(tmp_path: Path) -> None:
    env, paged = pager_env(tmp_path, lines=10)
    out = run_in_terminal("show", "generous", "--store", str(SAMPLE_POSTS), env=env)
    assert b"PAGER RAN" in out
    text = paged.read_bytes()
    assert b"Generous leadership" in text and b"\x1b[" in text  # styled, for less -R
    assert b"Generous leadership" not in out


def test_show_does_not_page_when_asked_not_to_or_when_it_fits(tmp_path: Path) -> None:
    env, paged = pager_env(tmp_path, lines=10)
    out = run_in_terminal("show", "generous", "--no-pager", "--store", str(SAMPLE_POSTS), env=env)
    assert b"Generous leadership" in out and b"PAGER RAN" not in out
    env["LINES"] = "5000"
    out = run_in_terminal("show", "generous", "--store", str(SAMPLE_POSTS), env=env)
    assert b"Generous leadership" in out and b"PAGER RAN" not in out
    assert not paged.exists()


def test_list_on_a_terminal_is_aligned_to_its_width() -> None:
    env = {**os.environ, "COLUMNS": "60", "TERM": "xterm-256color", "NO_COLOR": "1"}
    out = run_in_terminal("list", "--store", str(SAMPLE_POSTS), env=env).decode()
    lines = out.splitlines()
    assert len(lines) == 5 and "\t" not in out
    assert all(len(line.rstrip()) <= 60 for line in lines)
    # The title column starts at the same place on every line.
    assert len({line.index("  ", len("2017-02-14  *  ")) for line in lines}) == 1
    assert lines[0].startswith("2017-") and "…" in out


def test_help_says_what_bare_reader_does(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "Without a command, `reader` opens the app" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "the store folder to write the posts into" in text
    assert "import does not read it (--into is written)" in text


# -- answering from the index: at once, streamed -------------------------------


def bookmark(capsys: pytest.CaptureFixture[str], store: Path, post_id: str) -> None:
    assert run(capsys, "bookmark", "add", post_id, "--store", str(store))[0] == 0


def test_list_streams_what_print_json_and_post_line_would_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import shutil

    from reader.catalog import Filter, Marks
    from reader.cli.rows import listed_json, post_line
    from reader.index import IndexCatalog

    store = tmp_path / "store"
    shutil.copytree(SAMPLE_POSTS, store)
    (store / "odd.md").write_text(
        '+++\ntitle = "Quotes \\" and \\\\ back \u00e9 \u202e"\nauthors = ["A", "B \\"C\\""]\n'
        'tags = ["x", "y z"]\ndate = 2019-05-06T07:08:09+02:00\nsummary = "In \\"short\\""\n'
        "+++\nBody\n",
        encoding="utf-8",
    )
    run(capsys, "list", "--store", str(store))
    first_id = run(capsys, "list", "--store", str(store))[1].splitlines()[1].split("\t")[2]
    bookmark(capsys, store, first_id)
    catalog = IndexCatalog.open_existing(store)
    assert catalog is not None
    marks = Marks(bookmarked=frozenset({first_id}))
    rows = list(catalog.select(Filter(), marks).rows)
    expected_json = json.dumps(
        [listed_json(r, marks.bookmarked) for r in rows], ensure_ascii=False, indent=2
    )
    expected_lines = "".join(post_line(r, marks.bookmarked) + "\n" for r in rows)
    _, out_json, _ = run(capsys, "list", "--json", "--store", str(store))
    _, out_lines, _ = run(capsys, "list", "--store", str(store))
    assert out_json == expected_json + "\n"
    from reader.safetext import for_terminal

    assert out_lines == for_terminal(expected_lines)
    assert "⟨U+202E⟩" in out_lines and json.loads(out_json)[1]["bookmarked"] is True
    # A filtered list is read by its rowids, not along the date index: the same text.
    tagged = list(catalog.select(Filter(tags=("x",)), marks).rows)
    assert tagged
    _, out_tagged, _ = run(capsys, "list", "--tag", "x", "--store", str(store))
    assert out_tagged == for_terminal(
        "".join(post_line(r, marks.bookmarked) + "\n" for r in tagged)
    )
    _, json_tagged, _ = run(capsys, "list", "--json", "--tag", "x", "--store", str(store))
    assert (
        json_tagged
        == json.dumps(
            [listed_json(r, marks.bookmarked) for r in tagged], ensure_ascii=False, indent=2
        )
        + "\n"
    )
    _, none, _ = run(capsys, "list", "--json", "--tag", "no-such-tag", "--store", str(store))
    assert none == "[]\n"


def test_an_edit_in_place_shows_from_the_next_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    real = time.time_ns
    # Folders changed long ago, as in a store nobody is editing: they vouch.
    monkeypatch.setattr("reader.store_walk.time.time_ns", lambda: real() + 10**12)
    store = tmp_path / "store"
    store.mkdir()
    post = store / "a.md"
    post.write_text("# Before\n\nBody.\n", encoding="utf-8")
    assert run(capsys, "list", "--store", str(store))[1].endswith("\ta\tBefore\n")
    time.sleep(0.05)
    # Rewritten in place (same file, same folder): no folder's time moves.
    post.write_text("---\ntitle: After\ndate: never\n---\nBody.\n", encoding="utf-8")
    code, out, err = run(capsys, "list", "--store", str(store))
    # Answered from the index at once; the refresh after the answer read the
    # change and reported its problem.
    assert (code, out.endswith("\ta\tBefore\n")) == (0, True)
    assert "a.md" in err and "never" in err
    assert run(capsys, "list", "--store", str(store))[1].endswith("\ta\tAfter\n")
    # A new file moves its folder: the refresh comes first, and it shows at once.
    (store / "b.md").write_text("# Bee\n", encoding="utf-8")
    assert "\tb\tBee" in run(capsys, "list", "--store", str(store))[1]


def test_show_by_exact_id_reads_no_list_of_ids(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.index import IndexCatalog

    run(capsys, "list", "--store", str(SAMPLE_POSTS))
    post_id = run(capsys, "list", "--store", str(SAMPLE_POSTS))[1].splitlines()[0].split("\t")[2]

    def every_id(self: IndexCatalog) -> list[str]:
        raise AssertionError("an exact id needs no list of every id")

    monkeypatch.setattr(IndexCatalog, "ids", every_id)
    code, out, _ = run(capsys, "show", post_id, "--plain", "--store", str(SAMPLE_POSTS))
    assert code == 0 and out.strip()
