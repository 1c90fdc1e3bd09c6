"""Obsidian's inline tags: `#word` in the body of a note counts as a tag.

A tag is `#` at the start of a line or after a space, then letters, digits,
`_`, `-` and `/` (nested tags, `#project/active`), with at least one
character that is not a digit (`#1984` is no tag, as in Obsidian). Tags
differ only in case are one (`#tag`, `#TAG`), spelt as first written. What
is not a tag:

- anything in code: fenced blocks (in a quote or callout too), indented
  lines (other than list items), `inline code`, and HTML `<style>`,
  `<script>` and `<pre>` blocks (CSS's `#content` is a selector);
- a kramdown attribute list (`{: #fn1}`), which names an anchor;
- a heading's `#` (`# Title`, `## Part`): a space follows it;
- a link's fragment (`page#part`, `[x](#part)`) and an entity (`&#39;`):
  no space before the `#`.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^(?:[ \t]*>)*[ ]{0,3}(`{3,}|~{3,})")
_HTML_OPEN = re.compile(r"[ ]{0,3}<(style|script|pre)\b", re.I)
_ATTRIBUTES = re.compile(r"\{:?[ \t]*[#.][^{}\n]*\}")
_LIST_ITEM = re.compile(r"[ \t]+(?:[-*+]|\d{1,9}[.)])[ \t]")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# The tag ends at a space or punctuation: `#each\_line` is escaped Markdown, not a tag.
_TAG = re.compile(r"(?:^|(?<=\s))#([\w/-]*[^\W\d][\w/-]*)(?=$|[\s.,;:!?)\]])")
_CANDIDATE = re.compile(r"#[\w/-]*[^\W\d]")
"""Opens with a literal `#`, so the search skips along the text at C speed."""
_MAX_TAGS = 100
"""A note with more is a list of tags, not a note that uses them."""


def _has_candidate(body: str) -> bool:
    """Whether a `#word` follows a space or a line's start anywhere (code included)."""
    for found in _CANDIDATE.finditer(body):
        start = found.start()
        if start == 0 or body[start - 1].isspace():
            return True
    return False


def inline_tags(body: str) -> list[str]:
    """The inline tags of a Markdown body, in order of first use, without the `#`."""
    if not _has_candidate(body):
        return []  # most bodies: their only `#` start headings
    found: dict[str, str] = {}
    fence = ""
    html = ""
    for line in body.split("\n"):
        if html:
            if html in line.lower():
                html = ""
            continue
        opening = _FENCE.match(line)
        if fence:
            if opening is not None and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
            continue
        if opening is not None:
            fence = opening[1]
            continue
        tag_open = _HTML_OPEN.match(line)
        if tag_open is not None:
            closer = f"</{tag_open[1].lower()}"
            html = "" if closer in line.lower() else closer
            continue
        if "#" not in line:
            continue
        if line.startswith(("    ", "\t")) and _LIST_ITEM.match(line) is None:
            continue
        if "`" in line:
            line = _INLINE_CODE.sub(" ", line)
        if "{" in line:
            line = _ATTRIBUTES.sub(" ", line)
        for tag in _TAG.findall(line):
            tag = tag.rstrip("/-")
            if tag:
                found.setdefault(tag.casefold(), tag)
            if len(found) >= _MAX_TAGS:
                break
    return list(found.values())
