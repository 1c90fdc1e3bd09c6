"""Measure the article renderer on real stores: what it leaves raw, what it keeps, how fast.

    python bench/render_article.py ROOT [--width 80]

For each folder under ROOT (a store), every post is read as the app reads it and
rendered at --width. Per store it reports: posts; posts with a raw HTML tag, a
shortcode, a Liquid tag, an MDX import, an Obsidian `[[`/`]]` or a JSX expression
attribute (`style={{…}}`, `attr={…}`) left in the text outside code (code blocks
and inline code do not count; each should be 0); the minimum and median word
recall (`reader.render.recall`, bar 98 %). Then it times the first screen (the
first piece of `render_pieces`) of two generated posts, one of 45 KB with tables
and lists and one of 2 MB, as CPU time, median of 5 runs (mark 150 ms). Exits 1
when any figure misses its mark.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.style import Style

from reader.render import RenderStyles, plain_text, render_document, render_pieces
from reader.render.api import parser
from reader.render.recall import word_recall
from reader.store import iter_post_files, read_post

RECALL_MARK = 0.98
FIRST_SCREEN_MARK = 0.150
CODE_MARK = Style(color="#010203")
"""Inline code is drawn in this colour here, so the checks can leave it out."""
STYLES = RenderStyles(code_inline=CODE_MARK)

LEFTOVERS: dict[str, re.Pattern[str]] = {
    "html": re.compile(r"</?[a-zA-Z][\w-]*(?:\s+[\w-]+(?:=(?:\"[^\"]*\"|'[^']*'|\S+))?)*\s*/?>"),
    "shortcode": re.compile(r"\{\{[<%]|[>%]\}\}|\{\{\s*\w+\(.*?\)\s*\}\}"),
    "liquid": re.compile(r"\{%.*?%\}|\{\{\s*[\w.]+\s*(?:\|[^}]*)?\}\}"),
    "mdx import": re.compile(r"^\s*import\s+.*\s+from\s+['\"]", re.MULTILINE),
    "[[ ]]": re.compile(r"\[\[[^\[\]]*\]\]"),
    # A JSX expression attribute shown as text: as written (`style={{…}}`, or
    # `onClick={go}` ending the tag or before another attribute), or its object's
    # inside left over when a parser ended the tag early (`justifyContent: 'center'`,
    # `margin: '2rem'}}>`). `opt-level={s,z}` and `macOS: 14` in prose are text.
    "jsx attr": re.compile(
        r"(?<![\w$])[A-Za-z_][\w:.-]*=\{(?:\{|[^{}\n]*\}\s*(?:/?>|[A-Za-z_][\w:.-]*=))"
        r"|\b[a-z]+[A-Z]\w*:\s*['\"]"
        r"|\w+:\s*'[^'\n]*'\s*\}*\s*/?>"
    ),
}


@dataclass
class StoreFigures:
    """What one store's posts gave."""

    name: str
    posts: int = 0
    leftovers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEFTOVERS, 0))
    recalls: list[float] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)


def prose_text(markdown: str, width: int) -> tuple[str, str]:
    """The rendered plain text, and the same with code blocks and inline code blanked."""
    document = render_document(markdown, width, STYLES)
    wide = {
        line for block in document.blocks if block.wide for line in range(block.start, block.end)
    }
    prose: list[str] = []
    for index, line in enumerate(document.lines):
        if index in wide:
            continue
        chars = list(line.plain)
        for span in line.spans:
            style = span.style
            if isinstance(style, Style) and style.color == CODE_MARK.color:
                chars[span.start : span.end] = " " * (span.end - span.start)
        prose.append("".join(chars))
    return plain_text(document, link_list=False), "\n".join(prose)


