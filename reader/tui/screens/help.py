"""The help screen: every key of every pane, as the live keymap has it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.keys import KeyRow

READING_NOTES = (
    "In the article: h and l scroll the code block or table in view sideways (prose never "
    "moves), Shift+wheel the one under the mouse; ‹ or › at its edge says there is more. "
    "o opens the image in view, else the post's link. A footnote number (⁽¹⁾) in L's list, "
    "or clicked, jumps to the footnote; Backspace or [ comes back, and a click on the "
    "footnote's own number goes back to where it is mentioned."
)
"""What the keymap cannot say: the keys' meaning in the article, and its mouse."""


class HelpScreen(ModalScreen[None]):
    """A table of keys per pane; any of Escape, q or ? closes it; the list's keys scroll it."""

    # The ids of the lists' and the article's moves, so a remap moves here too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="close_help"),
        Binding("down,j", "scroll(1)", "Down", show=False, id="down"),
        Binding("up,k", "scroll(-1)", "Up", show=False, id="up"),
        Binding("home,g", "to_end(False)", "Top", show=False, id="first"),
        Binding("end,G", "to_end(True)", "Bottom", show=False, id="last"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page_up"),
    ]

    DEFAULT_CSS = """
    HelpScreen #help-notes {
        margin-top: 1;
    }
    """

    def __init__(self, sections: Sequence[tuple[str, Sequence[KeyRow]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "Escape closes · remap keys by id in config.toml"
            yield Static(self.table(), id="help-table")
            yield Static(Text(READING_NOTES), id="help-notes")

    def table(self) -> Table:
        """Keys, what they do, and the id that remaps them, section by section."""
        table = Table.grid(padding=(0, 2))
        table.add_column("keys", no_wrap=True, style="bold")
        table.add_column("what", ratio=1)
        table.add_column("id", style="dim", no_wrap=True)
        for index, (title, rows) in enumerate(self._sections):
            if index:
                table.add_row("", "", "")
            table.add_row(Text(title, style="bold underline"), "", "")
            for row in rows:
                keys = ", ".join(self.app.get_key_display(Binding(key, "")) for key in row.keys)
                table.add_row(Text(keys), Text(row.description), Text(row.binding_id or ""))
        return table

    def action_close(self) -> None:
        self.dismiss()

    def _body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def action_scroll(self, lines: int) -> None:
        body = self._body()
        body.scroll_to(y=body.scroll_y + lines, animate=False)

    def action_page(self, pages: int) -> None:
        body = self._body()
        body.scroll_to(y=body.scroll_y + pages * max(1, body.size.height - 1), animate=False)

    def action_to_end(self, bottom: bool) -> None:
        body = self._body()
        if bottom:
            body.scroll_end(animate=False)
        else:
            body.scroll_home(animate=False)
