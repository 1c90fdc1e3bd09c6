"""One entry as a store file: TOML front matter as the scrape import writes it, Markdown body.

`title`, `date`, `updated`, `authors`, `tags`, `summary`, `permalink` and
`draft` at the top; `[extra]` keeps the `source`, its `format`, the entry's
stable `id`, `stub = true` for a read-later link not fetched yet, and the
post's comments as `[[extra.comments]]` tables (`author`, `date`, `text`).
"""

from __future__ import annotations

from typing import Any

from reader.importers.entry import Entry
from reader.importers.scrape.post_writer import render_document, slugify


def front_matter(entry: Entry, source: str, flavour: str) -> dict[str, Any]:
    """The front matter of an entry's file, in the order it is written."""
    data: dict[str, Any] = {"title": entry.title}
    if entry.date is not None:
        data["date"] = entry.date
    if entry.updated is not None:
        data["updated"] = entry.updated
    data["authors"] = list(entry.authors)
    data["tags"] = list(entry.tags)
    if entry.summary:
        data["summary"] = entry.summary
    if entry.permalink:
        data["permalink"] = entry.permalink
    if entry.draft:
        data["draft"] = True
    extra: dict[str, Any] = {"source": source, "format": flavour, "id": entry.id}
    if entry.stub:
        extra["stub"] = True
    if entry.comments:
        extra["comments"] = [
            {"author": c.author, **({"date": c.date} if c.date else {}), "text": c.text}
            for c in entry.comments
        ]
    data["extra"] = extra
    return data


def render_entry(entry: Entry, source: str, flavour: str) -> bytes:
    """The bytes of the entry's store file."""
    return render_document(front_matter(entry, source, flavour), entry.body).encode("utf-8")


def file_stem(entry: Entry) -> str:
    """`pages/about`, `2024-05-01-hello` (the planner adds `-2` on a collision)."""
    slug = slugify(entry.title)
    stem = f"{entry.date:%Y-%m-%d}-{slug}" if entry.date is not None else slug
    return f"{entry.folder}/{stem}" if entry.folder else stem
