"""Turn a post into lines for the article pane, a piece at a time.

Runs in a worker thread, so it touches no widget: the caller passes the
styles and the width in, and gets `Strip`s back. The body is split at blank
lines (never inside a code fence) so the first screen can be shown while the
rest renders, and past a budget the remainder is shown as plain text, whose
cost does not depend on what the Markdown says.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

from rich.console import Console, RenderableType
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from reader.model import Post, display_date
from reader.query import Plan
from reader.query import Text as QueryText

FIRST_PIECE = 8_000
"""Characters rendered before anything is shown: more than a screenful."""
PIECE = 32_000
"""Characters per later piece, so the pane fills in steadily."""
MARKDOWN_BUDGET = 1_000_000
"""Characters rendered as Markdown; past this, plain text (predictable cost)."""

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True, slots=True)
class ArticleStyles:
    """Rich styles read from the pane's component classes on the UI thread."""

    title: Style = field(default_factory=lambda: Style(bold=True))
    guessed: Style = field(default_factory=lambda: Style(dim=True, italic=True))
    meta: Style = field(default_factory=lambda: Style(dim=True))
    tag: Style = field(default_factory=lambda: Style(bold=True))
    rule: Style = field(default_factory=lambda: Style(dim=True))
    match: Style = field(default_factory=lambda: Style(reverse=True))
    current: Style = field(default_factory=lambda: Style(reverse=True, bold=True))
    """The match `n` went to."""
    note: Style = field(default_factory=lambda: Style(dim=True, italic=True))


def styles_of(style: Callable[[str], Style]) -> ArticleStyles:
    """The styles of the article's component classes (`article--title`...), read by `style`."""
    return ArticleStyles(
        title=style("article--title"),
        guessed=style("article--guessed"),
        meta=style("article--meta"),
        tag=style("article--tag"),
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


def header_lines(post: Post, styles: ArticleStyles, note: str | None = None) -> list[Text]:
    """Title, dates, authors, tags, where the post lives and the user's note, as plain Text."""
    title = Text(post.title, style=styles.title)
    if post.title_guessed:
        title.append("  (title guessed)", style=styles.guessed)
    lines = [title]
    dates = display_date(post.date)
    if post.updated is not None:
        dates += f" · updated {display_date(post.updated)}"
    lines.append(Text(dates, style=styles.meta))
    if post.authors:
        lines.append(Text("By " + ", ".join(post.authors), style=styles.meta))
    if post.tags:
        tags = Text("Tags: ", style=styles.meta)
        for index, tag in enumerate(post.tags):
            if index:
                tags.append(", ", style=styles.meta)
            tags.append(tag, style=styles.tag)
        lines.append(tags)
    lines.append(Text(post.permalink or post.path, style=styles.meta))
    if note:
        lines.append(Text("Note: " + " ".join(note.split()), style=styles.note))
    return lines


def split_body(body: str, first: int = FIRST_PIECE, size: int = PIECE) -> Iterator[tuple[int, str]]:
    """Pieces of about `first`, then `size` characters, cut at blank lines outside fences.

    Each piece comes with where it starts in `body`, so its lines can be placed in the source.
    """
    lines = body.split("\n")
    piece: list[str] = []
    length = 0
    limit = first
    in_fence = False
    position = start = 0
    for line in lines:
        if _FENCE.match(line):
            in_fence = not in_fence
        if not line.strip() and not in_fence and length >= limit:
            yield start, "\n".join(piece)
            piece, length, limit = [], 0, size
            position += len(line) + 1
            start = position
            continue
        piece.append(line)
        length += len(line) + 1
        position += len(line) + 1
    if piece:
        yield start, "\n".join(piece)


_WORD = re.compile(r"[^\W_]+")
FIND_WINDOW = 2_000
"""How far ahead in the source a rendered line's first word is looked for."""


def source_offsets(source: str, base: int, plain: Sequence[str]) -> list[int]:
    """Where in `source` (offset `base` in the body) each rendered line starts, near enough.

    Rendering drops markup and wraps lines, so a line is placed by finding its
    first word after the end of the line before. The offsets never go back;
    a line whose words are not found takes the offset of the one before.
    """
    offsets: list[int] = []
    cursor = 0
    for text in plain:
        words = _WORD.findall(text)
        if words:
            found = source.find(words[0], cursor, cursor + FIND_WINDOW)
            if found >= 0:
                offsets.append(base + found)
                after = found + len(words[0])
                if len(words) > 1:
                    # Past the line's last word: the next line starts after it.
                    end = source.find(words[-1], after, after + FIND_WINDOW)
                    if end >= 0:
                        after = end + len(words[-1])
                cursor = after
                continue
        offsets.append(base + cursor)
    return offsets


def render(console: Console, renderable: RenderableType, width: int) -> list[list[Segment]]:
    options = console.options.update(width=width)
    return console.render_lines(renderable, options, pad=False, new_lines=False)


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


Rendered = tuple[list[Strip], list[str]]
"""Strips, and the plain text of each (what search words are looked for in)."""
RenderedBody = tuple[list[Strip], list[str], list[int]]
"""Strips, their plain text, and where each line starts in the post's body."""


def to_strips(lines: list[list[Segment]]) -> Rendered:
    strips = [Strip(segments) for segments in lines]
    return strips, ["".join(segment.text for segment in segments) for segments in lines]


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


def render_header(
    post: Post, width: int, styles: ArticleStyles, note: str | None = None
) -> Rendered:
    """The header block (title, dates, authors, tags, place, the user's note) and a rule."""
    console = make_console(width)
    lines: list[list[Segment]] = []
    for line in header_lines(post, styles, note):
        lines.extend(render(console, line, width))
    lines.append([Segment("─" * width, styles.rule)])
    lines.append([])
    return to_strips(lines)


def render_body(body: str, width: int, styles: ArticleStyles) -> Iterator[RenderedBody]:
    """Strips of the body, one batch per piece (the first batch is the first screen),
    with each line's offset in the body."""
    console = make_console(width)
    done = 0
    for start, piece in split_body(body):
        if done < MARKDOWN_BUDGET:
            renderable: RenderableType = Markdown(piece, hyperlinks=False)
        else:
            renderable = Text(piece)
        # Markdown drops the blank line between two pieces; put it back.
        done += len(piece)
        strips, plain = to_strips([*render(console, renderable, width), []])
        yield strips, plain, source_offsets(piece, start, plain)
    if len(body) > MARKDOWN_BUDGET:
        note = Text(
            f"(Past the first {MARKDOWN_BUDGET // 1000:,} KB this post is shown as plain text.)",
            style=styles.note,
        )
        strips, plain = to_strips(render(console, note, width))
        yield strips, plain, [len(body)] * len(strips)
