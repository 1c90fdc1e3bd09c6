"""`reader fetch`: fill a saved link's post with its article, fetched and extracted.

A read-later import writes short posts marked `[extra] stub = true`. Filling
one fetches its permalink with the importer's fetcher (same timeout, size
budget and redirects), extracts the article with trafilatura as Markdown,
and rewrites the post: same front matter, `stub` dropped and `fetched` set,
the article as its body. The import ledger keeps the hash of what the import
wrote, so a later import of the same list sees a file changed here and
leaves it alone.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura

from reader.budgets import MAX_POST_BYTES
from reader.importers import ledger
from reader.importers.entry import SourceError, make_entry
from reader.importers.fetch_url import fetch
from reader.importers.scrape.post_writer import FRONT_MATTER_FENCE, render_document
from reader.importers.store_files import ImportRefused, write_store_files
from reader.importers.text import decode
from reader.postfile import UnreadableFile, read_limited


@dataclass(frozen=True, slots=True)
class FetchedStub:
    action: str
    words: int


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """A `+++` TOML post's front matter and body."""
    fence = FRONT_MATTER_FENCE + "\n"
    if not text.startswith(fence):
        raise SourceError(where, "not a post this import wrote (no +++ front matter)")
    end = text.find("\n" + fence, len(fence) - 1)
    if end < 0:
        raise SourceError(where, "front matter never closed")
    try:
        data = tomllib.loads(text[len(fence) : end + 1])
    except tomllib.TOMLDecodeError as error:
        raise SourceError(where, f"front matter does not parse: {error}") from None
    return data, text[end + 1 + len(fence) :]


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        data = read_limited(path, MAX_POST_BYTES, follow_symlinks=False)
    except UnreadableFile as error:
        raise SourceError(str(path), error.reason) from None
    return split_front_matter(decode(data), str(path))


def find_post(root: Path, name: str) -> Path:
    """A post's file from its id (`2024-05-01-x`) or its file's path."""
    for candidate in (root / f"{name}.md", root / name, Path(name)):
        if candidate.is_file():
            return candidate
    raise SourceError(name, f"no such post in {root}")


def all_stubs(root: Path) -> list[Path]:
    """Every post this store's imports wrote that is still a stub."""
    stubs = []
    for record in ledger.load(root).values():
        path = root / record.file
        try:
            front, _body = _read(path)
        except SourceError:
            continue
        extra = front.get("extra")
        if isinstance(extra, dict) and extra.get("stub") is True:
            stubs.append(path)
    return sorted(stubs)


def extract_article(html: str, url: str) -> str:
    """The article of a page as Markdown (trafilatura), or `SourceError` when none is found."""
    text = trafilatura.extract(
        html, url=url, output_format="markdown", include_comments=False, favor_recall=True
    )
    if not text or not text.strip():
        raise SourceError(url, "no article text found on the page")
    return str(text)


def fill_stub(root: Path, path: Path) -> FetchedStub:
    """Fetch and write one stub's article."""
    front, _body = _read(path)
    extra = front.get("extra")
    if not isinstance(extra, dict) or extra.get("stub") is not True:
        return FetchedStub("unchanged", 0)
    url = front.get("permalink")
    if not isinstance(url, str) or not url:
        raise SourceError(str(path), "a stub without a permalink")
    got = fetch(url, conditional=False)
    article = extract_article(decode(got.data or b""), url)
    # The article passes the same cleaner and budgets as every imported field.
    body = make_entry(id=url, title="", body=article).body
    extra = {key: value for key, value in extra.items() if key != "stub"}
    extra["fetched"] = dt.datetime.now(dt.UTC).replace(microsecond=0)
    front["extra"] = extra
    content = render_document(front, body).encode("utf-8")
    try:
        write_store_files(root, [(path, content)])
    except ImportRefused as error:
        raise SourceError(str(path), "; ".join(error.messages)) from None
    return FetchedStub("fetched", len(body.split()))
