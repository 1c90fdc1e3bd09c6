"""Code blocks as whole lines: highlighted when the language is known, never wrapped."""

from __future__ import annotations

from rich.text import Text

from reader.render.styles import RenderStyles

TAB_SIZE = 4


def code_lines(code: str, language: str, styles: RenderStyles) -> list[Text]:
    """One Text per source line, indentation kept, tabs expanded, nothing wrapped."""
    code = code.rstrip("\n").expandtabs(TAB_SIZE)
    language = language.strip().split()[0].lower() if language.strip() else ""
    if language:
        # Syntax brings Pygments (tens of ms to import): only a post with
        # code in a named language pays for it.
        from rich.syntax import Syntax

        # An unknown language comes back unhighlighted, not as an error.
        syntax = Syntax(code, language, theme=styles.code_theme, tab_size=TAB_SIZE)
        text = syntax.highlight(code)
        text.rstrip()
    else:
        text = Text(code, style=styles.code_block)
    lines = list(text.split("\n", allow_blank=True))
    for line in lines:
        line.rstrip()
        line.no_wrap = True
    return lines or [Text("")]
