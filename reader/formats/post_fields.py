"""Turn read front matter into a Post's fields: aliases, titles, dates, tags.

Blogs name the same thing differently; these are the names understood
(case does not matter, as in Hugo):

- title (blanks collapsed, cut at `budgets.MAX_TITLE_CHARS`, as for a
  heading's);
- date: `date`, `pubDate`, `published` (unless it is Jekyll's true/false
  flag), `publishDate`, `created` — the first that holds a date wins; else
  a `YYYY/MM/DD` in `path`, `slug`, `url`, `permalink` or `aliases`; else
  the date in the file name (`2016-09-13-slug.md`); else dated folders
  (`2020/12/21/slug.md`, `2018/07/slug/index.md`). Where it came from is
  kept as `date_source`;
- updated: `updated`, `lastmod`, `modified`, `last_modified_at`;
- authors: `authors`, `author` and `by`, each a string, a list, or a map
  (or list of maps) with a `name`. A string may name several people
  (`A, B, and C`, `A and B`); an Obsidian link (`[[Jo Bloggs]]`) is a name;
- tags: `tags`, `[taxonomies] tags`, `categories`, `category` and
  `[taxonomies] categories`, merged in that order with duplicates dropped,
  then the body's inline `#tags` (Obsidian) when the front matter is YAML
  or there is none (one differing from a given tag only in case is that
  tag). The reader has one kind of label, so Hugo's and Jekyll's categories
  become tags. A string of tags is split at commas, or else at spaces
  (Jekyll's rule); a single `category` string is one tag;
- summary: `summary`, `description` or `excerpt`; draft: `draft` (true,
  yes, on, 1) or Jekyll's `published: false`. These keys stay in `extra` too.

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
from reader.formats.body_tags import inline_tags
from reader.formats.dates import (
    ImpossibleDate,
    coerce_date,
    date_from_file_name,
    date_from_folders,
    date_in_link,
    strip_date_prefix,
)
from reader.formats.frontmatter import FrontMatter
from reader.model import Post, PostDate
from reader.safetext import clean, clean_line

_DATE_KEYS = ("date", "pubdate", "published", "publishdate", "created")
_UPDATED_KEYS = ("updated", "lastmod", "modified", "last_modified_at")
_LINK_KEYS = ("path", "slug", "url", "permalink", "aliases")
_AUTHOR_KEYS = ("authors", "author", "by")
_SUMMARY_KEYS = ("summary", "description", "excerpt")
_TRUE_WORDS = frozenset(("true", "yes", "on", "1", "y"))
_FALSE_WORDS = frozenset(("false", "no", "off", "0", "n"))
_READ_TOO = frozenset((*_LINK_KEYS, *_SUMMARY_KEYS, "draft"))
"""Keys read into a field that also stay in `extra`, where other code looks for them."""
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
# `A, B, and C`, `A and B`, `A & B`: the places a string of names is cut.
_NAME_BREAK = re.compile(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+")
# `[[People/Jo Bloggs#Bio|Jo]]`: Obsidian's link to a note; the name is what it shows.
_WIKILINK = re.compile(r"\[\[(?P<target>[^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|(?P<shown>[^\[\]]*))?\]\]")

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
    """Each value once, the first spelling of those equal but for case."""
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def _unlinked(value: Any) -> Any:
    """An Obsidian link as its name: `[[Jo]]`, or `[["Jo"]]` as YAML reads it unquoted."""
    if isinstance(value, str):
        if "[[" not in value:
            return value  # nearly every value: nothing to look at
        found = _WIKILINK.fullmatch(value.strip())
        if found is not None:
            shown = (found["shown"] or "").strip()
            return shown or found["target"].rsplit("/", 1)[-1].strip()
    elif isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
        inner = value[0]
        if len(inner) == 1 and isinstance(inner[0], str):
            return inner[0]  # `author: [[Jo Bloggs]]` without quotes is a list in a list
    return value


def _names(value: Any, several: bool = True) -> list[str]:
    """Author names from a value; a string may name `several` people."""
    if value is None:
        return []
    value = _unlinked(value)
    if isinstance(value, list):
        names: list[str] = []
        for item in value[:100]:
            if isinstance(item, str) and "[[" not in item:
                names.append(_text(item))  # the usual item, a plain name: no recursion
            else:
                names.extend(_names(item, several=False))
        return names
    if isinstance(value, dict):
        return [_text(_unlinked(value.get("name")))]
    text = _text(value)
    if several and ("," in text or " and " in text or " & " in text):
        return [_text(_unlinked(name)) for name in _NAME_BREAK.split(text)]
    return [text]


def _tags(value: Any, split: bool) -> list[str]:
    value = _unlinked(value)
    if isinstance(value, list):
        # The test spares the call for the usual tag, a string that is no link.
        return [
            _text(item if isinstance(item, str) and "[[" not in item else _unlinked(item))
            for item in value
        ]
    if isinstance(value, str) and split:
        parts = value.split(",") if "," in value else value.split()
        return [_text(part) for part in parts]
    return [_text(value)]


def _flag(value: Any) -> bool | None:
    """A boolean-ish value: True, False, or None when it is neither."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    return None


