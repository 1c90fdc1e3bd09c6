"""`reader fetch`: a saved link's stub is filled with its article, extracted from a local page."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from import_helpers import body, front, run_import, snapshot

from reader.cli import main

ARTICLE = [
    "The lighthouse keeper climbed the spiral stairs every evening before dusk, carrying"
    " a brass lantern and a notebook in which he recorded the weather and the ships.",
    "Over forty years he filled more than two hundred notebooks, each one a careful record"
    " of winds, tides, fog banks and the names of vessels that passed the headland.",
    "Historians now read those pages to understand how coastal trade changed when steam"
    " replaced sail, and how storms reshaped the sandbanks along the estuary.",
    "His granddaughter donated the collection to the county archive, where volunteers are"
    " transcribing every entry so that anyone can search the keeper's observations online.",
]
PAGE = f"""<!DOCTYPE html><html><head><title>The keeper's notebooks</title></head><body>
<header><nav><a href="/">Home</a> | <a href="/about">About</a>
| <a href="/shop">Shop</a></nav></header>
<aside class="sidebar"><h3>Popular</h3><ul><li><a href="/x">Ten gadgets you need</a></li>
<li><a href="/y">Sign up for our newsletter</a></li></ul></aside>
<main><article><h1>The keeper's notebooks</h1>
{"".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE)}
</article></main>
<footer><p>Copyright 2024 Example Media. All rights reserved. Privacy policy.</p></footer>
</body></html>
""".encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        code, data = (200, PAGE) if self.path == "/article" else (404, b"")
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def address() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_fetch_fills_a_stub_with_the_article(
    address: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pocket.csv"
    source.write_text(
        "title,url,time_added,tags,status\n"
        f"Keeper,{address}/article,1700000000,history,unread\n"
        f"Gone,{address}/missing,1700000000,,unread\n",
        encoding="utf-8",
    )
    into = tmp_path / "store"
    assert run_import(capsys, str(source), "--into", str(into))[0] == 0
    stub = into / "2023-11-14-keeper.md"
    assert front(stub)["extra"]["stub"] is True

    code = main(["fetch", "--all-stubs", "--store", str(into)])
    out, err = capsys.readouterr()
    assert code == 1  # one of the two pages is gone
    assert f"{address}/missing: the server answered 404" in err
    assert "1 of 2 fetched" in out

    data = front(stub)
    assert "stub" not in data["extra"]
    assert data["extra"]["fetched"]
    assert data["title"] == "Keeper" and data["tags"] == ["history"]
    text = body(stub)
    expected = words(" ".join(ARTICLE))
    got = set(words(text))
    recall = sum(1 for word in expected if word in got) / len(expected)
    assert recall >= 0.9, (recall, text)
    assert "newsletter" not in text and "Copyright" not in text

    # Importing the list again leaves the filled post as it is.
    before = snapshot(into)
    code, out, _err = run_import(capsys, str(source), "--into", str(into))
    assert code == 0 and "2 unchanged" in out
    assert snapshot(into) == before
    # And a post that is no stub is left alone by fetch.
    assert main(["fetch", "2023-11-14-keeper", "--store", str(into)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert snapshot(into) == before


def test_fetch_needs_posts_or_all_stubs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["fetch"])
    assert exit_info.value.code == 2
    assert "give POST... or --all-stubs" in capsys.readouterr().err


def test_fetch_of_a_post_the_store_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "store"
    into.mkdir()
    (into / "a.md").write_text("+++\ntitle = 'A'\n+++\n\nbody\n", encoding="utf-8")
    assert main(["fetch", "nope", "--store", str(into)]) == 1
    assert f"reader: nope: no such post in {into}" in capsys.readouterr().err
    assert main(["fetch", "--all-stubs", "--store", str(into)]) == 0
    assert capsys.readouterr().out == "0 of 0 fetched\n"
