"""Parse a blog scrape export (docs/design.md §1.1) into post records with line numbers.

A scrape is a plain-text dump of a listing page. Each post is a header
(`Posted By NAME,`, a `DD MonthName YYYY` date, an optional `Updated:` date),
body lines, an optional `Tags:` block, and a footer (`Permalink` then
`| Comments (N)`), with `|` lines around posts. The parser is strict about
structure and lenient about noise: a missing footer, a missing or impossible
date, or stray text between posts is a `ScrapeError` naming the file and line,
while CRLF, a BOM, blank lines and doubled `|` lines are accepted.
"""

from __future__ import annotations

import datetime as dt
import errno
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.budgets import MAX_SCRAPE_BYTES
from reader.postfile import NotRegular, TooLarge, UnreadableFile, read_limited

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_POSTED_BY = re.compile(r"(?i:posted by)\b\s*(?P<name>.*?)\s*,?")
_DATE = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})")
_UPDATED = re.compile(r"Updated:\s*(?P<date>.*)")
_COMMENTS = re.compile(r"\|?\s*Comments\s*\((?P<count>\d+)\)")
_TAGS = "Tags:"
_PERMALINK = "Permalink"
# A tag is a short label; a sentence (many words, closing punctuation) is body
# text, which is how a body line reading `Tags:` is told from a tag block.
_MAX_TAG_CHARS = 60
_MAX_TAG_WORDS = 5
_SENTENCE_END = tuple(".!?:;,…")
# C0/C1 controls (ESC, BEL, ...) are never part of a post's words; line and
# paragraph separators would split a line behind the parser's back.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ODD_SPACE = re.compile(r"[\t\u2028\u2029]")


class ScrapeError(Exception):
    """A scrape that cannot be imported: `FILE:LINE: reason` (or `FILE: reason`)."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class BodyLine:
    """One body line, whitespace-trimmed, with its 1-based line in the file."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class ScrapedPost:
    """One post as the scrape gives it: nothing recovered yet."""

    source: str
    """The input file's name (not its path: output must be reproducible)."""
    line: int
    """The line of its `Posted By` header."""
    posted_by: str
    date: dt.date
    updated: dt.date | None
    body: tuple[BodyLine, ...]
    """Body lines in order, blank lines included (text ``""``)."""
    tags: tuple[str, ...]
    comments: int

    @property
    def body_texts(self) -> list[str]:
        """The non-blank body lines."""
        return [line.text for line in self.body if line.text]


def parse_date(text: str) -> dt.date | None:
    """`13 September 2016` (or `6 Sep 2016`) -> a date; None if not that shape.

    Raises ValueError for the right shape naming a day that does not exist.
    """
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    return dt.date(int(match["year"]), month, int(match["day"]))


