"""The article pane's styles (its theme mapped onto the renderer's) and its search marks.

`styles_of` reads the pane's component classes into `RenderStyles` and
`HeaderStyles` on the UI thread; the render worker (`article_batches`) takes
them from there. The rest finds and marks the search's words and phrases in
rendered lines as they are drawn. No widgets here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.query import Plan
from reader.query import Text as QueryText
from reader.render.article import HeaderStyles
from reader.render.styles import RenderStyles


@dataclass(frozen=True, slots=True)
class ArticleStyles:
    """Rich styles read from the pane's component classes on the UI thread:
    the renderer's, the header's, and the search matches'."""

    render: RenderStyles = field(default_factory=RenderStyles)
    header: HeaderStyles = field(default_factory=HeaderStyles)
    rule: Style = field(default_factory=lambda: Style(dim=True))
    """The line under the header."""
    match: Style = field(default_factory=lambda: Style(reverse=True))
    current: Style = field(default_factory=lambda: Style(reverse=True, bold=True))
    """The match `n` went to."""
    note: Style = field(default_factory=lambda: Style(dim=True, italic=True))


_RENDER_CLASSES = {
    "heading": "article--heading",
    "title": "article--heading-title",
    "emphasis": "article--emphasis",
    "strong": "article--strong",
    "code_inline": "article--code",
    "code_block": "article--code-block",
    "link": "article--link",
    "link_number": "article--link-number",
    "quote": "article--quote",
    "quote_bar": "article--quote-bar",
    "bullet": "article--bullet",
    "rule": "article--rule",
    "dim": "article--meta",
    "table_header": "article--table-header",
    "table_border": "article--rule",
    "footnote": "article--meta",
}
"""The renderer's styles and the component class each takes the theme's colours from."""

STYLE_CLASSES = {
    *_RENDER_CLASSES.values(),
    "article--title",
    "article--guessed",
    "article--meta",
    "article--tag",
    "article--match",
    "article--current-match",
    "article--note",
}
"""Every component class the article's styles are read from."""


def styles_of(style: Callable[[str], Style]) -> ArticleStyles:
    """The styles of the article's component classes (`article--title`...), read by `style`.

    A renderer style is its default with the theme's class on top, so a class
    the theme leaves unset keeps (say) bold headings.
    """
    base = RenderStyles()
    render = replace(
        base, **{name: getattr(base, name) + style(cls) for name, cls in _RENDER_CLASSES.items()}
    )
    header = HeaderStyles(
        title=style("article--title"),
        guessed=style("article--guessed"),
        meta=style("article--meta"),
        tag=style("article--tag"),
        summary=style("article--note"),
        note=style("article--note"),
    )
    return ArticleStyles(
        render=render,
        header=header,
        rule=style("article--rule"),
        match=style("article--match"),
        current=style("article--current-match"),
        note=style("article--note"),
    )


def make_console(width: int) -> Console:
    """A private console: the app's own is not meant to be used off its thread."""
    return Console(
        width=max(width, 10),
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )


Phrase = tuple[tuple[str, ...], bool]
"""The words of one search atom, in order, and whether the last one is a prefix."""


def phrases_of(plan: Plan) -> tuple[Phrase, ...]:
    """What to mark for a search: each word, and each quoted phrase as one match."""
    found: dict[Phrase, None] = {}
    for clause in plan.clauses:
        for atom in clause:
            if isinstance(atom, QueryText) and atom.field == "all":
                found[(atom.words, atom.prefix)] = None
    return tuple(found)


