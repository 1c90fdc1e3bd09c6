"""The entry importer writes only into the store folder, never through a link."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_helpers import posts, run_import

from reader.importers.ledger import LEDGER_NAME

PAGE_FEED = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
<title>b</title><id>blog</id>
<entry><id>page-1</id><blogger:type>PAGE</blogger:type><title>About</title>
<content type="html">&lt;p&gt;Me&lt;/p&gt;</content></entry>
<entry><id>post-1</id><blogger:type>POST</blogger:type><title>Hello</title>
<content type="html">&lt;p&gt;Hi&lt;/p&gt;</content></entry>
</feed>
"""


def test_a_symlinked_folder_is_never_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    into = tmp_path / "store"
    into.mkdir()
    (into / "pages").symlink_to(outside)
    source = tmp_path / "takeout.atom"
    source.write_text(PAGE_FEED, encoding="utf-8")
    code, out, _err = run_import(capsys, str(source), "--into", str(into))
    assert code == 0
    assert list(outside.iterdir()) == []
    assert [p.name for p in posts(into)] == ["hello.md"]
    assert "skipped" in out and "is a link or not a folder; not written" in out


def test_a_symlinked_ledger_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into = tmp_path / "store"
    into.mkdir()
    target = tmp_path / "elsewhere.toml"
    target.write_text("version = 1\n", encoding="utf-8")
    (into / LEDGER_NAME).symlink_to(target)
    source = tmp_path / "f.json"
    source.write_text(json.dumps({"items": [{"id": "a", "title": "A", "content_text": "x"}]}))
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert (code, out) == (1, "")
    assert err == f"reader: {into / LEDGER_NAME}: a symlink; not followed\n"
    assert target.read_text(encoding="utf-8") == "version = 1\n"
    assert posts(into) == []


def test_a_damaged_ledger_stops_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "store"
    into.mkdir()
    (into / LEDGER_NAME).write_text("entries = [", encoding="utf-8")
    source = tmp_path / "f.json"
    source.write_text(json.dumps({"items": [{"id": "a", "title": "A", "content_text": "x"}]}))
    code, _out, err = run_import(capsys, str(source), "--into", str(into))
    assert code == 1 and "the import ledger does not parse" in err
    assert posts(into) == []


def test_scrapes_and_feeds_in_one_import_all_or_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import SEED

    feed = tmp_path / "f.json"
    feed.write_text(json.dumps({"items": [{"id": "a", "title": "A", "content_text": "x"}]}))
    broken = tmp_path / "broken.json"
    broken.write_text('{"items": [', encoding="utf-8")
    into = tmp_path / "store"
    code, _out, err = run_import(capsys, str(SEED), str(feed), str(broken), "--into", str(into))
    assert code == 1 and err.startswith(f"reader: {broken}:1: malformed JSON")
    assert not into.exists()
    code, out, err = run_import(capsys, str(SEED), str(feed), "--into", str(into))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert "5 posts: 5 written, 0 unchanged" in lines
    assert lines[-1] == "1 entry: 1 written, 0 updated, 0 unchanged"
    assert len(posts(into)) == 6


@pytest.mark.parametrize("args", [[], ["x.xml"], ["--into", "somewhere"]])
def test_sources_and_folder_are_needed(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    from reader.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["import", *args])
    assert exit_info.value.code == 2
    assert "SOURCE... and --into DIR are needed (or --formats)" in capsys.readouterr().err
