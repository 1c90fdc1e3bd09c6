"""`reader search` and `reader index` on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from index_helpers import sample_store, write_post

from reader.cli import main
from reader.index.schema import database_path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return sample_store(tmp_path / "store")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", str(store), "search", "leadership power", "--json")
    assert code == 0
    results = json.loads(out)
    assert [r["id"] for r in results] == ["2019/politics", "2016/generous"]
    first = results[0]
    fields = "id title date updated authors tags path bookmarked score snippet"
    assert set(first) == set(fields.split())
    assert first["date"] == "2019-03-03" and first["path"] == "2019/politics.md"
    assert first["tags"] == ["politics", "leadership"] and first["bookmarked"] is False
    assert first["score"] > 0
    assert first["snippet"] == "**Leadership** under pressure, politics of **power**."


def test_search_limit_and_bookmarks(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reader.userdata.bookmarks import BookmarkFile
    from reader.userdata.paths import store_key

    BookmarkFile().add(store_key(store), "2017/charity", "Charity boards")
    code, out, _ = run(
        capsys, "search", "leadership", "--limit", "2", "--json", "--store", str(store)
    )
    assert code == 0
    results = json.loads(out)
    assert len(results) == 2
    code, out, _ = run(capsys, "--store", str(store), "search", "is:bookmarked", "--json")
    assert [(r["id"], r["bookmarked"]) for r in json.loads(out)] == [("2017/charity", True)]


def test_plain_output_when_piped(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--store", str(store), "search", '"new york"')
    assert code == 0
    assert out.splitlines() == [
        "2017-02-14\t \t2017/charity\tCharity boards\t"
        "A note on leadership in small charities and the **new** **york** office."
    ]


def test_no_result_is_success(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--store", str(store), "search", "xylophone", "--json") == (0, "[]\n", "")
    assert run(capsys, "--store", str(store), "search", "xylophone") == (0, "", "")


@pytest.mark.parametrize(
    "query", ['"unbalanced', "OR", "-", "NEAR(a b)", "'; DROP TABLE posts; --", "tag:", "*", ""]
)
def test_odd_queries_answer(store: Path, capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, err = run(capsys, "--store", str(store), "search", query, "--json")
    assert code == 0 and err == ""
    assert isinstance(json.loads(out), list)


@pytest.mark.parametrize("limit", ["-3", "ten", "99999999999999999999"])
def test_a_bad_limit_is_a_usage_error(
    store: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--store", str(store), "search", "x", "--limit", limit])
    assert stop.value.code == 2  # docs/design.md §4: a usage error, not a failure
    out, err = capsys.readouterr()
    assert out == "" and "--limit" in err.splitlines()[-1]


def test_search_without_a_usable_cache_folder_reads_the_store(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = store.parent / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    # The whole search language still works: a tag, a phrase, a word left out.
    query = 'tag:leadership "under pressure" -charity'
    code, out, err = run(capsys, "--store", str(store), "search", query, "--json")
    assert code == 0
    assert [result["id"] for result in json.loads(out)] == ["2019/politics"]
    (line,) = err.splitlines()
    assert line.startswith(f"reader: the search index could not be opened ({blocker}/cache")
    assert line.endswith(": Not a directory); reading the posts directly")
    assert not blocker.with_name(":memory:").exists() and not Path(":memory:").exists()


def test_a_result_whose_file_went_is_left_out(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--store", str(store), "index")
    (store / "2019" / "politics.md").unlink()
    code, out, err = run(capsys, "--store", str(store), "search", "politics", "--json")
    assert code == 0 and json.loads(out) == []
    assert "reader index" in err


def test_index_builds_refreshes_and_rebuilds(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--store", str(store), "index")
    assert code == 0 and err == ""
    assert out.startswith("index refreshed: 6 posts (6 added, 0 changed, 0 removed)")
    assert database_path(store).is_file()
    write_post(store, "2023/x.md", "X", "Ex.")
    (store / "empty.md").write_text("")
    code, out, err = run(capsys, "--store", str(store), "index")
    # Counted in posts: the empty file was read but added nothing.
    assert out.startswith("index refreshed: 7 posts (1 added, 0 changed, 0 removed)")
    assert err == "empty.md: empty file; skipped\n"
    code, out, _ = run(capsys, "--store", str(store), "index", "--rebuild")
    assert out.startswith("index rebuilt: 7 posts (7 added")


def test_search_does_not_import_textual_or_rich(store: Path) -> None:
    code = (
        "import sys; from reader.cli import main; "
        f"rc = main(['--store', {str(store)!r}, 'search', 'leadership', '--json']); "
        "assert rc == 0; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "assert not bad, bad"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"]


def test_index_progress_bar_on_a_terminal_shows_no_markup(tmp_path: Path) -> None:
    import os

    from conftest import SAMPLE_POSTS
    from terminal import run_in_terminal

    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm-256color"}
    out = run_in_terminal("index", "--store", str(SAMPLE_POSTS), env=env)
    assert b"index refreshed: 5 posts" in out or b"index rebuilt: 5 posts" in out
    assert b"[progress" not in out and b"Traceback" not in out


# -- queries that start with `-`, limits, and full disks -----------------------


def search_ids(capsys: pytest.CaptureFixture[str], store: Path, *argv: str) -> list[str]:
    code, out, _ = run(capsys, "--store", str(store), "search", "--json", "--limit", "0", *argv)
    assert code == 0
    return sorted(row["id"] for row in json.loads(out))


def test_a_query_may_start_with_a_dash(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = search_ids(capsys, store, "after:1900")
    tagged = search_ids(capsys, store, "tag:politics")
    assert tagged and set(tagged) < set(everything)
    without = search_ids(capsys, store, "-tag:politics")
    assert without == sorted(set(everything) - set(tagged))
    assert search_ids(capsys, store, "-leadership") == sorted(
        set(everything) - set(search_ids(capsys, store, "leadership"))
    )
    # Words in order, `--` ending the options: what follows is all query.
    assert search_ids(capsys, store, "leadership", "-tag:politics") == sorted(
        set(search_ids(capsys, store, "leadership")) - set(tagged)
    )
    assert search_ids(capsys, store, "--", "-tag:politics") == without


def test_search_needs_a_query(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--store", str(store), "search", "--json"])
    assert stop.value.code == 2 and "query" in capsys.readouterr().err


def test_cut_results_are_said_on_stderr(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    every = search_ids(capsys, store, "after:1900")
    assert len(every) > 2
    code, out, err = run(capsys, "--store", str(store), "search", "after:1900", "--limit", "2")
    assert code == 0 and len(out.splitlines()) == 2
    assert err == f"reader: 2 of {len(every)}; --limit N or --limit 0 for all\n"
    code, out, err = run(capsys, "--store", str(store), "search", "after:1900", "--json")
    assert len(json.loads(out)) == len(every) and err == ""  # under the default of 20
    _, out, err = run(capsys, "--store", str(store), "search", "after:1900", "--limit=1", "--json")
    assert len(json.loads(out)) == 1 and f"1 of {len(every)}" in err


def test_help_documents_the_default_limit(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["search", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "default: 20; 0 for all" in out and "-brexit" in out


def test_a_full_disk_is_said_plainly(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import sqlite3

    import reader.index
    from reader.index import IndexCatalog

    def full(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # Searching answers from memory after one line that says what is wrong.
    monkeypatch.setattr(reader.index, "open_ready", full)
    code, out, err = run(capsys, "--store", str(store), "search", "leadership")
    assert code == 0 and out and "unexpected" not in err
    assert "database or disk is full" in err and err.count("\n") == 1

    # Anything else that meets a full disk says so, naming the folder.
    def no_space(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(store / "x" / "file.tmp"))

    monkeypatch.setattr(IndexCatalog, "in_memory", no_space)
    code, _, err = run(capsys, "--store", str(store), "search", "x")
    assert code == 1 and f"the disk is full: {store / 'x'} could not be written" in err

    def wrapped(*_: object, **__: object) -> None:
        try:
            full()
        except sqlite3.OperationalError as error:
            raise RuntimeError("while indexing") from error

    monkeypatch.setattr(IndexCatalog, "in_memory", wrapped)
    code, _, err = run(capsys, "--store", str(store), "search", "x")
    assert code == 1 and err.splitlines()[-1].startswith("reader: the disk is full: ")


def test_index_counts_one_post_in_the_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(tmp_path / "one", "only.md", "Only", "Just one.")
    code, out, _ = run(capsys, "--store", str(tmp_path / "one"), "index")
    assert code == 0 and ": 1 post (1 added," in out
