"""`reader list --section/--author/--year`, its JSON fields, and `reader facets`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from facet_store import facet_store

from reader.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(facet_store(tmp_path / "store"))


def listed(capsys: pytest.CaptureFixture[str], store: str, *options: str) -> list[str]:
    code, out, err = run(capsys, "list", "--store", store, "--json", *options)
    assert code == 0 and err == ""
    return [row["id"] for row in json.loads(out)]


def test_list_json_has_section_draft_and_summary(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    rows = {
        row["id"]: row for row in json.loads(run(capsys, "list", "--store", store, "--json")[1])
    }
    assert rows["inside-rust/2024-01-10-compiler"]["summary"] == "What changed."
    assert rows["inside-rust/2024-01-10-compiler"]["section"] == "inside-rust"
    assert rows["inside-rust/wip"]["draft"] is True
    assert rows["loose"]["draft"] is False and rows["loose"]["section"] == ""
    assert rows["loose"]["summary"] == ""
    assert "index" not in rows and "releases" not in rows  # section pages


def test_list_filters_by_section_author_and_year(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    assert listed(capsys, store, "--section", "RELEASES") == [
        "releases/2024/one-point-oh",
        "releases/2023/zero-nine",
    ]
    assert listed(capsys, store, "--section", "releases", "--section", "notes") == [
        "releases/2024/one-point-oh",
        "releases/2023/zero-nine",
        "notes/bundle",
    ]
    assert listed(capsys, store, "--author", "ann lee", "--year", "2023") == [
        "releases/2023/zero-nine"
    ]
    assert listed(capsys, store, "--author", "Ann Lee", "--author", "BO CHEN") == [
        "releases/2024/one-point-oh"
    ]
    assert listed(capsys, store, "--year", "2024", "--tag", "release") == [
        "releases/2024/one-point-oh"
    ]


def test_a_facet_no_post_has_is_said_and_a_bad_year_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], store: str
) -> None:
    code, out, err = run(capsys, "list", "--store", store, "--section", "nosuch", "--year", "1999")
    assert code == 0 and out == ""
    assert "no post has the section 'nosuch'" in err
    assert "no post has the year '1999'" in err
    with pytest.raises(SystemExit) as stopped:
        main(["list", "--store", store, "--year", "twenty"])
    assert stopped.value.code == 2
    assert "not a year" in capsys.readouterr().err


def test_facets_prints_each_group_with_more_than_one_value(
    capsys: pytest.CaptureFixture[str], store: str, tmp_path: Path
) -> None:
    code, out, err = run(capsys, "facets", "--store", store)
    assert code == 0 and err == ""
    blocks = {block.split("\n", 1)[0]: block for block in out.strip().split("\n\n")}
    assert list(blocks) == ["tags:", "sections:", "authors:", "years:"]
    assert blocks["sections:"].splitlines()[1:] == [
        "3\tinside-rust\tInside Rust",
        "2\treleases\tReleases",
        "1\tnotes",
    ]
    assert blocks["years:"].splitlines()[1] == "3\t2024"
    one = tmp_path / "one"
    one.mkdir()
    (one / "a.md").write_text("---\ntitle: A\ntags: [x]\n---\n\nA.\n", encoding="utf-8")
    (one / "b.md").write_text("---\ntitle: B\ntags: [y]\n---\n\nB.\n", encoding="utf-8")
    code, out, _ = run(capsys, "facets", "--store", str(one))
    assert code == 0 and out == "tags:\n1\tx\n1\ty\n"


def test_facets_json_has_every_group(capsys: pytest.CaptureFixture[str], store: str) -> None:
    code, out, _ = run(capsys, "facets", "--json", "--store", store)
    assert code == 0
    groups = json.loads(out)
    assert list(groups) == ["tags", "sections", "authors", "years"]
    assert groups["sections"][0] == {"value": "inside-rust", "title": "Inside Rust", "count": 3}
    assert groups["sections"][2] == {"value": "notes", "title": None, "count": 1}
    assert groups["years"][0] == {"value": 2024, "count": 3}
    # Spellings that differ only in case are one value, counted once for all.
    assert {"value": "Ann Lee", "count": 3} in groups["authors"]
    assert all(item["value"] != "ann lee" for item in groups["authors"])
