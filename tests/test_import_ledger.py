"""The import ledger: re-imports change nothing, upstream changes update only their
file, the user's edits survive, retitled entries keep their names, dry runs write nothing."""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_helpers import front, posts, run_import, snapshot

from reader.importers import plan as plan_module
from reader.importers.ledger import LEDGER_NAME
from reader.importers.plan import plan_entries
from reader.importers.run import run_import as import_sources

Item = dict[str, str]


def feed(items: list[Item]) -> str:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})


def entry(n: int, title: str, text: str) -> Item:
    return {
        "id": f"id-{n}",
        "title": title,
        "content_text": text,
        "date_published": f"2024-01-{n % 28 + 1:02d}T00:00:00Z",
    }


titles = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30)
texts = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1)
feeds = st.lists(st.tuples(titles, texts), min_size=1, max_size=8).map(
    lambda pairs: [entry(n, title, text) for n, (title, text) in enumerate(pairs)]
)
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fresh() -> tuple[Path, Path]:
    folder = Path(tempfile.mkdtemp())
    return folder / "feed.json", folder / "store"


@SETTINGS
@given(feeds)
def test_importing_twice_writes_nothing_the_second_time(items: list[Item]) -> None:
    source, into = fresh()
    try:
        source.write_text(feed(items), encoding="utf-8")
        import_sources([str(source)], into)
        before = snapshot(into)
        assert len(posts(into)) == len(items)
        plan = import_sources([str(source)], into).entries
        assert plan is not None
        assert {planned.action for planned in plan.files} == {"unchanged"}
        assert snapshot(into) == before  # bytes and mtimes, the ledger too
    finally:
        shutil.rmtree(source.parent)


@SETTINGS
@given(feeds, st.data())
def test_an_upstream_change_updates_only_that_file(items: list[Item], data: st.DataObject) -> None:
    source, into = fresh()
    try:
        source.write_text(feed(items), encoding="utf-8")
        import_sources([str(source)], into)
        before = snapshot(into)
        changed = data.draw(st.integers(0, len(items) - 1))
        items[changed] = {**items[changed], "content_text": items[changed]["content_text"] + " X"}
        source.write_text(feed(items), encoding="utf-8")
        plan = import_sources([str(source)], into).entries
        assert plan is not None
        after = snapshot(into)
        differ = {name for name in after if after[name] != before.get(name)}
        target = next(p.file for p in plan.files if p.entry_id == f"id-{changed}")
        assert differ == {target, LEDGER_NAME}
        assert (into / target).read_text(encoding="utf-8").rstrip().endswith("X")
    finally:
        shutil.rmtree(source.parent)


@SETTINGS
@given(feeds, st.data())
def test_a_users_edit_survives_a_reimport(items: list[Item], data: st.DataObject) -> None:
    source, into = fresh()
    try:
        source.write_text(feed(items), encoding="utf-8")
        first = import_sources([str(source)], into).entries
        assert first is not None
        edited_n = data.draw(st.integers(0, len(items) - 1))
        edited = into / next(p.file for p in first.files if p.entry_id == f"id-{edited_n}")
        mine = edited.read_bytes() + b"\nMy own note.\n"
        edited.write_bytes(mine)
        # Upstream changes every entry, the one the user edited too.
        items = [{**item, "content_text": item["content_text"] + " new"} for item in items]
        source.write_text(feed(items), encoding="utf-8")
        plan = import_sources([str(source)], into).entries
        assert plan is not None
        assert edited.read_bytes() == mine
        actions = {p.entry_id: p.action for p in plan.files}
        assert actions.pop(f"id-{edited_n}") == "kept"
        assert set(actions.values()) <= {"update"}
    finally:
        shutil.rmtree(source.parent)


