"""Writing Markdown text safely: literal text and link targets.

Shared by the HTML converter and the store-syntax pass. Kept apart from
`reader.render.html` so that the renderer loads BeautifulSoup only when a
post has raw HTML in it (importing it costs about 65 ms).
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Text made literal for Markdown: its punctuation will not start any syntax."""
    return _LINE_START.sub(r"\1\\\2", _ESCAPE.sub(r"\\\1", text))


def link_destination(target: str) -> str:
    """A link target in Markdown's `<…>` form, which holds spaces; `<`, `>` and breaks cannot."""
    clean = " ".join(target.split()).replace("<", "%3C").replace(">", "%3E")
    return f"<{clean}>"
