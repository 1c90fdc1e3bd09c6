"""Bookmarks in HTML: a browser's export (Netscape format) and Pocket's older HTML export.

Both are lists of `<a href=… add_date|time_added=… tags=…>` inside headings:
in a browser's file, `<h3>` names a folder and the `<dl>` after it holds its
bookmarks (folders nest; every folder above a bookmark becomes one of its
tags); in Pocket's, `<h1>Unread</h1>` and `<h1>Read Archive</h1>` say whether
what follows was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser

from reader.importers.entry import Entry, SourceError
from reader.importers.readlater import saved_entry, timestamp
from reader.importers.text import decode


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.folders: list[str | None] = []
        self.pending_folder: str | None = None
        self.heading: str | None = None
        self.heading_text: list[str] = []
        self.read: bool | None = None
        self.link: dict[str, str] | None = None
        self.link_text: list[str] = []
        self.entries: list[Entry] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h3"):
            self.heading, self.heading_text = tag, []
        elif tag == "dl":
            self.folders.append(self.pending_folder)
            self.pending_folder = None
        elif tag == "a":
            self.link = {key: value or "" for key, value in attrs}
            self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self.heading:
            text = " ".join("".join(self.heading_text).split())
            if tag == "h1":
                self.read = {"unread": False, "read archive": True}.get(text.lower(), self.read)
            else:
                self.pending_folder = text or None
            self.heading = None
        elif tag == "dl" and self.folders:
            self.folders.pop()
        elif tag == "a" and self.link is not None:
            self._add(self.link, "".join(self.link_text))
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link_text.append(data)
        elif self.heading is not None:
            self.heading_text.append(data)

    def _add(self, link: dict[str, str], title: str) -> None:
        url = link.get("href", "").strip()
        if not url or url.lower().startswith(("javascript:", "place:", "data:")):
            return  # bookmarklets and browser queries are not articles
        tags = [tag for tag in link.get("tags", "").split(",") if tag.strip()]
        tags += [folder for folder in self.folders if folder]
        saved = timestamp(link.get("add_date") or link.get("time_added") or "")
        self.entries.append(saved_entry(url, " ".join(title.split()), saved, tags, self.read))


def _read(data: bytes, source: str) -> list[Entry]:
    parser = _Links()
    parser.feed(decode(data))
    parser.close()
    if not parser.entries and b"<a" not in data.lower():
        raise SourceError(source, "HTML without any links to import", 1)
    return parser.entries


def read_bookmarks_html(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """A browser's bookmarks file (folders become tags; read state unknown)."""
    entries = _read(data, source)
    return "bookmarks-html", lambda: iter(entries)


def read_pocket_html(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """Pocket's HTML export (`Unread` and `Read Archive` lists)."""
    entries = _read(data, source)
    return "pocket-html", lambda: iter(entries)
