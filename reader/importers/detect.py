"""Which format a source is, from its content (never its name), and the formats known.

Each format is a reader function `bytes, source name -> (flavour, entries)`.
Detection looks at the first bytes only: a JSON object with `items` is a JSON
Feed; XML is a WordPress export when it declares WordPress's export namespace,
else a feed (`<rss>`, `<rdf:RDF>`, `<feed>`); HTML is a browser's bookmarks
(its Netscape DOCTYPE) or Pocket's export, and any other HTML page is refused
(a feed address that answered with a web page); CSV goes by its header; a
blog-page scrape (`Posted By`), or any other plain text, goes to the scrape
importer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from reader.importers.bookmarks_html import read_bookmarks_html, read_pocket_html
from reader.importers.entry import Entry, SourceError
from reader.importers.feeds import read_feed, read_json_feed
from reader.importers.readlater import (
    INSTAPAPER_COLUMNS,
    POCKET_COLUMNS,
    read_instapaper_csv,
    read_pocket_csv,
)
from reader.importers.text import decode
from reader.importers.wxr import read_wxr

Reader = Callable[[bytes, str], tuple[str, Callable[[], Iterator[Entry]]]]
"""Checks the whole source (`SourceError` if bad) and gives its flavour and a
function that reads its entries, from the start at each call."""

SCRAPE = "scrape"
FORMATS: dict[str, tuple[str, Reader | None]] = {
    "feed": ("RSS 0.9x/1.0/2.0, RDF, Atom 0.3/1.0, Blogger Takeout (feedparser)", read_feed),
    "jsonfeed": ("JSON Feed 1.0/1.1", read_json_feed),
    "wxr": ("WordPress export (WXR 1.0-1.2): posts, pages, comments", read_wxr),
    "pocket-csv": ("Pocket's CSV export (title,url,time_added,tags,status)", read_pocket_csv),
    "pocket-html": ("Pocket's older HTML export", read_pocket_html),
    "instapaper-csv": ("Instapaper's CSV export", read_instapaper_csv),
    "bookmarks-html": (
        "a browser's bookmarks (Netscape HTML); folders become tags",
        read_bookmarks_html,
    ),
    SCRAPE: ("plain-text scrape of a blog's listing pages", None),
}

_FEED_ROOT = re.compile(r"<(rss|rdf:rdf|feed)[\s>]")
# Names without digits, between commas: a header, never a scrape's `Posted By A, 13 May`.
_CSV_HEADER = re.compile(r'^"?[a-z_][a-z_ ]*"?(\s*,\s*"?[a-z_][a-z_ ]*"?)+$')
_HTML = re.compile(r"<(!doctype\s+html|html|head|body)[\s>]")


def detect(data: bytes, source: str) -> str:
    """The name of the format of `data`, or `SourceError` saying why it is none."""
    head = decode(data[:65536]).lstrip("\ufeff \t\r\n")
    lowered = head.lower()
    if lowered.startswith("{"):
        return "jsonfeed"
    if lowered.startswith("<"):
        if "<!doctype netscape-bookmark-file" in lowered:
            return "bookmarks-html"
        if "wordpress.org/export/" in lowered:
            return "wxr"
        if _FEED_ROOT.search(lowered):
            return "feed"
        if _HTML.search(lowered):
            if "pocket" in lowered and "read archive" in lowered:
                return "pocket-html"
            raise SourceError(source, "an HTML page, not a feed or an export", 1)
        raise SourceError(source, "XML, but not a feed or an export this import knows", 1)
    first = lowered.split("\n", 1)[0].strip()
    if _CSV_HEADER.match(first):
        header = {column.strip().strip('"') for column in first.split(",")}
        if all(column in header for column in POCKET_COLUMNS):
            return "pocket-csv"
        if all(column in header for column in INSTAPAPER_COLUMNS):
            return "instapaper-csv"
        raise SourceError(
            source,
            "a CSV without the expected columns (Pocket: title,url,time_added;"
            " Instapaper: URL,Title,Timestamp)",
            1,
        )
    # Plain text: a scrape, whose importer says what it expected when it is not one.
    return SCRAPE


def reader_for(name: str) -> Reader | None:
    """The entry reader of a format; None for the scrape, which has its own importer."""
    return FORMATS[name][1]
