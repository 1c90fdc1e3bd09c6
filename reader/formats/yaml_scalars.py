"""Scalars and flow collections of the YAML subset: quoted and plain values, `[a, b]`, `{a: b}`.

The line-by-line structure (keys, indentation, block lists) is in
`yaml_subset`; this module reads what sits on one line.
"""

from __future__ import annotations

import re
from typing import Any

from reader.formats.dates import ImpossibleDate, parse_date_text

MAX_DEPTH = 16
"""Nesting deeper than this is an error: no blog needs it, and it bounds recursion."""

_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)
_SINGLE = re.compile(r"'((?:[^']|'')*)'", re.S)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\n[ \t]*|.)", re.S)
_SIMPLE_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_INT = re.compile(r"[-+]?\d{1,18}")
_FLOAT = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+")
_WORDS: dict[str, Any] = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "null": None, "Null": None, "NULL": None, "~": None,
}  # fmt: skip


class YamlError(ValueError):
    """A line the subset cannot read. `line` is the line in the whole file."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


class Unclosed(YamlError):
    """A flow collection or quoted string that may continue on the next line."""


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


def read_quoted(text: str, pos: int, line: int) -> tuple[str, int]:
    """The quoted string starting at text[pos]; returns it and the index after it."""
    if text[pos] == '"':
        found = _DOUBLE.match(text, pos)
        if found is None:
            raise Unclosed(line, "unclosed double-quoted string")
        return unescape(found.group(1)), found.end()
    found = _SINGLE.match(text, pos)
    if found is None:
        raise Unclosed(line, "unclosed single-quoted string")
    return found.group(1).replace("''", "'"), found.end()


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar: null, bool, int, float, date or text."""
    if not text:
        return None
    first = text[0]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(text):
            return int(text)
        if _FLOAT.fullmatch(text):
            return float(text)
        if len(text) >= 10 and text[4:5] == "-":
            try:
                parsed = parse_date_text(text)
            except ImpossibleDate:
                parsed = None  # stays text; the post reader reports it if it is the date
            if parsed is not None:
                return parsed
        return text
    return _WORDS.get(text, text)


def strip_comment(text: str) -> str:
    cut = text.find(" #")
    if cut < 0:
        cut = text.find("\t#")
    return (text if cut < 0 else text[:cut]).rstrip()


def read_flow(text: str, pos: int, line: int, depth: int = 0) -> tuple[Any, int]:
    """A flow collection `[a, b]` / `{a: b}` or scalar inside one, from text[pos]."""
    if depth > MAX_DEPTH:
        raise YamlError(line, "nested too deeply")
    size = len(text)
    while pos < size and text[pos] in " \t\n":
        pos += 1
    if pos >= size:
        raise Unclosed(line, "unclosed flow collection")
    opener = text[pos]
    if opener in "\"'":
        return read_quoted(text, pos, line)
    if opener not in "[{":
        end = pos
        while (
            end < size
            and text[end] not in ",]}"
            and not (text[end] == ":" and (end + 1 >= size or text[end + 1] in " \t\n,]}"))
        ):
            end += 1
        return resolve_plain(text[pos:end].strip()), end
    closer = "]" if opener == "[" else "}"
    items: list[Any] = []
    mapping: dict[str, Any] = {}
    pos += 1
    while True:
        while pos < size and text[pos] in " \t\n":
            pos += 1
        if pos >= size:
            raise Unclosed(line, "unclosed flow collection")
        if text[pos] == closer:
            return (items if opener == "[" else mapping), pos + 1
        value, pos = read_flow(text, pos, line, depth + 1)
        while pos < size and text[pos] in " \t\n":
            pos += 1
        if pos < size and text[pos] == ":":
            key_value, pos = read_flow(text, pos + 1, line, depth + 1)
            if opener == "{":
                mapping[str(value)] = key_value
            else:
                items.append({str(value): key_value})
        elif opener == "{":
            mapping[str(value)] = None
        else:
            items.append(value)
        while pos < size and text[pos] in " \t\n":
            pos += 1
        if pos >= size:
            raise Unclosed(line, "unclosed flow collection")
        if text[pos] == ",":
            pos += 1
        elif text[pos] != closer:
            raise YamlError(line, f"expected ',' or '{closer}' in a flow collection")
