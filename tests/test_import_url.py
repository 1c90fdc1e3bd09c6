"""Feeds by URL, against a local server: 200, 304 with ETag, 301, 429, 5xx, gzip, budgets."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from import_helpers import front, posts, run_import, snapshot

from reader.importers import fetch_url

FEED = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Served</title>
<item><title>Over the wire</title><guid>wire-1</guid><link>http://127.0.0.1/wire</link>
<pubDate>Wed, 01 May 2024 09:30:00 GMT</pubDate><description>Fetched words.</description></item>
</channel></rss>
"""


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str | None]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, code: int, data: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self.server.hits.append((self.path, self.headers.get("If-None-Match")))  # type: ignore[attr-defined]
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304, headers={"ETag": '"v1"'})
            else:
                self._send(200, FEED, {"ETag": '"v1"', "Content-Type": "application/rss+xml"})
        elif self.path == "/moved":
            self._send(301, headers={"Location": "/feed.xml"})
        elif self.path == "/gzipped":
            self._send(200, gzip.compress(FEED), {"Content-Encoding": "gzip"})
        elif self.path == "/bomb":
            self._send(
                200, gzip.compress(b"<rss>" + b" " * 5_000_000), {"Content-Encoding": "gzip"}
            )
        elif self.path == "/big":
            self._send(200, FEED + b" " * 200_000)
        elif self.path == "/busy":
            self._send(429, b"slow down", {"Retry-After": "120"})
        elif self.path == "/broken":
            self._send(503, b"down")
        elif self.path == "/page":
            self._send(200, b"<!DOCTYPE html><html><body>Hello</body></html>")
        elif self.path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        else:
            self._send(404)


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def url(server: ThreadingHTTPServer, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_feed_by_url_then_not_modified(
    server: ThreadingHTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "store"
    address = url(server, "/feed.xml")
    code, _out, err = run_import(capsys, address, "--into", str(into))
    assert (code, err) == (0, "")
    [path] = posts(into)
    assert front(path)["extra"]["source"] == address
    assert front(path)["title"] == "Over the wire"
    before = snapshot(into)
    # The next day: a conditional request, answered 304; nothing downloaded or written.
    code, out, _err = run_import(capsys, address, "--into", str(into))
    assert code == 0
    assert out.splitlines() == [f"not modified  {address} (unchanged since the last import)"]
    assert server.hits == [("/feed.xml", None), ("/feed.xml", '"v1"')]  # type: ignore[attr-defined]
    assert snapshot(into) == before


def test_redirect_and_gzip(
    server: ThreadingHTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in ("/moved", "/gzipped"):
        into = tmp_path / path.strip("/")
        code, _out, err = run_import(capsys, url(server, path), "--into", str(into))
        assert (code, err) == (0, ""), err
        assert [front(p)["title"] for p in posts(into)] == ["Over the wire"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/busy", "429 Too Many Requests (retry after 120); nothing written"),
        ("/broken", "the server answered 503 Service Unavailable; nothing written"),
        ("/page", "1: an HTML page, not a feed or an export"),
        ("/big", "larger than 0 MB; not imported"),
        ("/bomb", "larger than 0 MB; not imported"),
        ("/to-file", "not allowed; nothing written"),
        ("/missing", "the server answered 404 Not Found"),
    ],
)
def test_refused_answers_write_nothing(
    server: ThreadingHTTPServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    reason: str,
) -> None:
    monkeypatch.setattr(fetch_url, "MAX_DOWNLOAD_BYTES", 100_000)
    into = tmp_path / "store"
    address = url(server, path)
    code, out, err = run_import(capsys, address, "--into", str(into))
    assert (code, out) == (1, "")
    assert err.startswith(f"reader: {address}") and reason in err, err
    assert len(err.splitlines()) == 1
    assert not into.exists()


def test_a_failed_import_keeps_no_validators(
    server: ThreadingHTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "store"
    into.write_text("not a folder")
    assert run_import(capsys, url(server, "/feed.xml"), "--into", str(into))[0] == 1
    # Nothing was imported, so the next try downloads the feed again.
    folder = tmp_path / "store2"
    assert run_import(capsys, url(server, "/feed.xml"), "--into", str(folder))[0] == 0
    assert [hit[1] for hit in server.hits] == [None, None]  # type: ignore[attr-defined]