def split_lines(data: bytes, path: str) -> list[str]:
    """Decode UTF-8 (BOM optional) and split on LF, CRLF or CR.

    Only real line ends split: `str.splitlines` would also break on form feeds
    and U+2028, which would shift every later line number.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ScrapeError(path, line, f"not UTF-8 text (byte 0x{data[error.start]:02x})") from None
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start one
    return [
        line if line.isprintable() else _CONTROL.sub("", _ODD_SPACE.sub(" ", line))
        for line in lines
    ]


class _Parser:
    def __init__(self, lines: Sequence[str], path: str, source: str) -> None:
        self.lines = [line.strip(" \t") for line in lines]
        self.path = path
        self.source = source

    def error(self, index: int, reason: str) -> ScrapeError:
        return ScrapeError(self.path, index + 1, reason)

    def posted_by_at(self, index: int) -> str | None:
        if index >= len(self.lines):
            return None
        match = _POSTED_BY.fullmatch(self.lines[index])
        return match["name"] if match else None

    def is_header(self, index: int) -> bool:
        """A `Posted By` line followed by a date: the start of the next post."""
        if self.posted_by_at(index) is None or index + 1 >= len(self.lines):
            return False
        try:
            return parse_date(self.lines[index + 1]) is not None
        except ValueError:
            return True

    def is_footer(self, index: int) -> bool:
        return (
            self.lines[index] == _PERMALINK
            and index + 1 < len(self.lines)
            and _COMMENTS.fullmatch(self.lines[index + 1]) is not None
        )

    def date_at(self, index: int, what: str, text: str | None = None) -> dt.date:
        if text is None:
            text = self.lines[index] if index < len(self.lines) else ""
        shown = _quote(text) if text else "the end of the file"
        try:
            value = parse_date(text)
        except ValueError as error:
            raise self.error(index, f"impossible {what} {shown} ({error})") from None
        if value is None:
            raise self.error(index, f"expected {what} like '13 September 2016', got {shown}")
        return value

    def parse(self) -> list[ScrapedPost]:
        posts: list[ScrapedPost] = []
        index = 0
        while index < len(self.lines):
            line = self.lines[index]
            if line in ("", "|"):
                index += 1
                continue
            if self.posted_by_at(index) is None:
                raise self.error(
                    index, f"expected 'Posted By NAME,' to start a post, got {_quote(line)}"
                )
            post, index = self.parse_post(index)
            posts.append(post)
        if not posts:
            raise ScrapeError(self.path, None, "no posts found (expected 'Posted By NAME,')")
        return posts

    def parse_post(self, start: int) -> tuple[ScrapedPost, int]:
        posted_by = self.posted_by_at(start) or ""
        if not posted_by:
            raise self.error(start, "'Posted By' names nobody")
        index = start + 1
        date = self.date_at(index, "a date")
        index += 1
        updated: dt.date | None = None
        if index < len(self.lines):
            match = _UPDATED.fullmatch(self.lines[index])
            if match is not None:
                updated = self.date_at(index, "an 'Updated:' date", match["date"])
                index += 1
        while index < len(self.lines) and self.lines[index] == "|":
            index += 1  # the header's closer; some pages double it
        body_start = index
        while index < len(self.lines) and not self.is_footer(index):
            if self.is_header(index):
                raise self.error(
                    start,
                    f"post has no footer ('Permalink', '| Comments (N)') before the next "
                    f"post at line {index + 1}",
                )
            index += 1
        if index >= len(self.lines):
            raise self.error(
                start,
                f"post has no footer ('Permalink', '| Comments (N)'): the file ends at "
                f"line {len(self.lines)} (truncated?)",
            )
        footer = index
        comments_match = _COMMENTS.fullmatch(self.lines[footer + 1])
        assert comments_match is not None  # is_footer checked it
        body_end, tags = self.split_tags(body_start, footer)
        body = self.trim(body_start, body_end)
        post = ScrapedPost(
            source=self.source,
            line=start + 1,
            posted_by=posted_by,
            date=date,
            updated=updated,
            body=body,
            tags=tags,
            comments=int(comments_match["count"]),
        )
        return post, footer + 2

    def split_tags(self, body_start: int, footer: int) -> tuple[int, tuple[str, ...]]:
        """Where the body ends, and the tags: the lines after the LAST `Tags:`.

        If what follows that `Tags:` does not look like tags (sentences), the
        post has no tag block and the `Tags:` line is body text.
        """
        for index in range(footer - 1, body_start - 1, -1):
            if self.lines[index] != _TAGS:
                continue
            candidates = [line for line in self.lines[index + 1 : footer] if line]
            if all(_looks_like_tag(line) for line in candidates):
                return index, tuple(dict.fromkeys(candidates))
            break
        return footer, ()

    def trim(self, first: int, end: int) -> tuple[BodyLine, ...]:
        """Body lines without leading/trailing blank and `|` lines."""
        while first < end and self.lines[first] in ("", "|"):
            first += 1
        while end > first and self.lines[end - 1] in ("", "|"):
            end -= 1
        return tuple(BodyLine(index + 1, self.lines[index]) for index in range(first, end))


def _quote(text: str, limit: int = 60) -> str:
    """A line quoted in an error message, cut short: errors stay one short line."""
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def _looks_like_tag(line: str) -> bool:
    return (
        len(line) <= _MAX_TAG_CHARS
        and len(line.split()) <= _MAX_TAG_WORDS
        and not line.endswith(_SENTENCE_END)
        and line != _TAGS
    )


def parse_scrape(data: bytes, path: str) -> list[ScrapedPost]:
    """Every post of one scrape file, in file order.

    `path` is used in error messages as given; the records keep only its name.
    Raises `ScrapeError` on the first structural problem.
    """
    return _Parser(split_lines(data, path), path, Path(path).name).parse()


def read_scrape(path: Path) -> list[ScrapedPost]:
    """Read and parse one file; unreadable files are `ScrapeError`s too."""
    shown = str(path)
    try:
        data = read_limited(path, MAX_SCRAPE_BYTES)
    except TooLarge as error:
        raise ScrapeError(shown, None, f"{error.reason}; not a scrape file") from None
    except UnreadableFile as error:
        raise ScrapeError(shown, None, _unreadable_reason(error)) from None
    return parse_scrape(data, shown)


def _unreadable_reason(error: UnreadableFile) -> str:
    if isinstance(error, NotRegular) and error.folder:
        return "is a folder, not a scrape file"
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    return error.reason