def test_retitled_entry_keeps_its_file_and_same_titles_get_two_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, into = tmp_path / "f.json", tmp_path / "store"
    items = [entry(1, "Same title", "one"), entry(1, "Same title", "two")]
    items[1]["id"] = "id-other"
    source.write_text(feed(items), encoding="utf-8")
    assert run_import(capsys, str(source), "--into", str(into))[0] == 0
    names = [path.name for path in posts(into)]
    assert names == ["2024-01-02-same-title-2.md", "2024-01-02-same-title.md"]
    items[0]["title"] = "A new title"
    source.write_text(feed(items), encoding="utf-8")
    code, out, _err = run_import(capsys, str(source), "--into", str(into))
    assert code == 0
    assert f"updated      {into / '2024-01-02-same-title.md'}" in out
    assert [path.name for path in posts(into)] == names
    assert front(into / "2024-01-02-same-title.md")["title"] == "A new title"
    ledger = tomllib.loads((into / LEDGER_NAME).read_text(encoding="utf-8"))
    assert ledger["version"] == 1
    assert ledger["entries"]["id-1"]["file"] == "2024-01-02-same-title.md"
    assert set(ledger["entries"]["id-1"]) == {"file", "sha256", "source", "format"}


def test_dry_run_says_what_would_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, into = tmp_path / "f.json", tmp_path / "store"
    source.write_text(feed([entry(1, "One", "a"), entry(2, "Two", "b")]), encoding="utf-8")
    code, out, _err = run_import(capsys, str(source), "--into", str(into), "--dry-run")
    assert code == 0 and not into.exists()
    assert out.splitlines()[0] == f"would write  {into / '2024-01-02-one.md'}"
    assert out.splitlines()[-1].endswith("(dry run: nothing written)")
    run_import(capsys, str(source), "--into", str(into))
    before = snapshot(into)
    source.write_text(feed([entry(1, "One", "changed"), entry(2, "Two", "b")]), encoding="utf-8")
    code, out, _err = run_import(capsys, str(source), "--into", str(into), "--dry-run")
    assert f"would update  {into / '2024-01-02-one.md'}" in out
    assert snapshot(into) == before


def test_a_user_edit_is_said_and_a_deleted_file_comes_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, into = tmp_path / "f.json", tmp_path / "store"
    source.write_text(feed([entry(1, "One", "a"), entry(2, "Two", "b")]), encoding="utf-8")
    run_import(capsys, str(source), "--into", str(into))
    (into / "2024-01-02-one.md").write_text("my version\n", encoding="utf-8")
    (into / "2024-01-03-two.md").unlink()
    source.write_text(feed([entry(1, "One", "a2"), entry(2, "Two", "b")]), encoding="utf-8")
    code, out, _err = run_import(capsys, str(source), "--into", str(into))
    assert code == 0
    assert (
        f"kept         {into / '2024-01-02-one.md'}: edited since it was imported; kept as it is"
        in out
    )
    assert (into / "2024-01-02-one.md").read_text(encoding="utf-8") == "my version\n"
    assert (into / "2024-01-03-two.md").exists()


def test_a_file_not_in_the_ledger_is_never_overwritten(tmp_path: Path) -> None:
    source, into = tmp_path / "f.json", tmp_path / "store"
    into.mkdir()
    (into / "2024-01-02-one.md").write_text("someone else's\n", encoding="utf-8")
    (into / "2024-01-02-one-2.md").symlink_to(tmp_path / "elsewhere.md")
    source.write_text(feed([entry(1, "One", "a")]), encoding="utf-8")
    plan = plan_entries([], into)
    assert plan.files == []
    result = import_sources([str(source)], into).entries
    assert result is not None
    assert [p.file for p in result.files] == ["2024-01-02-one-3.md"]
    assert (into / "2024-01-02-one.md").read_text(encoding="utf-8") == "someone else's\n"
    assert not (tmp_path / "elsewhere.md").exists()


@pytest.mark.parametrize("keep", [0, 600, 10**9])
def test_files_past_the_keep_budget_are_rendered_again_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: int
) -> None:
    monkeypatch.setattr(plan_module, "KEEP_BYTES", keep)
    source, into = tmp_path / "f.json", tmp_path / "store"
    items = [entry(n, f"Title {n}", f"text {n} " * 20) for n in range(6)]
    source.write_text(feed(items), encoding="utf-8")
    result = import_sources([str(source)], into).entries
    assert result is not None
    assert (len(result.kept_content) == 6) == (keep == 10**9)
    assert (len(result.kept_content) == 0) == (keep == 0)
    for planned in result.files:
        text = (into / planned.file).read_text(encoding="utf-8")
        assert f"text {planned.entry_id.removeprefix('id-')} " in text
    again = import_sources([str(source)], into).entries
    assert again is not None
    assert {p.action for p in again.files} == {"unchanged"}
