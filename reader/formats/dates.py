"""Dates as blogs write them: front-matter values, ISO text, links, file names, folders.

A plain date stays a `datetime.date` (most blogs never say the time); a date
with a time becomes a `datetime`, aware when the text gives an offset. The
day may be written with dashes, slashes or dots (`2024-02-15`, `2024/02/15`,
`2024.02.15`), one separator throughout.
"""

from __future__ import annotations

import datetime as dt
import re

from reader.model import PostDate

# `2016-09-13`, `2016-09-13T10:00`, `2016-09-13 10:00:00.5 +0100`,
# `2016-09-13T10:00:00Z`, `2016-09-13T10:00:00+01:00`, `2024/02/15`, `2024.02.15`.
_DATE_TEXT = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|[ \t]+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?"
    r"[ \t]*(?P<tz>[Zz]|(?:UTC|GMT)|[-+]\d{2}(?::?\d{2})?)?)?"
)
_FILE_NAME_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[-_ ]|$)")
# `/2020/12/21/slug` in a link or a path: a whole day, between slashes or at an end.
_LINK_DATE = re.compile(r"(?<![\d])(\d{4})/(\d{1,2})/(\d{1,2})(?![\d])")
# Folders named for the year and month, and maybe the day: `2020/12/21/`, `2018/07/`.
_FOLDER_DATE = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(?:(\d{2})/)?")
_YEARS = range(1970, 2200)
"""Years a blog post can have: a folder named `0001` or `9999` is no date."""


class ImpossibleDate(ValueError):
    """The text has the shape of a date that does not exist (2021-02-30)."""


def _offset(text: str) -> dt.tzinfo:
    if text in ("Z", "z", "UTC", "GMT"):
        return dt.UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ImpossibleDate(f"impossible offset '{text}'")
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def parse_date_text(text: str) -> PostDate | None:
    """A date or datetime from ISO-like text; None when it is not a date at all.

    Raises ImpossibleDate when the text has a date's shape but names no real
    day or time, so the caller can say so instead of dropping it silently.
    """
    found = _DATE_TEXT.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day = int(found["y"]), int(found["m"]), int(found["d"])
    try:
        if found["H"] is None:
            return dt.date(year, month, day)
        fraction = (found["f"] or "0")[:6].ljust(6, "0")
        tz = _offset(found["tz"]) if found["tz"] else None
        value = dt.datetime(
            year,
            month,
            day,
            int(found["H"]),
            int(found["M"]),
            int(found["S"] or 0),
            int(fraction),
            tzinfo=tz,
        )
    except ValueError as error:
        raise ImpossibleDate(f"impossible date '{text.strip()}'") from error
    return representable(value)


def representable(value: PostDate) -> PostDate:
    """`value` if every use of a post's date can handle it; else ImpossibleDate.

    `9999-12-31T23:59:59-01:00` is a valid datetime whose UTC time is past
    year 9999: converting it to sort (as every listing does) raises
    OverflowError, and one such post would stop every command. It is
    refused here, where every date is read (TOML, YAML, JSON, file names).
    """
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        try:
            value.astimezone(dt.UTC)
        except OverflowError:
            raise ImpossibleDate(f"date '{value.isoformat()}' is out of range in UTC") from None
    return value


def coerce_date(value: object) -> PostDate | None:
    """A front-matter value as a date. Raises ValueError with a reason."""
    if isinstance(value, dt.datetime | dt.date):
        return representable(value)
    if isinstance(value, str):
        parsed = parse_date_text(value)
        if parsed is None:
            raise ValueError(f"unrecognised date '{value.strip()[:40]}'")
        return parsed
    raise ValueError(f"unrecognised date {value!r:.40}")


def date_from_file_name(stem: str) -> PostDate | None:
    """`2016-09-13-slug` -> 2016-09-13 (Jekyll). Raises ImpossibleDate."""
    found = _FILE_NAME_DATE.match(stem)
    if found is None:
        return None
    try:
        return representable(dt.date(int(found[1]), int(found[2]), int(found[3])))
    except ImpossibleDate:
        raise
    except ValueError as error:
        raise ImpossibleDate(
            f"impossible date '{found[0].rstrip('-_ ')}' in the file name"
        ) from error


def strip_date_prefix(stem: str) -> str:
    """`2016-09-13-slug` -> `slug`; a name that is only a date stays as it is."""
    found = _FILE_NAME_DATE.match(stem)
    if found is None or found.end() == len(stem):
        return stem
    return stem[found.end() :]


def date_in_link(text: str) -> PostDate | None:
    """The day a link or slug names (`/blog/2020/12/21/slug`), or None.

    A date that does not exist is not one: links are not checked by anyone.
    """
    for found in _LINK_DATE.finditer(text):
        day = _day(found[1], found[2], found[3])
        if day is not None:
            return day
    return None


def date_from_folders(rel_path: str) -> PostDate | None:
    """The day folders name (`2020/12/21/slug.md`), or a month's first (`2018/07/x/index.md`)."""
    folders = rel_path.rsplit("/", 1)[0] + "/" if "/" in rel_path else ""
    for found in _FOLDER_DATE.finditer(folders):
        day = _day(found[1], found[2], found[3] or "1")
        if day is not None:
            return day
    return None


def _day(year: str, month: str, day: str) -> dt.date | None:
    if int(year) not in _YEARS:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
