"""The footer: the keys that fit, most important first, in their usual order.

Textual's footer lists every shown binding and cuts what does not fit, so at
80 columns `? Help` and `q Quit` fell off the end. This one ranks the keys
by `FOOTER_ORDER` (actions not named there come after, in their own order),
keeps the best ranked that fit the width, and shows those in the order
Textual would. It recomposes when the width changes.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FOOTER_ORDER: Sequence[str] = (
    "help",
    "quit",
    "open",
    "choose_tag",
    "focus_search",
    "bookmark",
    "sort",
    "toggle_tags",
    "toggle_tag",
    "exclude_tag",
    "edit_note",
    "open_link",
    "tag_mode",
    "save_search",
    "delete_search",
)
"""Actions by importance; Help and Quit always fit, since they go first."""


def key_width(key: FooterKey) -> int:
    """Columns a key takes in the (non-compact) footer: " k " then "Description "."""
    width = cell_len(key.key_display) + 2
    if key.description:
        width += cell_len(key.description) + 1
    return width + (1 if key.has_class("-command-palette") else 0)


def fitting(keys: Sequence[FooterKey], width: int, order: Sequence[str]) -> list[FooterKey]:
    """The keys that fit in `width`, best ranked first, shown in their given order."""
    rank = {action: index for index, action in enumerate(order)}
    ranked = sorted(
        range(len(keys)),
        key=lambda i: (
            rank.get(keys[i].action, len(order)),
            keys[i].has_class("-command-palette"),
            i,
        ),
    )
    chosen: set[int] = set()
    used = 0
    for index in ranked:
        needed = key_width(keys[index])
        if used + needed <= width:
            chosen.add(index)
            used += needed
    return [key for index, key in enumerate(keys) if index in chosen]


class FittingFooter(Footer):
    """A footer that drops the least important keys instead of cutting the last ones."""

    def __init__(self, order: Sequence[str] = FOOTER_ORDER) -> None:
        super().__init__()
        self._order = order
        self._width = 0

    def compose(self) -> ComposeResult:
        made: list[Widget] = list(super().compose())
        keys = [widget for widget in made if isinstance(widget, FooterKey)]
        if len(keys) != len(made):
            yield from made  # Grouped keys: Textual's own layout.
            return
        shown = fitting(keys, self.size.width or self.app.size.width, self._order)
        self.styles.grid_size_columns = len(shown)
        yield from shown

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
