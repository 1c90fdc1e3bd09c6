"""Feeds: Atom 0.3/1.0, RSS 0.9x/1.0/2.0, RDF, Blogger Takeout (feedparser); JSON Feed.

The XML is checked first by `xmlsafe` (well-formed, no entities), because
feedparser forgives a truncated or broken feed and would import half of it;
here a bad feed is an error with its line and nothing is written. Content in
HTML (or a summary, when that is all there is) becomes Markdown by the HTML
step. Blogger Takeout is an Atom feed of posts, comments, pages, settings and
the template: only posts and pages are kept, drafts marked as drafts.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import html
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import feedparser  # type: ignore[import-untyped]

from reader.importers import xmlsafe
from reader.importers.entry import Entry, SourceError, make_entry
from reader.importers.html_text import text_to_markdown, to_markdown
from reader.importers.text import decode

_BLOGGER_KIND = "http://schemas.google.com/g/2005#kind"
_BLOGGER_MARKS = (b"schemas.google.com/blogger/", b"schemas.google.com/g/2005#kind")


def _when(value: Any) -> dt.datetime | None:
    if isinstance(value, time.struct_time):
        try:
            return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
        except (OverflowError, ValueError, OSError):
            return None
    return None


def _markdown(detail: Any) -> str:
    value = str(detail.get("value", "") or "")
    kind = str(detail.get("type", "") or "")
    return to_markdown(value) if "html" in kind else text_to_markdown(value)


def _kind(item: Any) -> str:
    """Blogger's kind of entry (`post`, `comment`, `page`, ...), `post` for any other feed."""
    blogger_type = str(item.get("blogger_type", "") or "").lower()
    if blogger_type:
        return blogger_type
    for tag in item.get("tags", []) or []:
        if tag.get("scheme") == _BLOGGER_KIND:
            return str(tag.get("term", "")).rsplit("#", 1)[-1]
    return "post"


def _title(item: Any) -> str:
    """The title as text: an HTML title's entities are read (`&amp;` is `&`), its
    tags kept as written, as the store keeps markup in a title."""
    title = str(item.get("title", "") or "")
    detail = item.get("title_detail") or {}
    return html.unescape(title) if "html" in str(detail.get("type", "")) else title


def _fallback_id(*parts: str) -> str:
    return "hash:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _entry(item: Any, blogger: bool) -> Entry | None:
    kind = _kind(item)
    if kind not in ("post", "page"):
        return None
    title = _title(item)
    link = str(item.get("link", "") or "")
    if not link.lower().startswith(("http://", "https://")):
        link = ""  # feedparser takes a guid for the link when it may be one
    contents = item.get("content") or []
    summary_detail = item.get("summary_detail")
    body = _markdown(contents[0]) if contents else ""
    summary = ""
    same = (
        bool(contents)
        and summary_detail is not None
        and (summary_detail.get("value") == contents[0].get("value"))
    )
    if summary_detail is not None and not same:
        summary = _markdown(summary_detail)
        if not body:
            body, summary = summary, ""
    # `dict.get`: feedparser's own `get` answers `updated_parsed` with the
    # published date when there is none, and warns.
    published = _when(dict.get(item, "published_parsed"))
    updated = _when(dict.get(item, "updated_parsed"))
    date = published or updated
    status = str(item.get("blogger_status", "") or "").lower()
    draft = status in ("draft", "deleted") or bool(item.get("app_draft") == "yes")
    tags = [
        str(tag.get("term") or tag.get("label") or "")
        for tag in item.get("tags", []) or []
        if tag.get("scheme") != _BLOGGER_KIND
    ]
    authors = [str(author.get("name", "") or "") for author in item.get("authors", []) or []]
    stable = str(item.get("id", "") or "") or link or _fallback_id(title, body)
    return make_entry(
        id=stable,
        title=title or link or "Untitled",
        body=body,
        date=date,
        updated=updated if updated != date else None,
        authors=authors,
        tags=tags,
        summary=summary,
        permalink=link,
        draft=draft,
        folder="pages" if blogger and kind == "page" else "",
    )


def read_feed(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """The feed's flavour (`rss20`, `atom10`, `blogger`, ...) and its entries."""
    xmlsafe.check(data, source)
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    version = str(parsed.get("version", "") or "")
    if not version:
        raise SourceError(source, "XML, but not a feed this import knows (RSS, RDF or Atom)", 1)
    head = data[:65536]
    blogger = any(mark in head for mark in _BLOGGER_MARKS)
    flavour = "blogger" if blogger else version
    items = list(parsed.entries)

    def entries() -> Iterator[Entry]:
        return (entry for item in items if (entry := _entry(item, blogger)) is not None)

    return flavour, entries


def _json_author_names(item: dict[str, Any]) -> list[str]:
    authors = item.get("authors")
    if not isinstance(authors, list):
        authors = [item["author"]] if isinstance(item.get("author"), dict) else []
    return [str(a.get("name", "")) for a in authors if isinstance(a, dict)]


def _iso(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _json_entry(item: dict[str, Any]) -> Entry:
    html_body, text_body = item.get("content_html"), item.get("content_text")
    body = (
        to_markdown(html_body)
        if isinstance(html_body, str)
        else text_to_markdown(text_body)
        if isinstance(text_body, str)
        else ""
    )
    summary = item.get("summary") if isinstance(item.get("summary"), str) else ""
    if not body and summary:
        body, summary = text_to_markdown(str(summary)), ""
    link = str(item.get("url") or item.get("external_url") or "")
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    title = str(item.get("title") or "")
    return make_entry(
        id=str(item.get("id") or link or _fallback_id(title, body)),
        title=title or link or "Untitled",
        body=body,
        date=_iso(item.get("date_published")),
        updated=_iso(item.get("date_modified")),
        authors=_json_author_names(item),
        tags=[str(tag) for tag in tags or [] if isinstance(tag, str | int)],
        summary=str(summary or ""),
        permalink=link,
    )


def read_json_feed(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """JSON Feed 1.0 or 1.1; a feed that does not parse fails with its line."""
    try:
        document = json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise SourceError(source, f"malformed JSON: {error.msg}", error.lineno) from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise SourceError(source, "JSON, but not a JSON Feed (no `items` list)", 1)
    items = [item for item in document["items"] if isinstance(item, dict)]
    return "jsonfeed", lambda: (_json_entry(item) for item in items)
