"""YAML front matter through PyYAML's C parser, with the reader's own values.

libyaml reads the structure (every quoting style, multi-line flow lists,
plain scalars continued on the next line, block scalars, comments); the
reader turns the node tree into plain Python values itself:

- with the base schema, so every scalar starts as text; unquoted ones are
  resolved by `yaml_scalars.resolve_plain` (no `yes` -> True, no `1.10` -> 1.1);
- keys are always text, as written;
- tags are ignored (`!!python/object` builds nothing), so a hostile file can
  run nothing;
- aliases are allowed, but the nodes they repeat are counted: past
  `MAX_ALIAS_NODES` the front matter is refused (a "billion laughs" file
  fails at once instead of filling memory);
- nesting deeper than `MAX_DEPTH` is refused; no blog needs it;
- a character YAML does not allow in a stream (a raw control character) is
  replaced by U+FFFD first, as the post reader would replace it anyway: it
  costs nothing else, as in the TOML reader.

When libyaml rejects the block, each top-level key is read on its own, so a
bad line costs only its own key; every problem names the file's line, from
the parser's mark.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reader.formats.yaml_scalars import resolve_plain

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "parse_yaml"]

MAX_DEPTH = 16
"""Nesting deeper than this is an error: no blog needs it, and it bounds recursion."""
MAX_ALIAS_NODES = 1000
"""How many nodes aliases may repeat in one front matter, all aliases together."""

_PLAIN_TAG = "tag:reader:plain"
"""The tag given to unquoted, untagged scalars: the only ones resolved to non-text."""

Problems = list[tuple[int, str]]

_LOOSE_LINE = re.compile(
    r"(?P<key>[^\s\"'#\[{&*!|>%@`-][^:#]*?):[ \t]+(?P<value>[^\s\"'\[{].*?)[ \t]*"
)
"""`title: Leadership: what it takes`: one line YAML rejects for its second `: `."""
_NOT_YAML_TEXT = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not allow in a stream (controls, DEL, C1, lone surrogates)."""


class _Loader(yaml.CBaseLoader):
    """libyaml's parser and composer; only plain scalars are told apart from the rest."""

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        # The base schema's tags, except that an untagged, unquoted scalar is marked.
        if kind is yaml.ScalarNode:
            return _PLAIN_TAG if implicit[0] else "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


class _Refused(Exception):
    """A node the reader will not turn into a value; `line` is within the block (0-based)."""

    def __init__(self, line: int, reason: str, *, whole: bool = False) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason
        self.whole = whole
        """The whole block is refused, not only the key it is in."""


class _Builder:
    """Turns one composed node tree into values, counting what aliases repeat."""

    def __init__(self) -> None:
        self.done: dict[int, tuple[Any, int]] = {}
        """Each collection built so far (by node id): its value and its node count."""
        self.open: set[int] = set()
        self.repeated = 0

    def value(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        """The node's value and how many nodes it spans."""
        if isinstance(node, yaml.ScalarNode):
            text: str = node.value
            return (resolve_plain(text) if node.tag == _PLAIN_TAG else text), 1
        key = id(node)
        if key in self.done:
            built, size = self.done[key]
            self.repeated += size
            if self.repeated > MAX_ALIAS_NODES:
                raise _Refused(
                    node.start_mark.line,
                    f"aliases repeat more than {MAX_ALIAS_NODES} nodes; front matter refused",
                    whole=True,
                )
            return _copy(built), size
        if key in self.open:
            raise _Refused(node.start_mark.line, "an alias refers to itself", whole=True)
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark.line, "front matter nested too deeply")
        self.open.add(key)
        size = 1
        result: Any
        if isinstance(node, yaml.SequenceNode):
            result = []
            for item in node.value:
                built, count = self.value(item, depth + 1)
                result.append(built)
                size += count
        else:
            result = {}
            for key_node, value_node in node.value:
                name, count = self.key(key_node, depth)
                built, more = self.value(value_node, depth + 1)
                result[name] = built
                size += count + more
        self.open.discard(key)
        self.done[key] = (result, size)
        return result, size

    def key(self, node: yaml.Node, depth: int) -> tuple[str, int]:
        if isinstance(node, yaml.ScalarNode):
            return str(node.value), 1
        raise _Refused(node.start_mark.line, "a key that is a list or a map")


