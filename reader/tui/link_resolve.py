"""Which post of the store a link in an article points at, if any.

The rules live in the core (`reader.links`), so the app follows a link to
the same post the index counts as linked from it; the app takes them from
here. No widgets here.
"""

from __future__ import annotations

from reader.links import LinkIndex

__all__ = ["LinkIndex"]
