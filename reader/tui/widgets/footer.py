"""The footer: the keys that fit, most important first, in their usual order.

Textual's footer lists every shown binding and cuts what does not fit, so at
80 columns `? Help` and `q Quit` fell off the end. This one ranks the keys
by `FOOTER_ORDER` (actions not named there come after, in their own order),
keeps the best ranked that fit the width, and shows those in the order
Textual would.

Textual's footer recomposes on every change of the bindings, and focus
moving at start-up changes them many times in one refresh; each recompose
mounts every key again, which at start cost more than drawing the list.
This one works out the keys it would show once per refresh (bindings
changed or width changed) and recomposes only when they differ from the
keys on screen.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FOOTER_ORDER: Sequence[str] = (
    "help",
    "quit",
    "open",
    "choose_tag",
    "focus_search",
    "screen.find",  # `/` in the article, where it takes the place of Search
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


KeySpec = tuple[str, str, str, str, bool, str, str]
"""What a footer key shows and does: key, display, description, action,
disabled, tooltip and classes; two keys with one spec look and act alike."""


def key_spec(key: FooterKey) -> KeySpec:
    """The parts of `key` that decide what it shows and does."""
    tooltip = key.tooltip if isinstance(key.tooltip, str) else ""
    classes = " ".join(sorted(key.classes))
    return (key.key, key.key_display, key.description, key.action, key._disabled, tooltip, classes)


class FittingFooter(Footer):
    """A footer that drops the least important keys instead of cutting the last ones,
    and recomposes only when the keys it shows change."""

    def __init__(self, order: Sequence[str] = FOOTER_ORDER) -> None:
        super().__init__()
        self._order = order
        self._width = 0
        self._planned: list[Widget] | None = None
        """The widgets the next compose yields, when a refit found them changed."""
        self._shown: tuple[KeySpec, ...] | None = None
        """The keys on screen (None: what is shown is not plain keys, or nothing yet)."""
        self._refit_pending = False

    def _plan(self) -> tuple[list[Widget], tuple[KeySpec, ...] | None]:
        """The widgets to show now, and the specs of their keys (None: not plain keys)."""
        made: list[Widget] = list(super().compose())
        keys = [widget for widget in made if isinstance(widget, FooterKey)]
        if len(keys) != len(made):
            return made, None  # Grouped keys: Textual's own layout.
        shown = fitting(keys, self.size.width or self.app.size.width, self._order)
        self.styles.grid_size_columns = len(shown)  # Textual's compose counted them all.
        for key in shown:
            # A FooterKey starts compact and is set back by its data binding
            # once mounted: two style updates per key. Start it as it will be.
            key.set_reactive(FooterKey.compact, self.compact)
            key.set_class(self.compact, "-compact", update=False)
        return list(shown), tuple(key_spec(key) for key in shown)

    def compose(self) -> ComposeResult:
        planned, self._planned = self._planned, None
        if planned is None:
            planned, self._shown = self._plan()
        yield from planned

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings changed: fit the keys again, once this refresh is done."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self._refit_soon()

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self._refit_soon()

    def _refit_soon(self) -> None:
        # However many changes come in one refresh, the keys are fitted once.
        if not self._refit_pending:
            self._refit_pending = True
            self.call_after_refresh(self._refit)

    async def _refit(self) -> None:
        self._refit_pending = False
        planned, shown = self._plan()
        if shown is not None and shown == self._shown:
            return  # The same keys: the ones on screen stay.
        self._planned, self._shown = planned, shown
        await self.recompose()
