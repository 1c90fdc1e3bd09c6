"""Read-later lists: Pocket's CSV and HTML, Instapaper's CSV, a browser's bookmarks.

Each saved link becomes a short post, bookmarked, read or unread as exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from import_helpers import body, front, load, posts, run_import, snapshot

from reader.userdata.bookmarks import BookmarkFile
from reader.userdata.paths import store_key
from reader.userdata.readstate import ReadState

T1 = 1700000000  # 2023-11-14 22:13:20 UTC
T2 = 1710000000  # 2024-03-09 16:00:00 UTC

POCKET_CSV = f"""title,url,time_added,tags,status
Read me later,https://a.example/one,{T1},python|tools,unread
"An ""archived"" one",https://b.example/two,{T2},,archive
"""

INSTAPAPER_CSV = f"""URL,Title,Selection,Folder,Timestamp,Tags
https://c.example/three,Instapaper three,,Unread,{T1},"[""longread""]"
https://d.example/four,Instapaper four,a quote,Archive,{T2},
https://e.example/five,Instapaper five,,Recipes,{T2},
"""

POCKET_HTML = f"""<!DOCTYPE html>
<html><head><title>Pocket Export</title></head><body>
<h1>Unread</h1>
<ul><li><a href="https://f.example/six" time_added="{T1}" tags="news,daily">Six</a></li></ul>
<h1>Read Archive</h1>
<ul><li><a href="https://g.example/seven" time_added="{T2}" tags="">Seven</a></li></ul>
</body></html>
"""

BOOKMARKS_HTML = f"""<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
    <DT><H3 ADD_DATE="{T1}">Reading</H3>
    <DL><p>
        <DT><A HREF="https://h.example/eight" ADD_DATE="{T1}">Eight &amp; more</A>
        <DT><H3>Deep</H3>
        <DL><p>
            <DT><A HREF="https://i.example/nine" ADD_DATE="{T2}" TAGS="x,y">Nine</A>
        </DL><p>
    </DL><p>
    <DT><A HREF="https://j.example/ten" ADD_DATE="{T2}">Ten</A>
    <DT><A HREF="javascript:alert(1)">A bookmarklet</A>
</DL><p>
"""


def imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> tuple[Path, dict[str, dict[str, Any]]]:
    source = tmp_path / "export"
    source.write_text(text, encoding="utf-8")
    into = tmp_path / "store"
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert (code, err) == (0, ""), err
    assert "bookmarked" in out
    return into, {front(path)["permalink"]: front(path) for path in posts(into)}


def marks(into: Path) -> dict[str, str]:
    """Bookmarked post ids of the store and their titles."""
    return {mark.post_id: mark.title for mark in BookmarkFile().for_store(store_key(into))}


def read_ids(into: Path) -> frozenset[str]:
    with ReadState() as state:
        return state.read_ids(store_key(into))


def test_pocket_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into, by_url = imported(tmp_path, capsys, POCKET_CSV)
    one = by_url["https://a.example/one"]
    assert one["title"] == "Read me later"
    assert one["date"] == dt.datetime.fromtimestamp(T1, dt.UTC)
    assert one["tags"] == ["python", "tools"]
    assert one["extra"]["format"] == "pocket-csv"
    assert one["extra"]["id"] == "url:https://a.example/one"
    assert one["extra"]["stub"] is True
    assert by_url["https://b.example/two"]["title"] == 'An "archived" one'
    assert marks(into) == {
        "2023-11-14-read-me-later": "Read me later",
        "2024-03-09-an-archived-one": 'An "archived" one',
    }
    assert read_ids(into) == {"2024-03-09-an-archived-one"}
    path = into / "2023-11-14-read-me-later.md"
    assert "https://a.example/one" in body(path) and "Saved 2023-11-14" in body(path)
    load(path, into)


def test_instapaper_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into, by_url = imported(tmp_path, capsys, INSTAPAPER_CSV)
    assert by_url["https://c.example/three"]["tags"] == ["longread"]
    assert by_url["https://e.example/five"]["tags"] == ["Recipes"]  # a folder is a tag
    assert by_url["https://d.example/four"]["extra"]["format"] == "instapaper-csv"
    assert len(marks(into)) == 3
    assert read_ids(into) == {"2024-03-09-instapaper-four"}


def test_pocket_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into, by_url = imported(tmp_path, capsys, POCKET_HTML)
    assert by_url["https://f.example/six"]["tags"] == ["news", "daily"]
    assert by_url["https://f.example/six"]["extra"]["format"] == "pocket-html"
    assert read_ids(into) == {"2024-03-09-seven"}
    assert len(marks(into)) == 2


def test_browser_bookmarks_folders_become_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into, by_url = imported(tmp_path, capsys, BOOKMARKS_HTML)
    assert set(by_url) == {
        "https://h.example/eight",
        "https://i.example/nine",
        "https://j.example/ten",
    }
    assert by_url["https://h.example/eight"]["title"] == "Eight & more"
    assert by_url["https://h.example/eight"]["tags"] == ["Reading"]
    assert by_url["https://i.example/nine"]["tags"] == ["x", "y", "Reading", "Deep"]
    assert by_url["https://j.example/ten"]["tags"] == []
    assert len(marks(into)) == 3
    assert read_ids(into) == frozenset()  # the export says nothing of reading


def test_reimport_leaves_bookmarks_and_reading_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into, _ = imported(tmp_path, capsys, POCKET_CSV)
    store = store_key(into)
    BookmarkFile().remove(store, "2023-11-14-read-me-later")
    with ReadState() as state:
        state.mark_read(store, "2024-03-09-an-archived-one", False)
    before = snapshot(into)
    code, out, _err = run_import(capsys, str(tmp_path / "export"), "--into", str(into))
    assert code == 0 and "bookmarked" not in out
    assert snapshot(into) == before
    assert set(marks(into)) == {"2024-03-09-an-archived-one"}
    assert read_ids(into) == frozenset()


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("title,link,added\nx,https://a,1\n", 1, "a CSV without the expected columns"),
        ("url,title\nhttps://a,x\n", 1, "a CSV without the expected columns"),
        (
            "title,url,time_added\nok,https://a.example,1\nbad,,2\n",
            3,
            "a row without a url",
        ),
        ('title,url,time_added\n"never closed,https://a,1\n', 2, "malformed CSV"),
        ("title,url,time_added\nx,https://a,1,extra,fields\n", 2, "more fields than the header"),
    ],
)
def test_bad_lists_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int,
    reason: str,
) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(text, encoding="utf-8")
    into = tmp_path / "store"
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert (code, out) == (1, "")
    assert err.startswith(f"reader: {source}:{line}: "), err
    assert reason in err
    assert not into.exists()
    assert BookmarkFile().all() == []


def test_a_bookmarks_file_that_cannot_change_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.userdata.bookmarks import bookmarks_path

    path = bookmarks_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("version = 99\n", encoding="utf-8")  # from a newer reader: never written
    source = tmp_path / "export"
    source.write_text(POCKET_CSV, encoding="utf-8")
    into = tmp_path / "store"
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert code == 0
    assert len(posts(into)) == 2 and "2 written" in out
    assert "the saved links were not bookmarked" in err
    assert path.read_text(encoding="utf-8") == "version = 99\n"
