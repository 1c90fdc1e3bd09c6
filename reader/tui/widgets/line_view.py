"""A line-API scroll view that reads its own base style once, not per line.

It also resolves its component classes' colours the way Textual paints a
widget: a colour with alpha (`$text-muted` is `auto 60%`) is blended over
the pane's background, and `auto` picks the text colour that contrasts with
it. Textual's partial component styles drop the alpha, so every muted cell
came out pure white, on light themes too.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import Color
from textual.css.styles import StylesBase
from textual.scroll_view import ScrollView


class LineView(ScrollView):
    """Base of the panes that draw line by line (the lists and the article)."""

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._base: Style | None = None
        self._components: dict[tuple[str, ...], Style] = {}

    def _base_style(self) -> Style:
        # `rich_style` walks every ancestor's CSS: too slow to ask per line.
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
        self._components.clear()

    def get_component_rich_style(
        self, *names: str, partial: bool = False, default: Style | None = None
    ) -> Style:
        """A component's Rich style; `partial` ones have their colours resolved
        against this pane's background (see the module's docstring)."""
        if not partial:
            return super().get_component_rich_style(*names, partial=False, default=default)
        style = self._components.get(names)
        if style is None:
            try:
                styles = self.get_component_styles(*names)
            except KeyError:
                if default is not None:
                    return default
                raise
            _, background = self.background_colors
            style = resolved_style(styles, background)
            self._components[names] = style
        return style


def resolved_style(styles: StylesBase, background: Color) -> Style:
    """The Rich style of `styles` alone, its colours blended over `background`."""
    bgcolor = None
    if styles.has_rule("background") and styles.background.a > 0:
        background = background + styles.background
        bgcolor = background.rich_color
    color = None
    if styles.has_rule("color") or styles.has_rule("auto_color"):
        text = styles.color
        if styles.auto_color:
            text = background.get_contrast_text(text.a)
        if text.a > 0:
            color = (background + text).rich_color
    return Style(color=color, bgcolor=bgcolor) + styles.text_style
