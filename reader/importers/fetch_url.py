"""Download a feed or a page over HTTP(S): bounded in time and size, gzip, conditional.

The standard library's `urllib`, with: only `http` and `https` (a redirect to
any other scheme is refused), a timeout, a size budget on the body as sent
and as unpacked (a small gzip that unpacks to gigabytes stops at the budget),
and, for imports, conditional requests: the `ETag` and `Last-Modified` of
each address are kept in the cache directory once its import succeeded, so
the next request asks `If-None-Match` / `If-Modified-Since` and a source that
did not change answers 304 and is not downloaded again. A 429 or 5xx is one
line and nothing is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from reader import __version__
from reader.budgets import MAX_SCRAPE_BYTES, megabytes
from reader.fileio import write_atomic
from reader.importers.entry import SourceError
from reader.userdata.paths import cache_dir

TIMEOUT_SECONDS = 30.0
MAX_DOWNLOAD_BYTES = MAX_SCRAPE_BYTES
_CHUNK = 64 * 1024


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in ("http", "https")


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    """The address asked for (the cache is kept under it)."""
    data: bytes | None
    """None: not modified since the last import."""
    etag: str = ""
    last_modified: str = ""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        if not is_url(newurl):
            raise SourceError(req.full_url, f"redirected to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _validators_path(url: str) -> Path:
    name = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return cache_dir() / "import-http" / f"{name}.json"


def _validators(url: str) -> dict[str, str]:
    try:
        data = json.loads(_validators_path(url).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("url") != url:
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


def remember(fetched: Fetched) -> None:
    """Keep an address's validators, once what it sent was imported; a cache that
    cannot be written only costs a download next time."""
    if fetched.data is None or not (fetched.etag or fetched.last_modified):
        return
    document = {"url": fetched.url, "etag": fetched.etag, "last_modified": fetched.last_modified}
    with contextlib.suppress(OSError):
        write_atomic(_validators_path(fetched.url), json.dumps(document).encode("utf-8"))


def _read_body(response: IO[bytes], url: str, limit: int, gzipped: bool) -> bytes:
    too_large = SourceError(url, f"larger than {megabytes(limit)}; not imported")
    unpack = zlib.decompressobj(wbits=47) if gzipped else None  # 47: gzip or zlib header
    parts: list[bytes] = []
    size = 0
    while chunk := response.read(_CHUNK):
        if unpack is not None:
            try:
                chunk = unpack.decompress(chunk, limit + 1 - size)
            except zlib.error:
                raise SourceError(url, "the gzip body is damaged") from None
            if unpack.unconsumed_tail:
                raise too_large
        size += len(chunk)
        if size > limit:
            raise too_large
        parts.append(chunk)
    return b"".join(parts)


def fetch(
    url: str,
    *,
    conditional: bool = True,
    timeout: float = TIMEOUT_SECONDS,
    limit: int | None = None,
) -> Fetched:
    """GET `url`; `SourceError` (one line) for anything but a body or a 304.

    `limit` is the body's budget, `MAX_DOWNLOAD_BYTES` unless given."""
    limit = MAX_DOWNLOAD_BYTES if limit is None else limit
    if not is_url(url):
        raise SourceError(url, "only http:// and https:// addresses are fetched")
    headers = {"User-Agent": f"reader/{__version__}", "Accept-Encoding": "gzip"}
    known = _validators(url) if conditional else {}
    if known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            gzipped = response.headers.get("Content-Encoding", "").lower() in ("gzip", "x-gzip")
            data = _read_body(response, url, limit, gzipped)
            return Fetched(
                url,
                data,
                response.headers.get("ETag", ""),
                response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(url, None)
        if error.code == 429:
            after = error.headers.get("Retry-After") if error.headers else None
            wait = f" (retry after {after})" if after else ""
            raise SourceError(url, f"429 Too Many Requests{wait}; nothing written") from None
        raise SourceError(
            url, f"the server answered {error.code} {error.reason}; nothing written"
        ) from None
    except urllib.error.URLError as error:
        raise SourceError(url, f"cannot fetch: {error.reason}") from None
    except (TimeoutError, OSError) as error:
        raise SourceError(url, f"cannot fetch: {error}") from None
