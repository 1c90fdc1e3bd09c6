"""`reader search` and `reader index`.

`reader search` answers from the index as it is: it does not walk the store
first, because stat-ing 100k files costs more than the whole search may
(docs/design.md §7: 0.5 s end to end). It builds the index only when there is none
(or it is unusable). `reader index` and the app bring it up to date. A
result whose file has gone since is left out, with a hint on stderr.

Rich is imported only to draw on a terminal; `--json` and piped output stay
on the standard library, which keeps start-up short.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.catalog import Marks
from reader.cli.common import (
    console,
    plural,
    print_json,
    resolve_store,
    say,
    use_color,
    warn,
    warn_if_no_files,
)
from reader.cli.rows import post_json, post_line
from reader.query import Flag, parse
from reader.query_snippet import Segment, marked, snippet
from reader.safetext import for_terminal

if TYPE_CHECKING:
    from reader.index import IndexCatalog, RefreshStats
    from reader.model import PostSummary


def run(args: argparse.Namespace) -> int:
    root = resolve_store(args)
    if args.command == "index":
        return index_store(root, rebuild=args.rebuild)
    return search(root, args.query, limit=args.limit, as_json=args.json)


# -- reader index --------------------------------------------------------------


def index_store(root: Path, *, rebuild: bool) -> int:
    from reader.cli.index_open import say_if_damaged
    from reader.index import IndexBusy, IndexCatalog

    catalog = IndexCatalog.open(root)
    try:
        # The one command that reads every page of the index for damage.
        stats = _refresh_with_bar(catalog, rebuild=rebuild, verify=True)
    except KeyboardInterrupt:
        # The batch being written is rolled back; the index stays marked
        # unfinished, and the next command finishes it.
        warn("reader: indexing stopped; the next command finishes the index")
        return 130
    except IndexBusy as error:
        warn(f"reader: {error}")
        return 1
    say_if_damaged(catalog)
    for problem in catalog.problems():
        warn(str(problem))
    what = "rebuilt" if stats.rebuilt else "refreshed"
    say(
        f"index {what}: {plural(catalog.total(), 'post')} ({stats.added} added,"
        f" {stats.changed} changed, {stats.removed} removed) in {stats.seconds:.1f} s"
    )
    catalog.close()
    return 0


def _refresh_with_bar(
    catalog: IndexCatalog, *, rebuild: bool = False, verify: bool = False
) -> RefreshStats:
    """Refresh, drawing a Rich progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        return catalog.refresh(rebuild=rebuild, verify=verify)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    # Our console never parses markup (store text is data), so no markup here either.
    columns = (
        TextColumn("{task.description}", markup=False, style="progress.description"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console(sys.stderr), transient=True) as bar:
        task = bar.add_task("Indexing", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        return catalog.refresh(progress, rebuild=rebuild, verify=verify)


# -- reader search -------------------------------------------------------------


def search(root: Path, text: str, *, limit: int, as_json: bool) -> int:
    from reader.cli.index_open import open_for_search, say_if_damaged
    from reader.index import IndexUnusable
    from reader.userdata.paths import store_key

    catalog = open_for_search(root, _refresh_with_bar)
    marks = _marks(store_key(root), text)
    try:
        hits, matched = _hits(catalog, text, marks, limit)
    except IndexUnusable:
        # Damaged under our feet: build it again, then answer.
        _refresh_with_bar(catalog, rebuild=True)
        catalog.damage_found = True
        say_if_damaged(catalog)
        hits, matched = _hits(catalog, text, marks, limit)
    if not matched and catalog.total() == 0:
        warn_if_no_files(root)
    plan = parse(text)
    results: list[tuple[PostSummary, float, list[Segment]]] = []
    stale = 0
    for row, score in hits:
        body = _body(catalog.root, row)
        if body is None:
            stale += 1
            continue
        results.append((row, score, snippet(body, plan.terms, plan.prefix_terms)))
    if stale:
        warn(
            f"reader: {plural(stale, 'result')} left out: their files have changed;"
            " run `reader index`"
        )
    if matched > len(hits):
        # Said on stderr, so a pipe or `--json` gets only the results.
        warn(f"reader: {len(hits)} of {matched}; --limit N or --limit 0 for all")
    if as_json:
        print_json([_json(row, score, segs, marks.bookmarked) for row, score, segs in results])
    elif use_color():
        _print_rich(results, marks.bookmarked)
    else:
        for row, _score, segs in results:
            say(f"{post_line(row, marks.bookmarked)}\t{marked(segs)}")
    catalog.close()
    return 0


def _hits(
    catalog: IndexCatalog, text: str, marks: Marks, limit: int
) -> tuple[list[tuple[PostSummary, float]], int]:
    """The best `limit` results (0: all), and how many posts match in all."""
    hits = catalog.search(text, marks, limit=limit or None)
    # Counting costs a second query, so only when the answer may have been cut.
    matched = catalog.count(text, marks) if limit and len(hits) == limit else len(hits)
    return hits, matched


def _marks(key: str, text: str) -> Marks:
    from reader.userdata.bookmarks import BookmarkFile

    bookmarked = BookmarkFile().ids(key)
    plan = parse(text)
    wants_read = any(
        atom == Flag("unread") for atom in (*plan.excluded, *(a for c in plan.clauses for a in c))
    )
    if not wants_read:
        return Marks(bookmarked=bookmarked)
    from reader.userdata.readstate import ReadState, ReadStateError

    try:
        with ReadState() as state:
            return Marks(bookmarked=bookmarked, read=state.read_ids(key))
    except ReadStateError as error:
        # Without the reading state every post counts as unread; say so once.
        warn(f"reader: {error}; every post counts as unread")
        return Marks(bookmarked=bookmarked)


def _body(root: Path, row: PostSummary) -> str | None:
    from reader.store import read_file

    post, _ = read_file(root / row.path, row.path)
    if post is None or post.id != row.id:
        return None
    return post.body


def _json(
    row: PostSummary, score: float, segments: list[Segment], bookmarked: frozenset[str]
) -> dict[str, Any]:
    data = post_json(row, bookmarked)
    data["score"] = round(score, 6)
    data["snippet"] = marked(segments)
    return data


def _print_rich(
    results: list[tuple[PostSummary, float, list[Segment]]], bookmarked: frozenset[str]
) -> None:
    from rich.text import Text

    from reader.model import display_date

    out = console()
    for row, _score, segments in results:
        line = Text()
        line.append(display_date(row.date), style="dim")
        line.append(" ★ " if row.id in bookmarked else "   ", style="yellow")
        line.append(for_terminal(row.title), style="bold")
        line.append(f"  {for_terminal(row.id)}", style="dim")
        out.print(line)
        text = Text("    ")
        for piece, hit in segments:
            text.append(piece, style="bold reverse" if hit else "")
        out.print(text)
    if not results:
        out.print(Text("no posts match", style="dim"))