def _first_key(also: dict[str, Any], names: tuple[str, ...]) -> list[tuple[str, Any]]:
    """(name, value) for each of `names` the front matter holds, in the order of `names`."""
    return [(name, also[name]) for name in names if name in also]


def _link_date(also: dict[str, Any]) -> tuple[Any, str] | None:
    """The first `YYYY/MM/DD` in a link key, and that key."""
    for name, value in _first_key(also, _LINK_KEYS):
        for link in value[:100] if isinstance(value, list) else [value]:
            if isinstance(link, str) and "/" in link:
                found = date_in_link(link)
                if found is not None:
                    return found, name
    return None


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


def _sort_keys(
    data: dict[str, Any],
) -> tuple[dict[str, tuple[str, Any]], dict[str, Any], dict[str, Any]]:
    """Known keys (lower-cased -> (key as written, value)), everything else, and
    the keys read but also kept in extra (lower-cased -> value)."""
    known: dict[str, tuple[str, Any]] = {}
    extra: dict[str, Any] = {}
    also: dict[str, Any] = {}
    for key, value in data.items():
        lower = key.lower()
        if lower in _KNOWN and lower not in known:
            known[lower] = (key, value)
            continue
        extra[key] = value
        if lower in _READ_TOO:
            also.setdefault(lower, value)
    return known, extra, also


def build_post(front: FrontMatter, post_id: str, rel_path: str) -> tuple[Post, Problems]:
    """The Post for one file, and the problems met in its front matter."""
    problems: Problems = []
    known, extra, also = _sort_keys(front.data)

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

    def date_of(aliases: tuple[str, ...]) -> tuple[PostDate | None, str]:
        """The first alias that holds a date, and it; the other aliases go to extra."""
        found: PostDate | None = None
        source = ""
        for alias in aliases:
            if alias not in known:
                continue
            key, given = known[alias]
            flag = isinstance(given, bool) or (isinstance(given, str) and _flag(given) is not None)
            if found is not None or flag or given is None or given == "":
                extra[key] = given  # e.g. Jekyll's `published: false` flag, quoted or not
                continue
            try:
                found, source = coerce_date(given), alias
            except ValueError as error:
                problems.append((front.line_of(key), f"{error}; '{key}' ignored"))
        return found, source

    origin = "header" if front.kind == "header" else "front-matter"
    date, key = date_of(_DATE_KEYS)
    date_source = f"{origin}:{key}" if date is not None else None
    if date is None and also and (linked := _link_date(also)) is not None:
        date, date_source = linked[0], f"{origin}:{linked[1]}"
    if date is None:
        try:
            date = date_from_file_name(file_name_parts(rel_path)[0])
        except ImpossibleDate as error:
            problems.append((None, str(error)))
        date_source = "file-name" if date is not None else None
    if date is None:
        date = date_from_folders(rel_path)
        date_source = "folder" if date is not None else None
    updated, _ = date_of(_UPDATED_KEYS)

    authors = _unique(name for alias in _AUTHOR_KEYS for name in _names(value(alias)))
    tag_sources = (
        (value("tags"), True),
        (taxonomies.get("tags"), True),
        (value("categories"), True),
        (value("category"), False),
        (taxonomies.get("categories"), True),
    )
    body = clean(front.body)
    given_tags = [
        tag for given, split in tag_sources if given is not None for tag in _tags(given, split)
    ]
    if front.kind in (None, "yaml"):  # the forms an Obsidian note takes
        known_tags = {tag.casefold() for tag in given_tags}
        given_tags += [tag for tag in inline_tags(body) if tag.casefold() not in known_tags]
    tags = _unique(given_tags)
    summary = ""
    draft = "published" in known and _flag(value("published")) is False
    if also:  # most posts have none of these keys
        summary = next(
            (text for _, given in _first_key(also, _SUMMARY_KEYS) if (text := _text(given))), ""
        )
        draft = draft or _flag(also.get("draft")) is True

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
        date_source=date_source,
        summary=summary,
        draft=draft,
    )
    return post, problems
