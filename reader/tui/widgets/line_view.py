"""A line-API scroll view that reads its own base style once, not per line."""

from __future__ import annotations

from rich.style import Style
from textual.scroll_view import ScrollView


class LineView(ScrollView):
    """Base of the panes that draw line by line (the lists and the article)."""

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._base: Style | None = None

    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor's CSS: too slow to ask per line.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