def measure_store(store: Path, width: int) -> StoreFigures:
    """Render every post of a store and count what was left raw and what was kept."""
    figures = StoreFigures(store.name)
    for path in iter_post_files(store):
        post, _problems = read_post(store, path)
        if post is None:
            continue
        figures.posts += 1
        plain, prose = prose_text(post.body, width)
        figures.recalls.append(word_recall(post.body, plain))
        raw = {"html": raw_html(post.body)}
        for kind, pattern in LEFTOVERS.items():
            # What the source spells with entities or escapes (`\<div>`, `&lt;div&gt;`)
            # is text the author meant to show, not syntax left raw: a tag counts only
            # if the source has it as HTML.
            within = raw.get(kind, post.body)
            found = next((m for m in pattern.finditer(prose) if m.group() in within), None)
            if found:
                figures.leftovers[kind] += 1
                figures.examples.setdefault(kind, f"{path.relative_to(store)}: {found.group()}")
    return figures


def raw_html(markdown: str) -> str:
    """The source's raw HTML, block and inline, as markdown-it finds it."""
    found: list[str] = []
    pending = parser().parse(markdown)
    while pending:
        token = pending.pop()
        if token.type in {"html_inline", "html_block"}:
            found.append(token.content)
        pending.extend(token.children or [])
    return "\n".join(found)


def generated_post(size: int, seed: int = 7) -> str:
    """A post of about `size` characters: headings, prose with links, lists, tables, code."""
    rng = random.Random(seed)
    words = [
        "reader",
        "store",
        "render",
        "table",
        "column",
        "value",
        "pane",
        "search",
        "quick",
        "terminal",
        "markdown",
        "layout",
        "python",
        "width",
        "line",
        "block",
        "piece",
    ]

    def sentence() -> str:
        picked = rng.choices(words, k=rng.randint(8, 20))
        if rng.random() < 0.3:
            picked.insert(3, f"[{picked[2]}](https://example.com/{rng.randint(1, 999)}/page)")
        return " ".join(picked).capitalize() + "."

    parts: list[str] = []
    section = 0
    while sum(map(len, parts)) < size:
        section += 1
        parts.append(f"## Section {section}\n")
        parts.append(" ".join(sentence() for _ in range(5)) + "\n")
        parts.append("\n".join(f"- {sentence()}" for _ in range(4)) + "\n")
        rows = "\n".join(
            f"| {rng.choice(words)} | {rng.randint(1, 99999)} | {sentence()} |" for _ in range(6)
        )
        parts.append("| name | count | note |\n|---|---:|---|\n" + rows + "\n")
        parts.append("```python\ndef f(x):\n    return x * 2\n```\n")
    return "\n".join(parts)


def first_screen(markdown: str, width: int, runs: int = 5) -> float:
    """Median CPU seconds to the first piece of a render."""
    times: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        next(iter(render_pieces(markdown, width, STYLES)))
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print the table and the timings; non-zero when a figure misses its mark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--width", type=int, default=80)
    args = parser.parse_args(argv)
    stores = sorted(path for path in args.root.iterdir() if path.is_dir())
    failed = False
    header = f"{'store':<20}{'posts':>6}" + "".join(f"{k:>12}" for k in LEFTOVERS)
    print(header + f"{'min recall':>12}{'median':>9}")
    examples: list[str] = []
    for store in stores:
        figures = measure_store(store, args.width)
        if not figures.posts:
            continue
        low = min(figures.recalls)
        median = statistics.median(figures.recalls)
        counts = "".join(f"{figures.leftovers[k]:>12}" for k in LEFTOVERS)
        print(f"{figures.name:<20}{figures.posts:>6}{counts}{low:>12.3f}{median:>9.3f}")
        failed = failed or low < RECALL_MARK or any(figures.leftovers.values())
        examples.extend(f"  {figures.name} {k}: {v}" for k, v in figures.examples.items())
    if examples:
        print("first leftover of each kind:")
        print("\n".join(examples))
    timings: list[tuple[str, Callable[[], float]]] = [
        ("45 KB post with tables and lists", lambda: first_screen(generated_post(45_000), 80)),
        ("2 MB post", lambda: first_screen(generated_post(2_000_000), 80)),
    ]
    for label, measure in timings:
        seconds = measure()
        mark = FIRST_SCREEN_MARK * 1000
        print(f"first screen, {label}: {seconds * 1000:.1f} ms CPU (mark {mark:.0f})")
        failed = failed or seconds > FIRST_SCREEN_MARK
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
