"""What an unquoted YAML scalar means to the reader, and backslash escapes.

PyYAML reads the structure (see `yaml_front`) with YAML's base schema, where
every scalar is text; the values are resolved here, narrowly and on purpose:
`true`/`false`, `null`/`~`/empty, decimal integers and ISO dates. Everything
else stays text, so `yes` is not True, `1.10` is not 1.1, `007` keeps its
zeros and a version number is never a float.

`unescape` reads YAML's double-quoted escapes, which cover TOML's; the TOML
fast path uses it.
"""

from __future__ import annotations

import re
from typing import Any

from reader.formats.dates import ImpossibleDate, parse_date_text

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n[ \t]*|.)", re.S)
_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_INT = re.compile(r"[-+]?(?:0|[1-9]\d{0,17})")
_WORDS: dict[str, Any] = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "null": None, "Null": None, "NULL": None, "~": None,
}  # fmt: skip


def unescape(text: str) -> str:
    """Resolve backslash escapes of a double-quoted string (YAML's set, which covers TOML's)."""
    return _ESCAPE.sub(_unescape, text) if "\\" in text else text


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) > 1 and code[0] in "xuU":
        return _SURROGATE.sub("\ufffd", chr(int(code[1:], 16)))
    if code[0] == "\n":
        return ""  # an escaped line break joins the lines
    # An unknown escape is kept as written: sloppy, but what the author meant.
    return _SIMPLE_ESCAPES.get(code, "\\" + code)


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar: None, a bool, an int, a date or the text itself."""
    if not text:
        return None
    first = text[0]
    if first.isdigit() or first in "-+":
        if _INT.fullmatch(text):
            return int(text)
        if len(text) >= 8 and text[4:5] == "-":
            try:
                parsed = parse_date_text(text)
            except ImpossibleDate:
                parsed = None  # stays text; the post reader reports it if it is the date
            if parsed is not None:
                return parsed
        return text
    return _WORDS.get(text, text)
