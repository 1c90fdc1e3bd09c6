"""One cleaner for every message: stderr, stdout lines, notifications, and crashes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from app_stores import settle, write_store
from conftest import ROOT, SAMPLE_POSTS
from terminal import run_on_pty

from reader.cli import main
from reader.safetext import for_terminal
from reader.tui.app import ReaderApp
from reader.userdata.config import Config

ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[41m"
FORBIDDEN = ("\x1b", "\x07", "\x9b")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(text: str) -> None:
    for bad in FORBIDDEN:
        assert bad not in text
    assert "\u202e" not in text and "\u200b" not in text


# -- the cleaner ---------------------------------------------------------------


def test_for_terminal_replaces_controls_and_marks_invisible_characters() -> None:
    plain = "plain text\twith a tab\nand a line"
    assert for_terminal(plain) == plain
    assert for_terminal("a\x1b[2Jb\x07c\rd\x9be") == "a\ufffd[2Jb\ufffdc\ufffdd\ufffde"
    assert for_terminal("evil\u202etxt.exe") == "evil⟨U+202E⟩txt.exe"
    assert for_terminal("zero\u200bwidth\ufeff") == "zero⟨U+200B⟩width⟨U+FEFF⟩"
    assert for_terminal("\u2066isolate\u2069") == "⟨U+2066⟩isolate⟨U+2069⟩"


def test_for_terminal_replaces_bytes_that_were_not_utf8() -> None:
    cleaned = for_terminal(os.fsdecode(b"/tmp/st\xffore"))
    assert cleaned == "/tmp/st\ufffdore"
    cleaned.encode("utf-8")  # no UnicodeEncodeError


# -- stderr --------------------------------------------------------------------


def test_front_matter_warnings_are_cleaned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "bad.md").write_text(
        f"---\ntitle: Bad\ndate: {ESCAPES}\n---\n\nBody.\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "list", "--store", str(store))
    assert code == 0 and "Bad" in out
    assert "bad.md" in err and "\ufffd]52;c;" in err
    assert_clean(err)


def test_an_argument_echoed_in_an_error_is_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", f"{ESCAPES}\u202e", "--store", str(SAMPLE_POSTS))
    assert code == 1 and "no post matches" in err and "⟨U+202E⟩" in err
    assert_clean(err)


def test_a_usage_error_quoting_an_argument_is_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["list", f"--bogus{ESCAPES}"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments" in err
    assert_clean(err)


def test_a_config_store_value_is_cleaned(
    isolated_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = isolated_dirs / ".config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('store = "/nowhere\\u001b]52;c;eA==\\u0007"\n', encoding="utf-8")
    code, _, err = run(capsys, "list")
    assert code == 1 and "no such store folder (from config.toml)" in err
    assert_clean(err)


def test_a_store_path_that_is_not_utf8_lists_and_refuses_a_bookmark_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/st\xffore")
    os.mkdir(folder)
    Path(folder, "a.md").write_text("# A\n", encoding="utf-8")
    code, out, err = run(capsys, "--store", folder, "list")
    assert code == 0 and "A" in out
    code, _, err = run(capsys, "--store", folder, "bookmark", "add", "a")
    assert code == 1 and "st\ufffdore" in err and "not UTF-8" in err
    assert "Traceback" not in err and "unexpected" not in err and "\n" not in err.strip()


# -- notifications -------------------------------------------------------------


async def test_every_notification_is_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []

    def record(self: Any, message: str, *, title: str = "", **_: Any) -> None:
        shown.append((title, message))

    monkeypatch.setattr("textual.app.App.notify", record)
    config = Config(keys={f"nonsense{ESCAPES}": "z"}, theme=f"dark{ESCAPES}")
    app = ReaderApp(
        write_store(tmp_path / "posts"),
        config=config,
        config_warnings=[f"config.toml: bad value {ESCAPES}\u202e"],
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.notify(f"from a screen {ESCAPES}", title=f"title {ESCAPES}\u200b")
        await settle(pilot)
    text = "\n".join(f"{title}|{message}" for title, message in shown)
    assert "bad value" in text and "unknown theme" in text and "unknown binding ids" in text
    assert "from a screen" in text and "title " in text and "⟨U+200B⟩" in text
    assert_clean(text)


# -- a crash in the app --------------------------------------------------------

CRASHING_APP = """
import sys
from reader.tui.app import ReaderApp

def boom(self):
    raise RuntimeError("boom in the app")

ReaderApp.on_mount = boom
from reader.cli import main
sys.exit(main(["--store", sys.argv[1]]))
"""


def run_on_a_terminal(script: str, *args: str) -> tuple[int, bytes]:
    """Run `python -c script ARGS` on a pseudo-terminal; its exit status and output."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    env.pop("READER_DEBUG", None)
    env["PYTHONPATH"] = str(ROOT)
    return run_on_pty([sys.executable, "-c", script, *args], env)


def test_a_crash_in_the_app_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    code, out = run_on_a_terminal(CRASHING_APP, str(write_store(tmp_path / "posts")))
    assert code == 1
    assert b"reader: unexpected RuntimeError in the app: boom in the app" in out
    assert b"Traceback" not in out and b"locals" not in out
    # The line comes after the app has left the alternate screen.
    assert out.rindex(b"reader: unexpected") > out.rindex(b"\x1b[?1049l")


async def test_the_app_keeps_the_error_and_drops_textuals_traceback(tmp_path: Path) -> None:
    class Crashing(ReaderApp):
        def on_mount(self) -> None:
            raise ValueError("broken")

    app = Crashing(write_store(tmp_path / "posts"))
    with pytest.raises(ValueError):
        async with app.run_test() as pilot:
            await settle(pilot)
    assert isinstance(app.crash, ValueError) and app.return_code == 1
    assert app._exit_renderables == []


def test_ids_and_titles_are_shown_with_invisible_characters_marked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "zero\u200bwidth.md").write_text(
        '+++\ntitle = "invoice\\u202etxt.exe"\n+++\n\nBody.\n', encoding="utf-8"
    )
    code, out, _ = run(capsys, "list", "--store", str(store))
    assert code == 0 and "zero⟨U+200B⟩width\tinvoice⟨U+202E⟩txt.exe" in out
    _, out, _ = run(capsys, "show", "zero\u200bwidth", "--store", str(store), "--plain")
    assert out.startswith("invoice⟨U+202E⟩txt.exe\n")
    # JSON is data: the id (a key for bookmarks) and title stay as they are.
    _, out, _ = run(capsys, "list", "--json", "--store", str(store))
    assert '"zero\u200bwidth"' in out and "invoice\u202etxt.exe" in out
