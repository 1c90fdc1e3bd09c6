"""Back and forward through the posts reached by following links, as in a browser.

A plain object the main screen owns: following a link from post A to B
remembers A; back returns to A and remembers B for forward. No widgets here.
"""

from __future__ import annotations


class History:
    """The posts behind and ahead of the one in view."""

    def __init__(self) -> None:
        self._back: list[str] = []
        self._forward: list[str] = []

    def follow(self, here: str) -> None:
        """A link is followed from post `here`: it is the way back; forward is forgotten."""
        self._back.append(here)
        self._forward.clear()

    def back(self, here: str) -> str | None:
        """The post to go back to from `here` (None if there is none)."""
        if not self._back:
            return None
        self._forward.append(here)
        return self._back.pop()

    def forward(self, here: str) -> str | None:
        """The post to go forward to from `here` (None if there is none)."""
        if not self._forward:
            return None
        self._back.append(here)
        return self._forward.pop()
