"""WordPress exports: posts, pages, drafts, what is never imported, shortcodes, comments."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from import_helpers import body, front, load, posts, run_import, snapshot
from wxr_fixture import export, full_export, item

UTC = dt.UTC


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    source = tmp_path / "export.xml"
    source.write_text(full_export(), encoding="utf-8")
    into = tmp_path / "store"
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert (code, err) == (0, ""), err
    assert out.splitlines()[-1] == "5 entries: 5 written, 0 updated, 0 unchanged"
    return into


def test_posts_pages_and_drafts(imported: Path) -> None:
    names = [str(path.relative_to(imported)) for path in posts(imported)]
    # Attachments, menu items and the trash are never imported.
    assert names == [
        "2020-02-03-classic-post.md",
        "2020-02-03-not-yet.md",
        "2020-02-03-secret.md",
        "2020-03-01-block-post.md",
        "pages/2020-02-03-about.md",
    ]
    classic = front(imported / names[0])
    assert classic["date"] == dt.datetime(2020, 2, 3, 4, 5, 6, tzinfo=UTC)  # GMT, not local
    assert classic["authors"] == ["Ada Lovelace"]
    assert classic["tags"] == ["News", "cats"]
    assert classic["permalink"] == "https://wp.example/?p=1"
    assert classic["extra"]["format"] == "wxr"
    assert classic["extra"]["id"] == "wxr:https://wp.example:1"
    assert "draft" not in classic
    assert front(imported / names[1])["draft"] is True
    assert front(imported / names[2])["draft"] is True
    for name in names:
        load(imported / name, imported)


def test_shortcodes_become_what_they_mean(imported: Path) -> None:
    text = body(imported / "2020-02-03-classic-post.md")
    assert "[caption" not in text and "[gallery" not in text and "[embed" not in text
    assert "[audio" not in text and "[video" not in text
    assert "https://wp.example/cat.jpg" in text and "A cat on a mat" in text
    # The gallery names attachments that come after the post in the export.
    assert "https://wp.example/dog.jpg" in text
    assert "https://www.youtube.com/watch?v=abc" in text
    assert "https://wp.example/song.mp3" in text and "https://wp.example/clip.mp4" in text
    paragraphs = [part for part in text.split("\n\n") if part.strip()]
    assert paragraphs[0] == "First paragraph of a classic post."
    assert any(part.startswith("Last line") and "with a break." in part for part in paragraphs)


def test_block_comments_are_dropped(imported: Path) -> None:
    text = body(imported / "2020-03-01-block-post.md")
    assert "wp:" not in text and "<!--" not in text
    assert "A block paragraph." in text
    assert "### A block heading" in text
    assert "- alpha" in text and "- beta" in text


def test_approved_comments_are_kept(imported: Path) -> None:
    comments = front(imported / "2020-02-03-classic-post.md")["extra"]["comments"]
    assert comments == [
        {
            "author": "Reader One",
            "date": dt.datetime(2020, 2, 4, 10, 0, tzinfo=UTC),
            "text": "Great <em>post</em>!",
        }
    ]


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_older_wxr_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    source = tmp_path / "old.xml"
    source.write_text(full_export(version), encoding="utf-8")
    into = tmp_path / "store"
    assert run_import(capsys, str(source), "--into", str(into))[0] == 0
    assert len(posts(into)) == 5


@pytest.mark.parametrize(
    ("damage", "line", "reason"),
    [
        (lambda text: text[: len(text) * 2 // 3], None, "malformed XML"),
        (lambda text: text.replace("</title>", "</tittle>", 2), None, "mismatched tag"),
        (
            lambda text: text.replace(
                "<rss", '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n<rss', 1
            ),
            2,
            "refused: the XML declares entities",
        ),
        (
            lambda text: text.replace(
                "<rss", '<!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n<rss', 1
            ),
            2,
            "refused",
        ),
    ],
)
def test_bad_exports_write_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    damage: object,
    line: int | None,
    reason: str,
) -> None:
    into = tmp_path / "store"
    into.mkdir()
    source = tmp_path / "bad.xml"
    assert callable(damage)
    source.write_text(damage(full_export()), encoding="utf-8")
    code, out, err = run_import(capsys, str(source), "--into", str(into))
    assert code == 1 and out == ""
    assert err.startswith(f"reader: {source}:{line if line else ''}"), err
    assert reason in err
    assert snapshot(into) == {}


def test_large_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    """A 50 MB export imports in a child process whose peak memory stays far
    below what holding the parsed tree would take."""
    big = "<p>" + "All work and no play makes Jack a dull boy. " * 400 + "</p>"
    source = tmp_path / "big.xml"
    head, tail = export("@ITEMS@").split("@ITEMS@")
    with source.open("w", encoding="utf-8") as out:
        out.write(head)
        for n in range(3000):
            out.write(item(n, f"Post {n}", big, gmt="2021-01-01 00:00:00"))
        out.write(tail)
    size = source.stat().st_size
    assert size > 50 * 1024 * 1024
    into = tmp_path / "store"
    # VmHWM is the child's own peak; getrusage in a child can count the parent's
    # pages from before exec.
    script = (
        "from pathlib import Path\n"
        "from reader.importers.run import run_import\n"
        f"run_import([{str(source)!r}], Path({str(into)!r}))\n"
        "status = Path('/proc/self/status').read_text()\n"
        "print(next(l.split()[1] for l in status.splitlines() if l.startswith('VmHWM')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=600
    )
    peak_kb = int(done.stdout.split()[-1])
    assert len(posts(into)) == 3000
    # The bytes are held once (50 MB) beside the interpreter and its libraries
    # (about 35 MB); a whole ElementTree of the export would take several times more.
    assert peak_kb * 1024 < 3 * size, (peak_kb, size)
