"""`reader list` written straight from the index: lines or a JSON array, streamed.

Every post of the store, newest first, is the answer asked for most, and at
100k posts making it costs more than the rest of the command: it goes out
from the answer the index kept last time when nothing changed since
(`reader.index.open_kept`), and is kept as it goes out when something did.
Any other selection is written a page at a time from its rowids.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import shutil
import sys
from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING

from reader.cli.common import write
from reader.safetext import for_terminal

if TYPE_CHECKING:
    from reader.index import IndexCatalog


def print_from_index(
    catalog: IndexCatalog,
    rowids: Sequence[int] | None,
    bookmarked: frozenset[str],
    *,
    as_json: bool,
) -> None:
    """The posts' lines or JSON array as `post_line` and `print_json` write
    them, streamed a page at a time as the index writes each post's text
    (`reader.index.listing_pages`); `rowids` None: every post, newest first,
    from the kept answer when there is one for the index as it is."""
    out = _utf8_stdout()
    if out is None:
        _print_text(catalog, rowids, bookmarked, as_json=as_json)
        return
    chunks = (
        _json_bytes(catalog, rowids, bookmarked)
        if as_json
        else _line_bytes(catalog, rowids, bookmarked)
    )
    sys.stdout.flush()
    if rowids is None:
        _print_kept(catalog, bookmarked, out, chunks, "list-json" if as_json else "list-lines")
    else:
        for chunk in chunks:
            out.write(chunk)
    out.flush()


def _utf8_stdout() -> IO[bytes] | None:
    """stdout's bytes, when what goes there is UTF-8."""
    out: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
    if out is None or codecs.lookup(sys.stdout.encoding or "utf-8").name != "utf-8":
        return None
    return out


def _print_kept(
    catalog: IndexCatalog,
    bookmarked: frozenset[str],
    out: IO[bytes],
    chunks: Iterator[bytes],
    name: str,
) -> None:
    """The kept answer `name` when it is the index's current one for these
    bookmarks; else `chunks` (made only then), written and kept."""
    from reader.index import keeping, open_kept

    marks = "\n".join(sorted(bookmarked)).encode("utf-8", "surrogateescape")
    key = hashlib.sha256(marks).hexdigest()[:32]
    kept = open_kept(catalog, name, key)
    if kept is not None:
        with kept:
            shutil.copyfileobj(kept, out, 1 << 20)
        return
    with keeping(catalog, name, key) as keeper:
        for chunk in chunks:
            out.write(chunk)
            keeper.write(chunk)


def _line_bytes(
    catalog: IndexCatalog, rowids: Sequence[int] | None, bookmarked: frozenset[str]
) -> Iterator[bytes]:
    """The posts' lines, cleaned (`for_terminal`) and encoded as stdout encodes.
    One cleaning per page: it replaces characters one by one, so it is the
    same as cleaning each line."""
    from reader.index import listing_pages

    errors = sys.stdout.errors or "strict"
    for page in listing_pages(catalog, rowids, bookmarked, "lines"):
        if page:
            yield for_terminal("\n".join(page) + "\n").encode("utf-8", errors)


def _json_bytes(
    catalog: IndexCatalog, rowids: Sequence[int] | None, bookmarked: frozenset[str]
) -> Iterator[bytes]:
    """The JSON array, as the index's UTF-8 bytes: the index holds no text
    UTF-8 cannot carry, so it is never decoded and encoded again."""
    from reader.index import listing_pages

    start = b"[\n"
    for chunk in listing_pages(catalog, rowids, bookmarked, "json-bytes"):
        if chunk:
            yield start + b",\n".join(chunk)
            start = b",\n"
    yield b"[]\n" if start == b"[\n" else b"\n]\n"


def _print_text(
    catalog: IndexCatalog,
    rowids: Sequence[int] | None,
    bookmarked: frozenset[str],
    *,
    as_json: bool,
) -> None:
    """The same, to a stdout in another encoding than UTF-8 (nothing kept)."""
    from reader.index import listing_pages

    if not as_json:
        for page in listing_pages(catalog, rowids, bookmarked, "lines"):
            if page:
                write("\n".join(page) + "\n")
        return
    begin = "[\n"
    for page in listing_pages(catalog, rowids, bookmarked, "json"):
        if page:
            # ASCII escapes, which any encoding carries (`print_json` falls back to them too).
            sys.stdout.write(begin + ",\n".join(_ascii_item(item) for item in page))
            begin = ",\n"
    sys.stdout.write("[]\n" if begin == "[\n" else "\n]\n")


def _ascii_item(item: str) -> str:
    """One object of the array, indented as in the list, with ASCII escapes."""
    text = json.dumps(json.loads(item), ensure_ascii=True, indent=2)
    return "  " + text.replace("\n", "\n  ")
