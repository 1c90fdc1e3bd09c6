"""The pass that turns a store's own syntax into Markdown, outside code only.

Walks the source line by line, leaving fenced and indented code and inline code
spans alone, turning Hugo/Liquid `highlight` blocks into fences, dropping MDX
`import`/`export` lines and multi-line component tags, making Obsidian callouts
labelled quotes, and handing every other stretch of text to `shortcodes`.
Every output line remembers the source line it came from, so rendered lines can
point back into the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.render.markdown_text import escape_markdown
from reader.render.shortcodes import is_block_construct, rewrite_text, rewrite_wiki

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_LIST = re.compile(r"^([ \t]*)([*+-]|\d{1,9}[.)])([ \t]+|$)")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_INLINE_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}")
_HIGHLIGHT_OPEN = re.compile(
    r"^\s*(?:\{\{[<%]\s*highlight\s+([\w+#.-]+)[^}]*[>%]\}\}|\{%-?\s*highlight\s+([\w+#.-]+)[^%]*%\})\s*$"
)
_HIGHLIGHT_CLOSE = re.compile(
    r"^\s*(?:\{\{[<%]\s*/highlight\s*[>%]\}\}|\{%-?\s*endhighlight\s*-?%\})\s*$"
)
_RAW_OPEN = re.compile(r"^\s*\{%-?\s*raw\s*-?%\}\s*$")
_RAW_CLOSE = re.compile(r"^\s*\{%-?\s*endraw\s*-?%\}\s*$")
_GO_RAW_OPEN = re.compile(r"^\s*\{\{-?\s*raw\s+`\s*$")
_GO_RAW_CLOSE = re.compile(r"^\s*`\s*-?\}\}\s*$")
_MDX_ESM = re.compile(
    r"^(?:import\s+(?:[\w$]+\s*(?:,|from\b)|[{*'\"])"
    r"|export\s+(?:default|const|let|var|function|async|class|\{|\*))"
)
_JSX_OPEN_START = re.compile(r"^\s*</?[A-Z][\w.]*(\s[^>]*)?$")
_LINE_LABELS = re.compile(r"(?:\s\^[A-Za-z0-9-]+|\s*\{#[\w:.-]+\}|\s*\{:[^}]*\})\s*$")
# A JSX expression as an attribute (`style={{display: 'flex'}}`, `onClick={go}`) is
# code, not text, and would end an HTML parser's tag early at its first `>`.
_JSX_ATTRIBUTE = re.compile(r"(<[A-Za-z][^<>]*?)\s[\w:.-]+=\{(?:\{[^{}]*\}|[^{}])*\}")
_CALLOUT = re.compile(r"^(\s*(?:>\s*)+)\[!([\w-]+)\]([+-]?)\s*(.*)$")


@dataclass(slots=True)
class Prepared:
    """Markdown ready to parse, and for each of its lines the source line it came from."""

    text: str
    origins: list[int] = field(default_factory=list)


def rewrite_line(line: str) -> str:
    """A line of prose with its store syntax replaced; inline code spans untouched."""
    if "^" in line or "{" in line:
        # Obsidian block ids (`text ^id`), heading ids (`## Title {#id}`) and kramdown
        # attribute lists (`{: .class}`) name the block; they are not its text.
        line = _LINE_LABELS.sub("", line)
    if not any(mark in line for mark in ("{", "[[", "<", "[!", "%%", "==")):
        return line
    if "={" in line:
        while (stripped := _JSX_ATTRIBUTE.sub(r"\1", line)) != line:
            line = stripped  # one attribute a pass: a tag may hold several
    callout = _CALLOUT.match(line)
    if callout:
        quote, kind, _, title = callout.groups()
        label = escape_markdown(kind.capitalize()) + (f": {rewrite_line(title)}" if title else "")
        return f"{quote}<b>{label}</b>"
    protected = _protected(line)
    if "[[" in line:
        # Wiki links first: their label may itself be inline code.
        line = rewrite_wiki(line, [(m.start(), m.end()) for m in protected])
        protected = _protected(line)
    out: list[str] = []
    position = 0
    for match in protected:
        out.append(rewrite_text(line[position : match.start()]))
        if match.re is _INLINE_RAW:
            out.append(escape_markdown(match.group(1)))
        else:
            out.append(match.group())
        position = match.end()
    out.append(rewrite_text(line[position:]))
    return "".join(out)


def _protected(line: str) -> list[re.Match[str]]:
    """Code spans and `{% raw %}` stretches in a line, in order, not overlapping."""
    found = sorted(
        [*_CODE_SPAN.finditer(line), *_INLINE_RAW.finditer(line)], key=lambda m: m.start()
    )
    kept: list[re.Match[str]] = []
    for match in found:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


def _indent(line: str) -> int:
    """The column a line's text starts at, tabs counted to the next multiple of 4."""
    text = line[: len(line) - len(line.lstrip(" \t"))]
    return len(text.expandtabs(4))


def _balance(line: str) -> int:
    return sum(line.count(c) for c in "({[") - sum(line.count(c) for c in ")}]")