def _copy(value: Any) -> Any:
    """A fresh copy of a repeated collection, so no two keys share one mutable value."""
    if isinstance(value, list):
        return [_copy(item) for item in value]
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    return value


def _reason(error: yaml.MarkedYAMLError) -> str:
    parts = [part for part in (error.context, error.problem) if part]
    return "invalid YAML: " + ", ".join(parts)


def _error_line(error: yaml.MarkedYAMLError, text: str) -> int:
    """The 0-based line of the block the parser blames.

    A string or list left open is found only at the end of the block; its
    opening line, the parser's context mark, is the line to show.
    """
    mark = error.problem_mark
    if mark is None:
        return 0
    ended = mark.index >= len(text.rstrip())
    if ended and error.context_mark is not None:
        return int(error.context_mark.line)
    return min(int(mark.line), max(text.rstrip("\n").count("\n"), 0))


def _read(text: str) -> dict[str, Any]:
    """One block as a map. Raises MarkedYAMLError or _Refused."""
    node = yaml.compose(text, Loader=_Loader)
    if node is None:
        return {}
    if isinstance(node, yaml.SequenceNode):
        reason = "front matter is a list, not 'key: value' lines"
        raise _Refused(node.start_mark.line, reason, whole=True)
    if isinstance(node, yaml.ScalarNode):
        raise _Refused(node.start_mark.line, "expected 'key: value'", whole=True)
    value, _ = _Builder().value(node, 0)
    assert isinstance(value, dict)
    return value


def _top_level_entries(text: str) -> list[tuple[int, str]]:
    """The block cut before each line that starts a top-level key: (first line, text).

    A line at the left edge starts a key unless it is a comment, a list item
    (Jekyll writes lists at their key's indentation) or the `]`/`}` closing a
    flow collection.
    """
    entries: list[tuple[int, list[str]]] = []
    for index, line in enumerate(text.split("\n")):
        starts = bool(line) and line[0] not in " \t#-]}"
        if starts or not entries:
            entries.append((index, [line]))
        else:
            entries[-1][1].append(line)
    return [(start, "\n".join(lines)) for start, lines in entries]


def _strip_comment(text: str) -> str:
    cut = text.find(" #")
    return text if cut < 0 else text[:cut].rstrip()


def _salvage(text: str, first_line: int) -> tuple[dict[str, Any], Problems, bool]:
    """Each top-level entry read on its own: the ones that parse, a problem for each other,
    and whether a line YAML rejects was read loosely."""
    result: dict[str, Any] = {}
    problems: Problems = []
    loosened = False
    for start, entry in _top_level_entries(text):
        try:
            result.update(_read(entry))
        except yaml.MarkedYAMLError as error:
            loose = _LOOSE_LINE.fullmatch(entry.rstrip("\n"))
            if loose is not None:
                # What the author meant is plain: the text after the first `: `.
                result[loose["key"]] = _strip_comment(loose["value"])
                loosened = True
                continue
            problems.append((first_line + start + _error_line(error, entry), _reason(error)))
        except _Refused as refused:
            problems.append((first_line + start + refused.line, refused.reason))
    return result, problems, loosened


def parse_yaml(text: str, first_line: int = 1) -> tuple[dict[str, Any], Problems]:
    """Read a YAML front-matter block; never raises.

    `first_line` is the file's line number of the block's first line, so the
    problems name lines of the file. Returns the keys it could read and one
    `(line, reason)` per problem.
    """
    if _NOT_YAML_TEXT.search(text) is not None:
        text = _NOT_YAML_TEXT.sub("\ufffd", text)
    try:
        return _read(text), []
    except _Refused as refused:
        whole = (first_line + refused.line, refused.reason)
        if refused.whole:
            return {}, [whole]
    except yaml.MarkedYAMLError as error:
        whole = (first_line + _error_line(error, text), _reason(error))
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        return {}, [(first_line, f"invalid YAML: {str(error).splitlines()[0]}")]
    data, problems, loosened = _salvage(text, first_line)
    if problems or loosened:
        return data, problems
    return data, [whole]  # the entries read alone, but not together
