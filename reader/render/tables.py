"""Tables laid out by us: columns as wide as their widest cell, aligned, never cut."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from reader.render.styles import RenderStyles


@dataclass(slots=True)
class Cell:
    """One cell's text (on one line) and how it is aligned."""

    text: Text
    align: str


def _align(cell: Cell, width: int) -> Text:
    text = cell.text.copy()
    gap = width - text.cell_len
    if cell.align == "right":
        return Text(" " * gap) + text
    if cell.align == "center":
        left = gap // 2
        return Text(" " * left) + text + Text(" " * (gap - left))
    return text + Text(" " * gap)


def table_lines(rows: list[list[Cell]], header_rows: int, styles: RenderStyles) -> list[Text]:
    """The table drawn with light rules; rows padded so every column lines up."""
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    for row in rows:
        row.extend(Cell(Text(""), "left") for _ in range(columns - len(row)))
    widths = [max(row[col].text.cell_len for row in rows) for col in range(columns)]
    bar = Text(" │ ", style=styles.table_border)
    lines: list[Text] = []
    for index, row in enumerate(rows):
        line = Text("")
        for col, cell in enumerate(row):
            if col:
                line.append_text(bar)
            piece = _align(cell, widths[col])
            if index < header_rows:
                piece.stylize(styles.table_header)
            line.append_text(piece)
        line.rstrip()
        lines.append(line)
        if index + 1 == header_rows:
            rule = "─┼─".join("─" * width for width in widths)
            lines.append(Text(rule, style=styles.table_border))
    for line in lines:
        line.no_wrap = True
    return lines
