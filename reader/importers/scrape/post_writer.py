"""Render one imported post as a store file: TOML front matter, Markdown body.

The layout is docs/design.md §1.2's: `+++` lines around TOML that Hugo and Zola
read, `[extra]` for what only this importer knows (who posted it, which rule
recovered the title, where in the scrape it came from). Values are formatted
by tomli-w; arrays are kept on one line so the header reads like the design's
example, and the result is parsed back before it is used, so a formatting
slip can never produce a file the store cannot load.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from typing import Any

import tomli_w

from reader.importers.scrape.markdown_body import body_to_markdown
from reader.importers.scrape.parse import ScrapedPost
from reader.importers.scrape.recover import Recovery

FRONT_MATTER_FENCE = "+++"
MAX_SLUG = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_DANGLING_TEXT = "a an the and or of to in on for with at by from as"
_DANGLING = frozenset(_DANGLING_TEXT.split())


def slugify(title: str, limit: int = MAX_SLUG) -> str:
    """ASCII, lower case, words joined by `-`, at most `limit` characters,
    cut between words when it can be; `post` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", title.replace("’", "").replace("'", ""))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1]
        words = cut.split("-")[:-1] if "-" in cut else [slug[:limit]]
        # `...-be-trusted-to` reads broken; `...-be-trusted` does not.
        while len(words) > 1 and words[-1] in _DANGLING:
            words.pop()
        slug = "-".join(words).strip("-")
    return slug or "post"


def file_stem(post: ScrapedPost, recovery: Recovery) -> str:
    """`2016-09-13-generous-leadership` (the importer adds `-2` on a collision)."""
    return f"{post.date.isoformat()}-{slugify(recovery.title)}"


def front_matter(post: ScrapedPost, recovery: Recovery) -> dict[str, Any]:
    """The front matter as data, in the order it is written."""
    data: dict[str, Any] = {"title": recovery.title, "date": post.date}
    if post.updated is not None:
        data["updated"] = post.updated
    data["authors"] = list(recovery.authors)
    data["tags"] = list(post.tags)
    extra: dict[str, Any] = {
        "posted_by": post.posted_by,
        "title_source": recovery.title_source,
    }
    if recovery.authors_source:
        extra["authors_source"] = recovery.authors_source
    if recovery.author_hint:
        extra["author_hint"] = recovery.author_hint
    extra["comments"] = post.comments
    extra["source"] = post.source
    extra["source_line"] = post.line
    data["extra"] = extra
    return data


def _toml_value(value: str | int | dt.date | list[str]) -> str:
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        raise TypeError("an array of tables is written as tables")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    # tomli-w does the quoting and escaping of scalars.
    return tomli_w.dumps({"v": value}).removeprefix("v = ").rstrip("\n")


def _toml_table(table: dict[str, Any]) -> list[str]:
    # The keys are this module's own bare words; only the values need care.
    return [f"{key} = {_toml_value(value)}" for key, value in table.items()]


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(i, dict) for i in value)


def render_front_matter(data: dict[str, Any]) -> str:
    """TOML text for `front_matter()`'s data, checked by parsing it back."""
    top = {key: value for key, value in data.items() if not isinstance(value, dict)}
    lines = _toml_table(top)
    for name, table in data.items():
        if isinstance(table, dict):
            plain = {k: v for k, v in table.items() if not _is_table_array(v)}
            lines += ["", f"[{name}]", *_toml_table(plain)]
            for key, rows in table.items():
                if _is_table_array(rows):
                    for row in rows:
                        lines += ["", f"[[{name}.{key}]]", *_toml_table(row)]
    text = "\n".join(lines) + "\n"
    if tomllib.loads(text) != data:
        raise AssertionError(f"front matter does not read back as written:\n{text}")
    return text


def assemble(front_matter_text: str, body: str) -> str:
    """The whole store file, for every format: fenced front matter, a blank line,
    the body, a final newline."""
    fence = FRONT_MATTER_FENCE + "\n"
    text = fence + front_matter_text + fence
    return text + ("\n" + body + "\n" if body else "")


def render_post(post: ScrapedPost, recovery: Recovery) -> str:
    """A scraped post's store file."""
    body = body_to_markdown([line.text for line in post.body])
    return assemble(render_front_matter(front_matter(post, recovery)), body)


def render_document(data: dict[str, Any], body: str) -> str:
    """A store file for any imported entry, laid out as a scraped post's: `data`'s
    values and tables as `render_front_matter` writes them, then the Markdown body."""
    return assemble(render_front_matter(data), body)