class _Pass:
    """The line machine; `mode` says what the current line is inside of."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.origins: list[int] = []
        self.mode = "text"
        self.fence = ""
        self.depth = 0
        self.list_open = False
        self.item_indent = 0
        self.code_indent = 4
        self.blank_before = True
        self.pending: tuple[list[str], list[int]] | None = None

    def flush(self) -> None:
        """Emit a held line whose `[[` never closed, as it is."""
        if self.pending:
            lines, numbers = self.pending
            self.pending = None
            self._rewrite("\n".join(lines), numbers)

    def _rewrite(self, text: str, numbers: list[int]) -> None:
        parts = rewrite_line(text).split("\n")
        for index, part in enumerate(parts):
            self.emit(part, numbers[min(index, len(numbers) - 1)])

    def emit(self, line: str, origin: int) -> None:
        self.out.append(line)
        self.origins.append(origin)

    def line(self, line: str, number: int) -> None:
        mode = self.mode
        stripped = line.strip()
        if self.pending and (not stripped or mode != "text"):
            self.flush()
        if mode == "fence":
            self.emit(line, number)
            close = _FENCE.match(line)
            if close and close.group(2).startswith(self.fence) and not close.group(3).strip():
                self.mode = "text"
        elif mode == "indented":
            if stripped and _indent(line) < self.code_indent:
                self.mode = "text"
                self.line(line, number)
                return
            self.emit(line, number)
        elif mode in {"highlight", "raw", "go_raw"}:
            closer = {"highlight": _HIGHLIGHT_CLOSE, "raw": _RAW_CLOSE, "go_raw": _GO_RAW_CLOSE}
            if closer[mode].match(line):
                self.emit(self.fence if mode == "highlight" else "", number)
                self.mode = "text"
            else:
                self.emit(line, number)
        elif mode == "esm":
            self.depth += _balance(line)
            self.emit("", number)
            if self.depth <= 0:
                self.mode = "text"
        elif mode == "comment":
            self.emit("", number)
            if stripped.endswith("%%"):
                self.mode = "text"
        elif mode == "jsx_tag":
            self.emit("", number)
            if ">" in line:
                self.mode = "text"
        else:
            self._text(line, number)
        self.blank_before = not stripped

    def _text(self, line: str, number: int) -> None:
        stripped = line.strip()
        indent = _indent(line)
        # Inside a list item, code starts four columns past the item's text.
        code_indent = self.item_indent + 4 if self.list_open else 4
        fence = _FENCE.match(line)
        if (
            fence
            and _indent(fence.group(1)) < code_indent
            and not ("`" in fence.group(3) and fence.group(2)[0] == "`")
        ):
            self.mode, self.fence = "fence", fence.group(2)
            self.emit(line, number)
            return
        if stripped and indent >= code_indent and self.blank_before:
            self.mode, self.code_indent = "indented", code_indent
            self.emit(line, number)
            return
        item = _LIST.match(line)
        if item and (_indent(item.group(1)) < 4 or self.list_open):
            self.list_open = True
            self.item_indent = _indent(item.group(1)) + len(item.group(2)) + 1
        elif stripped and indent == 0:
            self.list_open = False
        highlight = _HIGHLIGHT_OPEN.match(line)
        if highlight:
            self.mode, self.fence = "highlight", "````"
            self.emit(self.fence + (highlight.group(1) or highlight.group(2) or ""), number)
        elif stripped.startswith("%%") and "%%" not in stripped[2:]:
            # An Obsidian comment over several lines.
            self.mode = "comment"
            self.emit("", number)
        elif _RAW_OPEN.match(line):
            self.mode = "raw"
            self.emit("", number)
        elif _GO_RAW_OPEN.match(line):
            self.mode = "go_raw"
            self.emit("", number)
        elif _MDX_ESM.match(line):
            self.depth = _balance(line)
            self.mode = "esm" if self.depth > 0 else "text"
            self.emit("", number)
        elif _JSX_OPEN_START.match(line):
            self.mode = "jsx_tag"
            self.emit("", number)
        elif callout := _CALLOUT.match(line):
            # The label on a line of its own, the callout's text under it.
            self.emit(rewrite_line(line), number)
            self.emit(callout.group(1).rstrip(), number)
        elif is_block_construct(line) and not line.startswith((" ", "\t")):
            rewritten = rewrite_line(line)
            if rewritten.strip():
                # A shortcode alone on its line is a block: a figure, a video, a label.
                self.emit("", number)
                self.emit(rewritten, number)
                self.emit("", number)
            else:
                self.emit("", number)
        else:
            self._prose(line, number)

    def _prose(self, line: str, number: int) -> None:
        # A wiki link may run onto the next line of its paragraph: hold the line
        # until it closes (at most a few lines), then rewrite them together.
        lines, numbers = self.pending or ([], [])
        lines, numbers = [*lines, line], [*numbers, number]
        self.pending = None
        joined = "\n".join(lines)
        if joined.rfind("[[") > joined.rfind("]]") and len(lines) < 4:
            self.pending = (lines, numbers)
            return
        self._rewrite(joined, numbers)


def prepare(source: str) -> Prepared:
    """`source` with its store syntax turned into Markdown; code left exactly as it was."""
    machine = _Pass()
    lines = source.split("\n")
    start = 0
    if lines and lines[0].strip() in {"---", "+++"}:
        # Front matter is metadata, handed on untouched for the parser to skip.
        marker = lines[0].strip()
        for number, line in enumerate(lines[1:], 1):
            if line.strip() == marker:
                for index in range(number + 1):
                    machine.emit(lines[index], index)
                start = number + 1
                break
    for number in range(start, len(lines)):
        machine.line(lines[number], number)
    machine.flush()
    return Prepared("\n".join(machine.out), machine.origins)
