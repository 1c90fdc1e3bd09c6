"""Find a post file's front matter and read it: TOML, YAML or JSON.

- TOML between `+++` lines (Hugo, Zola, and the store `reader import` writes);
- YAML between `---` lines (Hugo, Jekyll, Obsidian properties), read by
  PyYAML's C parser in `yaml_front` (a closing `...` is accepted too);
- JSON: an object at the very top of the file (Hugo). It must open with `{`
  followed by a quoted key or `}`, so a Hugo shortcode (`{{< x >}}`) on the
  first line is body text, not broken front matter;
- else Pelican / MultiMarkdown `Key: value` header lines up to the first
  blank line, read strictly by `header_meta`.

Front matter past `budgets.MAX_FRONT_MATTER_CHARS` is not read at all (no
blog's is near it, and a parser given megabytes would stall the load): it is
reported and the post loads with its body alone.

An opening delimiter that is never closed is reported at its line and the
whole file is read as the body: the post stays readable, and a lone `---`
at the top of a note is, after all, a Markdown rule.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from reader.budgets import MAX_FRONT_MATTER_CHARS
from reader.formats.header_meta import split_header
from reader.formats.toml_front import parse_toml

FrontMatterKind = Literal["toml", "yaml", "json", "header"]


_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.M)
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_JSON_OPEN = re.compile(r"\{\s*[\"}]")
_JSON = json.JSONDecoder()
_TOO_LONG = (
    f"front matter longer than {MAX_FRONT_MATTER_CHARS // 1024}K characters; ignored, "
    "the body still loads"
)


@dataclass(slots=True)
class FrontMatter:
    """A file split into its front matter (read) and its Markdown body."""

    kind: FrontMatterKind | None
    data: dict[str, Any]
    body: str
    block: str = ""
    """The raw front-matter text, to find the line of a key when it is wrong."""
    block_line: int = 1
    """The file's line number of the block's first line."""
    problems: list[tuple[int, str]] = field(default_factory=list)

    def line_of(self, key: str) -> int | None:
        """The file line where `key` is set, for problems found after reading."""
        pattern = re.compile(rf"""^[ \t]*["']?{re.escape(key)}["']?[ \t]*[:=]""")
        for offset, raw in enumerate(self.block.split("\n")):
            if pattern.match(raw):
                return self.block_line + offset
        return None


def _delimited(text: str, kind: FrontMatterKind, closer: re.Pattern[str]) -> FrontMatter:
    start = text.find("\n") + 1
    if start == 0:
        start = len(text)
    close = closer.search(text, start)
    if close is None:
        mark = text[:start].strip()
        reason = (
            f"front matter opened by '{mark}' is never closed; the whole file is read as the body"
        )
        return FrontMatter(None, {}, text, problems=[(1, reason)])
    block = text[start : close.start()]
    after = text.find("\n", close.end())
    body = "" if after < 0 else text[after + 1 :]
    if len(block) > MAX_FRONT_MATTER_CHARS:
        return FrontMatter(kind, {}, body.lstrip("\n"), "", 2, [(1, _TOO_LONG)])
    if kind == "toml":
        data, problems = parse_toml(block, 2)
    else:
        # PyYAML loads only for a post that has YAML (`reader show` of a TOML post never does).
        from reader.formats.yaml_front import parse_yaml

        data, problems = parse_yaml(block, 2)
    return FrontMatter(kind, data, body.lstrip("\n"), block, 2, problems)


def _json(text: str) -> FrontMatter:
    try:
        data, end = _JSON.raw_decode(text)
    except json.JSONDecodeError as error:
        reason = f"invalid JSON front matter: {error.msg}; the whole file is read as the body"
        return FrontMatter(None, {}, text, problems=[(error.lineno, reason)])
    except RecursionError:
        reason = "JSON front matter nested too deeply; the whole file is read as the body"
        return FrontMatter(None, {}, text, problems=[(1, reason)])
    after = text.find("\n", end)
    body = "" if after < 0 else text[after + 1 :]
    if end > MAX_FRONT_MATTER_CHARS:
        return FrontMatter("json", {}, body.lstrip("\n"), "", 1, [(1, _TOO_LONG)])
    return FrontMatter("json", data, body.lstrip("\n"), text[:end], 1)


def _opens_with(text: str, mark: str) -> bool:
    """Whether the first line is `mark` alone (trailing blanks allowed)."""
    if not text.startswith(mark):
        return False
    end = text.find("\n")
    return text[len(mark) : end if end >= 0 else len(text)].strip(" \t") == ""


def split_front_matter(text: str) -> FrontMatter:
    """Split decoded text (LF line ends, no BOM) into front matter and body."""
    if _opens_with(text, "+++"):
        return _delimited(text, "toml", _TOML_CLOSE)
    if _opens_with(text, "---"):
        return _delimited(text, "yaml", _YAML_CLOSE)
    if text.startswith("{") and _JSON_OPEN.match(text):
        return _json(text)
    header = split_header(text)
    if header is not None and len(header[1]) <= MAX_FRONT_MATTER_CHARS:
        data, block, body = header
        return FrontMatter("header", data, body, block, 1)
    return FrontMatter(None, {}, text)
