"""WordPress eXtended RSS (WXR 1.0–1.2): posts and pages, streamed.

The export is read with `xmlsafe.events` (no entity expansion), each `<item>`
cleared once read, so a 50 MB export takes bounded memory. A first pass
gathers the authors' display names and the attachments' URLs (galleries name
their images by attachment id, and attachments may come after the post);
the second yields one entry per post or page. Attachments, menu items,
revisions and anything in the trash are never imported; drafts, pending,
scheduled and private posts are marked `draft = true`. Dates are the post's
GMT date. Approved comments are kept in the entry.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reader.importers import xmlsafe
from reader.importers.entry import Comment, Entry, SourceError, make_entry
from reader.importers.html_text import to_markdown
from reader.importers.wordpress_markup import expand

_WP = "http://wordpress.org/export/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"
_IMPORTED = {"post", "page"}
_DRAFT = {"draft", "pending", "future", "private"}
_SKIPPED_STATUS = {"trash", "auto-draft", "inherit"}


def name(tag: str) -> str:
    """`wp:post_id`, `content:encoded`, `excerpt:encoded`, `dc:creator` or the plain name."""
    if not tag.startswith("{"):
        return tag
    space, local = tag[1:].split("}", 1)
    if space.startswith(_WP):
        return ("excerpt:" if "excerpt" in space else "wp:") + local
    if space == _CONTENT:
        return "content:" + local
    if space == _DC:
        return "dc:" + local
    return local


@dataclass
class _Site:
    base: str = ""
    authors: dict[str, str] = field(default_factory=dict)
    attachments: dict[str, str] = field(default_factory=dict)


def _text(element: ET.Element, key: str) -> str:
    for child in element:
        if name(child.tag) == key:
            return child.text or ""
    return ""


def _gmt(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text or text.startswith("0000"):
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _rfc822(text: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text) if text.strip() else None
    except (TypeError, ValueError):
        return None


def _is_wxr_item(element: ET.Element) -> bool:
    return element.tag == "item"


def _survey(data: bytes, source: str) -> _Site:
    """Check the whole export and gather what posts refer to: authors, attachments."""
    site = _Site()
    seen_channel = False
    for event, element in xmlsafe.events(data, source):
        if event == "start":
            seen_channel = seen_channel or element.tag == "channel"
            continue
        key = name(element.tag)
        if key == "wp:author":
            login = _text(element, "wp:author_login")
            site.authors[login] = _text(element, "wp:author_display_name") or login
            element.clear()
        elif key == "wp:base_blog_url":
            site.base = (element.text or "").strip()
        elif _is_wxr_item(element):
            if _text(element, "wp:post_type") == "attachment":
                url = _text(element, "wp:attachment_url") or _text(element, "guid")
                site.attachments[_text(element, "wp:post_id").strip()] = url.strip()
            element.clear()
    if not seen_channel:
        raise SourceError(source, "not a WordPress export (no <channel>)", 1)
    return site


def _comments(item: ET.Element) -> list[Comment]:
    kept = []
    for child in item:
        if name(child.tag) != "wp:comment" or _text(child, "wp:comment_approved") != "1":
            continue
        if _text(child, "wp:comment_type") not in ("", "comment"):
            continue  # pingbacks and trackbacks are links, not what readers wrote
        when = _gmt(_text(child, "wp:comment_date_gmt")) or _gmt(_text(child, "wp:comment_date"))
        text = to_markdown(expand(_text(child, "wp:comment_content"), {}))
        kept.append(Comment(_text(child, "wp:comment_author"), when, text))
    return kept


def _entry(item: ET.Element, site: _Site) -> Entry | None:
    kind = _text(item, "wp:post_type") or "post"
    status = _text(item, "wp:status") or "publish"
    if kind not in _IMPORTED or status in _SKIPPED_STATUS:
        return None
    post_id = _text(item, "wp:post_id").strip()
    link = _text(item, "link").strip()
    date = (
        _gmt(_text(item, "wp:post_date_gmt"))
        or _rfc822(_text(item, "pubDate"))
        or _gmt(_text(item, "wp:post_date"))
    )
    tags = [
        child.text or ""
        for child in item
        if child.tag == "category" and child.get("domain") in ("category", "post_tag", None)
    ]
    login = _text(item, "dc:creator").strip()
    stable = f"wxr:{site.base}:{post_id}" if post_id else _text(item, "guid") or link
    excerpt = _text(item, "excerpt:encoded")
    return make_entry(
        id=stable,
        title=_text(item, "title") or link or f"Post {post_id}",
        body=to_markdown(expand(_text(item, "content:encoded"), site.attachments)),
        date=date,
        updated=_gmt(_text(item, "wp:post_modified_gmt")),
        authors=[site.authors.get(login, login)] if login else [],
        tags=tags,
        summary=to_markdown(expand(excerpt, {})) if excerpt.strip() else "",
        permalink=link,
        draft=status in _DRAFT,
        folder="pages" if kind == "page" else "",
        comments=_comments(item),
    )


def read_wxr(data: bytes, source: str) -> tuple[str, Callable[[], Iterator[Entry]]]:
    """`wxr` and the export's posts and pages; the export is checked whole first."""
    site = _survey(data, source)

    def entries() -> Iterator[Entry]:
        for event, element in xmlsafe.events(data, source):
            if event == "end" and _is_wxr_item(element):
                entry = _entry(element, site)
                element.clear()
                if entry is not None:
                    yield entry

    return "wxr", entries
