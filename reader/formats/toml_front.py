"""TOML front matter: a fast path for the usual lines, tomllib for the rest.

Nearly every store file says `key = "text"`, `key = 2016-09-13`,
`key = ["a", "b"]` and has an `[extra]` or `[taxonomies]` table. Those lines
are read with one regular expression each, several times faster than
tomllib; anything else (multi-line strings and arrays, inline tables, dotted
keys, floats) hands the whole block to tomllib, so the result is the same.

Two deliberate differences, both in the reader's favour: a control character
inside a string is accepted (it is cleaned later rather than costing the
whole front matter), and a date that does not exist (`2021-02-30`) costs
only its own key. When tomllib rejects a block, the problem names its line
and the lines the fast path understands are still used.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from reader.formats.dates import ImpossibleDate, parse_date_text
from reader.formats.yaml_scalars import unescape

_LINE = re.compile(
    r"[ \t]*(?:"
    r"(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"
    # re keeps a backtracking entry (~165 bytes) per repetition of a group:
    # `(?:[^"\\]|\\.)*` cost that per character of a string. Here plain runs
    # are one repeated class and the groups are possessive (`*+`), which keep
    # none; nothing inside a string ever needs to be given back.
    r'"(?P<basic>[^"\\\n]*(?:\\.[^"\\\n]*)*+)"'
    r"|'(?P<literal>[^'\n]*)'"
    # Past 64 bits TOML has no integer; tomllib gets to say so.
    r"|(?P<int>[+-]?(?:0|[1-9](?:_?\d){0,18}+))"
    r"|(?P<bool>true|false)"
    r"|(?P<date>\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?)"
    r"|\[(?P<array>[^\]\n]*)\]"
    r")"
    r"|\[[ \t]*(?P<table>[A-Za-z0-9_-]+)[ \t]*\]"
    r")?[ \t]*(?:#.*)?"
)
_STRING_ITEM = r"""(?:"[^"\\\n]*"|'[^'\n]*')"""
_ARRAY = re.compile(rf"\s*(?:{_STRING_ITEM}\s*,\s*)*+(?:{_STRING_ITEM}\s*,?\s*)?")
_ARRAY_ITEM = re.compile(r""""([^"\\\n]*)"|'([^'\n]*)'""")
_ERROR_LINE = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")


class _GiveUp(Exception):
    """A line the fast path does not read."""


def _fast(
    text: str, first_line: int, lenient: bool
) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    root: dict[str, Any] = {}
    table = root
    problems: list[tuple[int, str]] = []
    for offset, raw in enumerate(text.split("\n")):
        found = _LINE.fullmatch(raw)
        kind = found.lastgroup if found else "?"
        if kind is None:
            continue  # blank or comment
        if kind == "?" or (kind == "array" and not _ARRAY.fullmatch(found["array"])):  # type: ignore[index]
            if lenient:
                continue
            raise _GiveUp
        assert found is not None
        if kind == "table":
            name = found["table"]
            if name in root:
                if lenient:
                    table = {}  # tomllib already reported the duplicate
                    continue
                raise _GiveUp
            table = root[name] = {}
            continue
        key = found["key"]
        if key in table:
            if lenient:
                continue
            raise _GiveUp
        value: Any
        if kind == "basic":
            value = unescape(found["basic"])
        elif kind == "literal":
            value = found["literal"]
        elif kind == "int":
            value = int(found["int"].replace("_", ""))
        elif kind == "bool":
            value = found["bool"] == "true"
        elif kind == "date":
            try:
                value = parse_date_text(found["date"])
            except ImpossibleDate as error:
                problems.append((first_line + offset, f"{error}; '{key}' ignored"))
                continue
        else:
            value = [a or b for a, b in _ARRAY_ITEM.findall(found["array"])]
        table[key] = value
    return root, problems


def parse_toml(text: str, first_line: int = 1) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """Read a TOML front-matter block.

    `first_line` is the file's line number of the block's first line. Returns
    the keys and one `(line, reason)` per problem; never raises.
    """
    try:
        return _fast(text, first_line, lenient=False)
    except _GiveUp:
        pass
    try:
        return tomllib.loads(text), []
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        message = str(error) if not isinstance(error, RecursionError) else "nested too deeply"
        where = _ERROR_LINE.search(message)
        line = first_line
        if where is not None:
            message = message[: where.start()].rstrip()
            at = int(where.group(1)) if where.group(1) else text.count("\n") + 1
            line = first_line + at - 1
        salvaged, problems = _fast(text, first_line, lenient=True)
        return salvaged, [(line, f"invalid TOML front matter: {message}"), *problems]
