"""A safe subset of YAML for front matter, without PyYAML.

Real blogs use a small part of YAML: `key: value` lines, quoted strings,
numbers, booleans, dates, lists in block (`- a`) or flow (`[a, b]`) style,
a map or two nested under a key, block scalars (`|`, `>`) and comments.
That is what this reads. It builds only plain Python values (no tags, no
object construction), so a hostile file cannot run anything.

It is lenient where blogs are sloppy: a plain value may contain `: `
(`title: Foo: the bar`), an unknown escape in a double-quoted string is kept
as written, anchors and tags (`&a`, `!!str`) are read as plain text. A line
it cannot read costs only its own key: the error names the line, and the
other keys are kept.
"""

from __future__ import annotations

import re
from typing import Any

from reader.formats.yaml_scalars import (
    MAX_DEPTH,
    Unclosed,
    YamlError,
    read_flow,
    read_quoted,
    resolve_plain,
    strip_comment,
)

__all__ = ["YamlError", "parse_yaml"]

_KEY_END = re.compile(r":(?:[ \t]|$)")
_BLOCK_HEADER = re.compile(r"([|>])([-+]?)([1-9]?)[-+]?[ \t]*(?:#.*)?")


class _Parser:
    """Reads the block line by line; nesting follows indentation."""

    def __init__(self, text: str, first_line: int) -> None:
        self.lines = text.split("\n")
        self.first_line = first_line
        self.content = [bool(s) and not s.startswith("#") for s in (x.strip() for x in self.lines)]
        self.problems: list[tuple[int, str]] = []

    # -- helpers -------------------------------------------------------------

    def line_no(self, index: int) -> int:
        return self.first_line + index

    def next_content(self, index: int) -> int:
        content, count = self.content, len(self.lines)
        while index < count and not content[index]:
            index += 1
        return index

    def indent(self, index: int) -> int:
        raw = self.lines[index]
        stripped = raw.lstrip(" ")
        if stripped.startswith("\t"):
            raise YamlError(self.line_no(index), "tab used for indentation")
        return len(raw) - len(stripped)

    @staticmethod
    def is_item(text: str) -> bool:
        return text == "-" or text.startswith(("- ", "-\t"))

    # -- the document --------------------------------------------------------

    def document(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        index = self.next_content(0)
        if index >= len(self.lines):
            return result
        try:
            top = self.indent(index)
        except YamlError as error:
            self.problems.append((error.line, error.reason))
            return result
        if self.is_item(self.lines[index][top:]):
            self.problems.append(
                (self.line_no(index), "front matter is a list, not 'key: value' lines")
            )
            return result
        while True:
            index = self.next_content(index)
            if index >= len(self.lines):
                return result
            start = index
            try:
                if self.indent(index) != top:
                    raise YamlError(self.line_no(index), "unexpected indentation")
                key, value, index = self.entry(index, top, 1)
                result[key] = value
            except YamlError as error:
                self.problems.append((error.line, error.reason))
                index = self.skip_nested(start + 1, top)

    def skip_nested(self, index: int, top: int) -> int:
        """The next line at or left of the top level: where the next key starts."""
        while index < len(self.lines):
            raw = self.lines[index]
            if self.content[index] and len(raw) - len(raw.lstrip(" \t")) <= top:
                break
            index += 1
        return index

    # -- blocks --------------------------------------------------------------

    def block(self, index: int, indent: int, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise YamlError(self.line_no(index), "nested too deeply")
        if self.is_item(self.lines[index][indent:]):
            return self.sequence(index, indent, depth)
        return self.mapping(index, indent, depth)

    def mapping(self, index: int, indent: int, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        while True:
            index = self.next_content(index)
            if index >= len(self.lines):
                return result, index
            here = self.indent(index)
            if here < indent:
                return result, index
            if here > indent:
                raise YamlError(self.line_no(index), "unexpected indentation")
            if self.is_item(self.lines[index][indent:]):
                raise YamlError(self.line_no(index), "a list item where a key was expected")
            key, value, index = self.entry(index, indent, depth)
            result[key] = value

    def sequence(self, index: int, indent: int, depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        while True:
            index = self.next_content(index)
            if index >= len(self.lines):
                return result, index
            here = self.indent(index)
            text = self.lines[index][indent:]
            if here != indent or not self.is_item(text):
                if here > indent:
                    raise YamlError(self.line_no(index), "unexpected indentation")
                return result, index
            rest = text[1:]
            item = rest.lstrip(" \t")
            if not item or item.startswith("#"):
                nxt = self.next_content(index + 1)
                if nxt < len(self.lines) and self.indent(nxt) > indent:
                    value, index = self.block(nxt, self.indent(nxt), depth + 1)
                else:
                    value, index = None, index + 1
            elif self.is_item(item) or (item[0] not in "\"'[{" and _KEY_END.search(item)):
                # `- name: X` or `- - a`: a block that starts on the item's own line.
                inner = indent + 1 + len(rest) - len(item)
                self.lines[index] = " " * inner + item
                value, index = self.block(index, inner, depth + 1)
            else:
                value, index = self.inline(item, index, indent, depth)
            result.append(value)

    def entry(self, index: int, indent: int, depth: int) -> tuple[str, Any, int]:
        """One `key: value` at `indent`; returns the key, value and the next line."""
        text = self.lines[index][indent:]
        line = self.line_no(index)
        if self.is_item(text):
            raise YamlError(line, "a list item where a key was expected")
        if text[0] in "\"'":
            key, end = read_quoted(text, 0, line)
            found = _KEY_END.match(text, end + len(text[end:]) - len(text[end:].lstrip(" \t")))
        else:
            found = _KEY_END.search(text)
            key = text[: found.start()].rstrip() if found else ""
        if found is None or (not key and text[0] not in "\"'"):
            raise YamlError(line, "expected 'key: value'")
        rest = text[found.end() :].strip()
        if not rest or rest.startswith("#"):
            nxt = self.next_content(index + 1)
            if nxt < len(self.lines):
                here = self.indent(nxt)
                if here > indent:
                    value, index = self.block(nxt, here, depth + 1)
                    return key, value, index
                if here == indent and self.is_item(self.lines[nxt][indent:]):
                    # Lists may sit at their key's own indentation (Jekyll does this).
                    value, index = self.sequence(nxt, indent, depth + 1)
                    return key, value, index
            return key, None, index + 1
        if rest[0] in "|>":
            header = _BLOCK_HEADER.fullmatch(rest)
            if header is None:
                raise YamlError(line, f"bad block scalar header '{rest[:20]}'")
            value, index = self.block_scalar(index, indent, header)
            return key, value, index
        value, index = self.inline(rest, index, indent, depth)
        return key, value, index

    def block_scalar(self, index: int, indent: int, header: re.Match[str]) -> tuple[str, int]:
        style, chomp, explicit = header.groups()
        end = index + 1
        lines: list[str] = []
        width = indent + int(explicit) if explicit else -1
        while end < len(self.lines):
            raw = self.lines[end]
            if raw.strip():
                here = len(raw) - len(raw.lstrip(" "))
                if here <= indent:
                    break
                if width < 0:
                    width = here
                lines.append(raw[width:] if here >= width else raw.lstrip(" "))
            else:
                lines.append("")
            end += 1
        if style == "|":
            text = "\n".join(lines)
        else:
            text = ""
            for part in lines:
                if not part:
                    text += "\n"
                elif not text or text.endswith("\n"):
                    text += part
                else:
                    text += " " + part
        body = text.rstrip("\n")
        if chomp == "+":
            body = text + "\n"
        elif chomp != "-" and body:
            body += "\n"
        return body, end

    # -- one-line values -----------------------------------------------------

    def inline(self, text: str, index: int, indent: int, depth: int) -> tuple[Any, int]:
        """A value that starts on this line; it may continue on more-indented lines."""
        line = self.line_no(index)
        end = index + 1
        if text[0] in "[{\"'":
            while True:
                try:
                    if text[0] in "[{":
                        value, pos = read_flow(text, 0, line, depth)
                    else:
                        value, pos = read_quoted(text, 0, line)
                    break
                except Unclosed:
                    if end >= len(self.lines) or not self.continues(end, indent):
                        raise
                    piece = self.lines[end].strip()
                    text += (" " + piece) if piece else "\n"
                    end += 1
            tail = text[pos:].strip()
            if tail and not tail.startswith("#"):
                raise YamlError(line, f"unexpected text after the value: '{tail[:20]}'")
            return value, end
        plain = strip_comment(text)
        parts = [plain]
        while end < len(self.lines) and self.continues(end, indent):
            piece = self.lines[end].strip()
            if piece.startswith("#"):
                break
            parts.append(strip_comment(piece) if piece else "\n")
            end += 1
        while parts[-1] == "\n":  # blank lines after a value end it; they do not extend it
            parts.pop()
        if len(parts) == 1:
            return resolve_plain(plain), end
        return " ".join(parts).replace(" \n ", "\n").strip(), end

    def continues(self, index: int, indent: int) -> bool:
        raw = self.lines[index]
        return not raw.strip() or len(raw) - len(raw.lstrip(" ")) > indent


def parse_yaml(text: str, first_line: int = 1) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    """Read a YAML front-matter block.

    `first_line` is the file's line number of the block's first line, so the
    problems name lines of the file. Returns the keys it could read and one
    `(line, reason)` per line it could not.
    """
    parser = _Parser(text, first_line)
    try:
        result = parser.document()
    except RecursionError:
        return {}, [(first_line, "front matter nested too deeply")]
    return result, parser.problems
