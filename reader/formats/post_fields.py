"""Turn read front matter into a Post's fields: aliases, titles, dates, tags.

Blogs name the same thing differently; these are the names understood
(case does not matter, as in Hugo):

- title (blanks collapsed, cut at `budgets.MAX_TITLE_CHARS`, as for a
  heading's);
- date: `date`, `pubDate`, `published` (unless it is Jekyll's true/false
  flag), `publishDate`, `created` — the first that holds a date wins; else
  the date in the file name (`2016-09-13-slug.md`);
- updated: `updated`, `lastmod`, `modified`, `last_modified_at`;
- authors: `authors` and `author`, each a string, a list, or a map (or list
  of maps) with a `name`;
- tags: `tags`, `[taxonomies] tags`, `categories`, `category` and
  `[taxonomies] categories`, merged in that order with duplicates dropped.
  The reader has one kind of label, so Hugo's and Jekyll's categories become
  tags. A string of tags is split at commas, or else at spaces (Jekyll's
  rule); a single `category` string is one tag.

Everything else goes to `extra`, with Zola's `[extra]` table merged in on
top. `[extra] title_source`, written by `reader import`, says how a title was
recovered and becomes `Post.title_source`. Every string is cleaned of
terminal control characters here, once.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from typing import Any

from reader.budgets import MAX_TITLE_CHARS, cut
from reader.formats.dates import ImpossibleDate, coerce_date, date_from_file_name, strip_date_prefix
from reader.formats.frontmatter import FrontMatter
from reader.model import Post, PostDate
from reader.safetext import clean, clean_line

_DATE_KEYS = ("date", "pubdate", "published", "publishdate", "created")
_UPDATED_KEYS = ("updated", "lastmod", "modified", "last_modified_at")
_AUTHOR_KEYS = ("authors", "author")
_TAG_KEYS = ("tags", "categories", "category")
_KNOWN = frozenset(
    (*_DATE_KEYS, *_UPDATED_KEYS, *_AUTHOR_KEYS, *_TAG_KEYS, "title", "taxonomies", "extra")
)
# The heading's text is taken whole and its closing `#`s cut off afterwards:
# a lazy `.*?` before an optional closer retries at every blank, quadratic
# on a heading of many spaces.
_HEADING = re.compile(r"^(?:(?P<fence>```|~~~)|#[ \t]+(?P<title>[^\n]*))", re.M)
_CLOSING_HASHES = re.compile(r"[ \t]#+$")
_NON_BLANK = re.compile(r"\S+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MAX_DEPTH = 24

Problems = list[tuple[int | None, str]]


def clean_value(value: Any, depth: int = 0) -> Any:
    """A front-matter value with every string in it made safe to print."""
    if isinstance(value, str):
        if value.isascii() and value.isprintable():
            return value
        return clean(_SURROGATE.sub("\ufffd", value))
    if depth > _MAX_DEPTH:
        return None
    if isinstance(value, dict):
        return {clean_line(str(k)): clean_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_value(v, depth + 1) for v in value]
    return value


def _text(value: Any) -> str:
    """One line of text from a scalar; lists, maps and booleans give ''."""
    if isinstance(value, str):
        if value.isascii() and value.isprintable():
            return value.strip()  # the usual case, and the cheap one
        return clean_line(_SURROGATE.sub("\ufffd", value)).strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [name for item in value[:100] if not isinstance(item, list) for name in _names(item)]
    if isinstance(value, dict):
        return [_text(value.get("name"))]
    return [_text(value)]


def _tags(value: Any, split: bool) -> list[str]:
    if isinstance(value, list):
        return [_text(item) for item in value]
    if isinstance(value, str) and split:
        parts = value.split(",") if "," in value else value.split()
        return [_text(part) for part in parts]
    return [_text(value)]


def heading_title(body: str) -> str:
    """The text of the first `# heading` outside code fences, or ''."""
    fenced = False
    for found in _HEADING.finditer(body):
        if found["fence"]:
            fenced = not fenced
        elif not fenced:
            text = found["title"].rstrip(" \t")
            closer = _CLOSING_HASHES.search(text)
            if closer is not None:
                text = text[: closer.start()]
            title = one_line_title(text)
            if title:
                return title
    return ""


def one_line_title(text: str) -> str:
    """A title as lists show it: printable, blanks collapsed, within the budget."""
    # Words are gathered only up to the budget: splitting a title of
    # megabytes whole would cost a string per word.
    words: list[str] = []
    length = 0
    for word in _NON_BLANK.finditer(clean_line(text)):
        words.append(word.group())
        length += len(words[-1]) + 1
        if length > MAX_TITLE_CHARS:
            break
    return cut(" ".join(words), MAX_TITLE_CHARS)


def file_name_parts(rel_path: str) -> tuple[str, str]:
    """The name a post's file gives it: (name with any date, name without)."""
    stem = posixpath.splitext(posixpath.basename(rel_path))[0]
    if stem in ("index", "_index"):
        folder = posixpath.basename(posixpath.dirname(rel_path))
        stem = folder or stem
    return stem, strip_date_prefix(stem)