def match_pattern(
    terms: Sequence[str], prefixes: Collection[str] = (), phrases: Sequence[Phrase] = ()
) -> re.Pattern[str] | None:
    """A regex for the words and phrases of a search, as the index matches them.

    A word matches whole words only (`lead` is not found in `leader`); a
    prefix term (`gain*`) matches the start of words. A phrase matches its
    words in order with anything but letters and digits between them, as one
    match. Letters and digits make words, as in the index's tokenizer.
    `phrases` says it all when given; else each of `terms` is a phrase of one.
    """
    wanted = list(phrases) or [((term,), term in prefixes) for term in terms]
    parts = []
    for words, prefix in dict.fromkeys(wanted):
        words = tuple(word for word in words if word.strip())
        if not words:
            continue
        end = "" if prefix else r"(?![^\W_])"
        body = r"[\W_]+".join(re.escape(word) for word in words)
        parts.append(r"(?<![^\W_])" + body + end)
    if not parts:
        return None
    # Longest first, so `leadership` wins over `lead*` where both match.
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)


_PHRASE_GAP = r"[\W_]+"


def _spills(pattern: re.Pattern[str], text: str, after: str) -> tuple[int, int] | None:
    """A phrase match that starts in `text` and goes on into the next line: its
    span in `text` and how far it runs into `after` (the wrap put a line break
    where the source has a space)."""
    if _PHRASE_GAP not in pattern.pattern or not after.strip():
        return None  # Single words never span a wrap.
    head = text.rstrip()
    lead = len(after) - len(after.lstrip())
    joined = head + " " + after.lstrip()
    for found in pattern.finditer(joined, max(0, len(head) - 200)):
        if found.start() < len(head) < found.end() - 1:
            return found.start(), lead + found.end() - len(head) - 1
    return None


def match_lines(plain: Sequence[str], pattern: re.Pattern[str] | None, start: int = 0) -> list[int]:
    """The line where each match starts (a line twice if it has two), numbered from `start`.

    A phrase that the wrap split over two lines counts once, on its first line.
    """
    if pattern is None:
        return []
    hits: list[int] = []
    for index, text in enumerate(plain):
        count = sum(1 for _ in pattern.finditer(text))
        after = plain[index + 1] if index + 1 < len(plain) else ""
        if _spills(pattern, text, after) is not None:
            count += 1
        hits.extend([start + index] * count)
    return hits


def mark(
    console: Console,
    strip: Strip,
    plain: str,
    pattern: re.Pattern[str],
    style: Style,
    current: int | None = None,
    current_style: Style | None = None,
    before: str = "",
    after: str = "",
    current_in: bool = False,
) -> Strip:
    """The strip with the search words in it marked (itself when there are none).

    The `current`-th match starting in the line (0-based) gets `current_style`:
    the one `n` went to. A phrase split by the wrap is marked on both lines
    (`before` and `after` are the lines around this one); `current_in` says
    the part that came from the line before is the current match. Marking
    happens as lines are drawn, so a new search re-marks a screenful instead
    of rendering the whole post again.
    """
    spans = [(found.start(), found.end()) for found in pattern.finditer(plain)]
    out = _spills(pattern, plain, after)
    if out is not None:
        spans.append((out[0], len(plain.rstrip())))
    came_in = _spills(pattern, before, plain)
    if not spans and came_in is None:
        return strip
    text = Text(end="")
    for segment in strip:
        text.append(segment.text, segment.style)
    chosen = current_style if current_style is not None else style
    for number, (begin, end) in enumerate(spans):
        text.stylize(chosen if number == current else style, begin, end)
    if came_in is not None:
        lead = len(plain) - len(plain.lstrip())
        text.stylize(chosen if current_in else style, lead, came_in[1])
    return Strip(list(text.render(console)))


def mark_line(
    console: Console,
    strip: Strip,
    plain: Sequence[str],
    index: int,
    pattern: re.Pattern[str],
    styles: ArticleStyles,
    current: int | None,
    carried: bool,
) -> Strip:
    """Line `index` of a render (`plain` holds every line's text) with its matches marked:
    `mark` with the lines around it and the article's styles."""
    before = plain[index - 1] if index else ""
    after = plain[index + 1] if index + 1 < len(plain) else ""
    return mark(
        console,
        strip,
        plain[index],
        pattern,
        styles.match,
        current,
        styles.current,
        before,
        after,
        carried,
    )
