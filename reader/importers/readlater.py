"""Read-later lists in CSV: Pocket's (`title,url,time_added,tags,status`) and Instapaper's.

Header-driven: columns are found by name, in any order and case, so a column
added by a later export changes nothing; a CSV without the columns a format
needs fails on its first line. Each row becomes a short post (its title, the
link, when it was saved, its tags) that is bookmarked when first imported
and marked read or unread as the export says; `reader fetch` can fill in the
article later.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Sequence

from reader.importers.entry import Entry, SourceError, make_entry
from reader.importers.html_text import text_to_markdown
from reader.importers.text import decode

POCKET_COLUMNS = ("title", "url", "time_added")
INSTAPAPER_COLUMNS = ("url", "title", "timestamp")


def saved_entry(
    url: str, title: str, saved: dt.datetime | None, tags: Sequence[str], read: bool | None
) -> Entry:
    """The short post for one saved link (every read-later format makes these)."""
    day = f"Saved {saved:%Y-%m-%d}. " if saved else ""
    body = f"<{url}>\n\n" + text_to_markdown(
        f"{day}The article is not in the store yet: `reader fetch` fills it in."
    )
    return make_entry(
        id=f"url:{url}",
        title=title or url,
        body=body,
        date=saved,
        tags=tags,
        permalink=url,
        saved=True,
        read=read,
        stub=True,
    )


def timestamp(text: str) -> dt.datetime | None:
    """A Unix time as these exports write it; None when it is not one."""
    try:
        return dt.datetime.fromtimestamp(int(float(text.strip())), dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _rows(data: bytes, source: str, needed: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(decode(data), newline=""), strict=True)
    try:
        header = [column.strip().lower() for column in next(reader, [])]
        missing = [column for column in needed if column not in header]
        if missing:
            raise SourceError(
                source,
                f"a CSV without the columns {', '.join(missing)} (needs {', '.join(needed)})",
                1,
            )
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise SourceError(source, "more fields than the header names", reader.line_num)
            yield reader.line_num, dict(zip(header, row, strict=False))
    except csv.Error as error:
        raise SourceError(source, f"malformed CSV: {error}", reader.line_num) from None


def _pocket_tags(text: str) -> list[str]:
    return [tag for tag in text.replace(",", "|").split("|") if tag.strip()]


def read_pocket_csv(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """Pocket's CSV export; `status` is `unread` or `archive`."""
    rows = list(_rows(data, source, POCKET_COLUMNS))
    entries = []
    for line, row in rows:
        url = row.get("url", "").strip()
        if not url:
            raise SourceError(source, "a row without a url", line)
        status = row.get("status", "").strip().lower()
        read = True if status == "archive" else False if status == "unread" else None
        entries.append(
            saved_entry(
                url,
                row.get("title", ""),
                timestamp(row.get("time_added", "")),
                _pocket_tags(row.get("tags", "")),
                read,
            )
        )
    return "pocket-csv", lambda: iter(entries)


def _instapaper_tags(text: str) -> list[str]:
    text = text.strip()
    if text.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = []
        return [str(tag) for tag in value if isinstance(tag, str)]
    return [tag for tag in text.split(",") if tag.strip()]


def read_instapaper_csv(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """Instapaper's CSV (`URL,Title,Selection,Folder,Timestamp[,Tags]`): the folder
    `Archive` means read, `Unread` unread; any other folder is a tag."""
    entries = []
    for line, row in _rows(data, source, INSTAPAPER_COLUMNS):
        url = row.get("url", "").strip()
        if not url:
            raise SourceError(source, "a row without a URL", line)
        folder = row.get("folder", "").strip()
        read = {"archive": True, "unread": False}.get(folder.lower())
        tags = _instapaper_tags(row.get("tags", ""))
        if folder and read is None and folder.lower() != "starred":
            tags.append(folder)
        entries.append(
            saved_entry(url, row.get("title", ""), timestamp(row.get("timestamp", "")), tags, read)
        )
    return "instapaper-csv", lambda: iter(entries)