def file_name_title(rel_path: str) -> str:
    """`2016-09-13-my-first-post.md` -> `my first post`; `My Note.md` -> `My Note`."""
    name = file_name_parts(rel_path)[1]
    if " " not in name and not _DATE_ONLY.fullmatch(name):
        name = name.replace("-", " ").replace("_", " ").strip() or name
    return clean_line(name)


def _sort_keys(data: dict[str, Any]) -> tuple[dict[str, tuple[str, Any]], dict[str, Any]]:
    """Known keys (lower-cased -> (key as written, value)) and everything else."""
    known: dict[str, tuple[str, Any]] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        lower = key.lower()
        if lower in _KNOWN and lower not in known:
            known[lower] = (key, value)
        else:
            extra[key] = value
    return known, extra


def build_post(front: FrontMatter, post_id: str, rel_path: str) -> tuple[Post, Problems]:
    """The Post for one file, and the problems met in its front matter."""
    problems: Problems = []
    known, extra = _sort_keys(front.data)

    def value(lower: str) -> Any:
        return known[lower][1] if lower in known else None

    if isinstance(value("extra"), dict):
        extra.update(value("extra"))
    elif "extra" in known:
        extra.setdefault(*known["extra"])
    taxonomies = value("taxonomies")
    if isinstance(taxonomies, dict):
        rest = {k: v for k, v in taxonomies.items() if k not in ("tags", "categories")}
        if rest:
            extra["taxonomies"] = rest
    else:
        if "taxonomies" in known:
            extra.setdefault(*known["taxonomies"])
        taxonomies = {}

    def date_of(aliases: tuple[str, ...]) -> PostDate | None:
        """The first alias that holds a date; the other aliases go to extra."""
        found: PostDate | None = None
        for alias in aliases:
            if alias not in known:
                continue
            key, given = known[alias]
            if found is not None or isinstance(given, bool) or given is None or given == "":
                extra[key] = given  # e.g. Jekyll's `published: false` flag
                continue
            try:
                found = coerce_date(given)
            except ValueError as error:
                problems.append((front.line_of(key), f"{error}; '{key}' ignored"))
        return found

    date = date_of(_DATE_KEYS)
    if date is None:
        try:
            date = date_from_file_name(file_name_parts(rel_path)[0])
        except ImpossibleDate as error:
            problems.append((None, str(error)))
    updated = date_of(_UPDATED_KEYS)

    authors = _unique(name for alias in _AUTHOR_KEYS for name in _names(value(alias)))
    tag_sources = (
        (value("tags"), True),
        (taxonomies.get("tags"), True),
        (value("categories"), True),
        (value("category"), False),
        (taxonomies.get("categories"), True),
    )
    tags = _unique(
        tag for given, split in tag_sources if given is not None for tag in _tags(given, split)
    )

    body = clean(front.body)
    title = one_line_title(_text(value("title")))
    source = "front-matter"
    if title:
        source = _text(extra.get("title_source")) or source
    else:
        title, source = heading_title(body), "heading"
        if not title:
            title, source = file_name_title(rel_path), "filename"

    post = Post(
        id=post_id,
        path=rel_path,
        title=title,
        date=date,
        updated=updated,
        authors=authors,
        tags=tags,
        title_source=source,
        body=body,
        extra=clean_value(extra),
    )
    return post, problems
