"""`reader list`, `reader show`, `reader tags` and `reader facets`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.catalog import Filter, Marks
from reader.cli.common import (
    CliError,
    print_json,
    resolve_store,
    say,
    use_color,
    warn,
    warn_if_no_files,
)
from reader.cli.listing_out import print_from_index
from reader.cli.rows import facets_json, listed_json, post_line
from reader.index import LazyRows
from reader.model import LoadProblem, Post, PostSummary, display_date
from reader.safetext import for_terminal

if TYPE_CHECKING:
    from reader.index import IndexCatalog
    from reader.render.footer import FooterSection

# Rendering costs about 1.3 s a megabyte; past this the body is printed as it
# is stored, so `reader show` always answers within a second.
RICH_BODY_LIMIT = 200_000


def run(args: argparse.Namespace) -> int:
    root = resolve_store(args)
    # `show` names its post: the index answers for it unless it does not know
    # it, so the folders need not vouch for the whole store first.
    catalog, catch_up = open_catalog(root, whole_store=args.command != "show")
    if catalog.empty():
        warn_if_no_files(root)
    if args.command == "list":
        code = list_posts(args, root, catalog)
    elif args.command == "tags":
        code = list_tags(args, catalog)
    elif args.command == "facets":
        code = list_facets(args, catalog)
    else:
        code = show_post(args, root, catalog, catch_up)
    catch_up()
    return code


def open_catalog(root: Path, *, whole_store: bool = True) -> tuple[IndexCatalog, CatchUp]:
    """The store's index, ready to answer, and what to do once it has.

    When the index is complete and no folder of the store changed since its
    last refresh (`store_unmoved`: no file added, removed or renamed), the
    command answers from the index at once, and the refresh that would find
    a file rewritten in place runs after the answer (`catch_up`), which
    therefore shows from the next command. Otherwise the refresh comes
    first, reading only files whose size or mtime changed. Without
    `whole_store` a complete index answers at once, unchecked: the caller
    asks for `catch_up.refresh_now()` when it does not know what was asked.
    A bad file is reported by the refresh that read it, not by every command
    after it (`reader index` lists them all). Without a usable cache folder
    the index is built in memory, after one warning line, and everything it
    met is new.
    """
    from reader.cli.index_open import warn_fallback
    from reader.index import IndexCatalog, open_or_in_memory

    known: set[LoadProblem] = set()
    answer_first = False

    def prepare() -> IndexCatalog:
        nonlocal known, answer_first
        catalog = IndexCatalog.open(root)
        known = set(catalog.problems())
        if (not whole_store or catalog.store_unmoved()) and catalog.read_snapshot():
            answer_first = True
            return catalog
        catalog.refresh()
        # The whole answer from one state of the index, however long its
        # reader takes (a pager), whatever a build elsewhere does meanwhile.
        catalog.read_snapshot()
        return catalog

    opened = open_or_in_memory(root, prepare, lambda memory: memory.refresh())
    catalog = warn_fallback(opened)
    if opened.fallback is not None:
        known = set()
    elif answer_first:
        return catalog, CatchUp(catalog, known)
    report_new(catalog, known)
    return catalog, CatchUp(None, known)


def report_new(catalog: IndexCatalog, known: set[LoadProblem]) -> None:
    """Warn of each problem the last refresh met that was not known before it."""
    for problem in catalog.problems():
        if problem not in known:
            warn(str(problem))


class CatchUp:
    """What a command does after answering from the index: refresh it, or nothing."""

    def __init__(self, catalog: IndexCatalog | None, known: set[LoadProblem]) -> None:
        self._catalog = catalog
        self._known = known

    @property
    def pending(self) -> bool:
        """Whether the answer came from the index before any refresh."""
        return self._catalog is not None

    def refresh_now(self) -> None:
        """Refresh before answering after all (the index did not know what
        was asked), and read from the refreshed index."""
        catalog, self._catalog = self._catalog, None
        if catalog is not None:
            catalog.end_snapshot()
            self._refresh(catalog)
            catalog.read_snapshot()

    def __call__(self) -> None:
        """After an answer from the index: end the output, so whoever reads it
        has all of it now, then refresh and report what the refresh found."""
        catalog, self._catalog = self._catalog, None
        if catalog is not None:
            end_output()
            self._refresh(catalog)

    def _refresh(self, catalog: IndexCatalog) -> None:
        from reader.index import CACHE_ERRORS

        try:
            catalog.refresh()
        except CACHE_ERRORS as error:
            reason = getattr(error, "strerror", None) or str(error)
            warn(f"reader: the search index could not be brought up to date: {reason}")
            return
        report_new(catalog, self._known)


def end_output() -> None:
    """Flush stdout and, when it is a pipe or a file, let go of it: a reader
    of the pipe sees its end now, not when this process exits."""
    import os
    import stat

    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
        if not stat.S_ISFIFO(os.fstat(fd).st_mode):
            return
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):
        return  # not a real descriptor (a test's capture): nothing to let go of
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def bookmarked_ids(root: Path) -> frozenset[str]:
    from reader.userdata.bookmarks import BookmarkFile
    from reader.userdata.paths import store_key

    return BookmarkFile().ids(store_key(root))


def list_posts(args: argparse.Namespace, root: Path, catalog: IndexCatalog) -> int:
    for tag in dict.fromkeys(args.tag):
        if not catalog.tag_spellings(tag):
            warn(f"reader: no post has the tag {tag!r} (reader tags lists them)")
    for group, kind, names in (
        ("sections", "section", args.section),
        ("authors", "author", args.author),
        ("years", "year", map(str, args.year)),
    ):
        for name in dict.fromkeys(names):
            if not catalog.spellings(group, name):
                warn(f"reader: no post has the {kind} {name!r} (reader facets lists them)")
    marks = Marks(bookmarked=bookmarked_ids(root))
    wanted = Filter(
        tags=tuple(args.tag),
        sections=tuple(args.section),
        authors=tuple(args.author),
        years=tuple(args.year),
        bookmarked_only=args.bookmarked,
    )
    to_terminal = sys.stdout.isatty() and not args.json
    if not to_terminal and wanted == Filter():
        # Every post, newest first: the index's own order, read as it is.
        print_from_index(catalog, None, marks.bookmarked, as_json=args.json)
        return 0
    rows = catalog.select(wanted, marks).rows
    if to_terminal:
        print_columns(list(rows), marks.bookmarked)
        return 0
    if isinstance(rows, LazyRows):
        print_from_index(catalog, rows.rowids, marks.bookmarked, as_json=args.json)
    elif args.json:
        print_json([listed_json(row, marks.bookmarked) for row in rows])
    else:
        for row in rows:
            say(post_line(row, marks.bookmarked))
    return 0


def print_columns(rows: list[PostSummary], bookmarked: frozenset[str]) -> None:
    """Date, mark, id and title in aligned columns that fit the terminal's width.

    Ids get at most two fifths of the width the date and mark leave, titles
    the rest; what does not fit ends in `…`. Widths are counted in terminal
    cells, so wide characters line up too.
    """
    import shutil

    from rich.cells import cell_len

    width = shutil.get_terminal_size().columns
    ids = [for_terminal(row.id) for row in rows]
    free = max(width - len("2016-09-13  *  ") - 2, 20)
    id_width = min(max((cell_len(post_id) for post_id in ids), default=0), free * 2 // 5)
    title_width = free - id_width
    for row, post_id in zip(rows, ids, strict=True):
        mark = "★" if row.id in bookmarked else " "
        title = fit(for_terminal(row.title), title_width).rstrip()
        say(f"{display_date(row.date):<10}  {mark}  {fit(post_id, id_width)}  {title}")


def fit(text: str, width: int) -> str:
    """`text` padded or cut (with `…`) to exactly `width` terminal cells."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, max(width - 1, 0)) + "…"


def list_tags(args: argparse.Namespace, catalog: IndexCatalog) -> int:
    counts = catalog.all_tags()
    if args.json:
        print_json([{"tag": tag, "count": count} for tag, count in counts])
    else:
        for tag, count in counts:
            say(f"{count}\t{tag}")
    return 0


def list_facets(args: argparse.Namespace, catalog: IndexCatalog) -> int:
    """Every facet group with its values' counts; sections with their pages' titles.

    A group of one value or none tells nothing about the store, so the plain
    output leaves it out; JSON keeps every group.
    """
    groups = catalog.all_facets()
    titles = catalog.section_titles()
    if args.json:
        print_json(facets_json(groups, titles))
        return 0
    first = True
    for group, counts in groups.items():
        if len(counts) < 2:
            continue
        if not first:
            say("")
        first = False
        say(f"{group}:")
        for value, count in counts:
            title = titles.get(value, "") if group == "sections" else ""
            say(f"{count}\t{value}" + (f"\t{title}" if title and title != value else ""))
    return 0


def find_post(catalog: IndexCatalog, wanted: str) -> Post:
    from reader.store import post_id_for, resolve_post_id

    for exact in dict.fromkeys((wanted, post_id_for(wanted.strip("/")))):
        # An exact id is one lookup; only a prefix or a path needs every id.
        if catalog.rowid_for(exact) is not None:
            post = catalog.post(exact)
            if post is not None:
                return post
    try:
        post_id = resolve_post_id(catalog.ids(), as_store_path(catalog.root, wanted))
    except LookupError as error:
        raise CliError(str(error.args[0] if error.args else error)) from None
    post = catalog.post(post_id)
    if post is None:
        raise CliError(f"{post_id}: the post's file could not be read")
    return post


def as_store_path(root: Path, wanted: str) -> str:
    """A post file named by its path (absolute, or from here) as its path in the store.

    Anything else (an id, a prefix, a path inside the store) is left as it
    is for `resolve_post_id`.
    """
    candidate = Path(wanted).expanduser()
    if not candidate.is_file():
        return wanted
    try:
        return candidate.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return wanted  # a file outside the store: reported as no such post


def show_post(
    args: argparse.Namespace, root: Path, catalog: IndexCatalog, catch_up: CatchUp
) -> int:
    """`reader show POST`: the article as the app renders it, or its stored Markdown.

    The post's own text is read from its file whatever the index says; only
    a post the index does not know makes the refresh come first."""
    from reader.cli.pager import show

    try:
        post = find_post(catalog, args.post)
    except CliError:
        if not catch_up.pending:
            raise
        catch_up.refresh_now()
        post = find_post(catalog, args.post)
    if args.source:
        show(for_terminal(stored_markdown(root, post)), allowed=not args.no_pager)
        return 0
    width, styled = args.width or terminal_width(), not args.plain and use_color()
    show(
        article_text(post, width, styled=styled, footer=footer_of(catalog, post)),
        allowed=not args.no_pager,
    )
    return 0


def footer_of(catalog: IndexCatalog, post: Post) -> tuple[FooterSection, ...]:
    """The article's "Linked from" and "Related" sections, as the app shows them."""
    from reader.index import linked_from, related_to
    from reader.render.footer import sections

    return sections(linked_from(catalog, post), related_to(catalog, post))


def terminal_width() -> int:
    """The terminal's width when stdout is one, else 80."""
    import shutil

    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 80


def stored_markdown(root: Path, post: Post) -> str:
    """The post's file as it is, front matter and all (through the guarded read)."""
    from reader.budgets import MAX_POST_BYTES
    from reader.postfile import UnreadableFile, read_limited

    try:
        data = read_limited(root / post.path, MAX_POST_BYTES)
    except UnreadableFile as error:
        raise CliError(f"{post.path}: {error.reason}") from None
    return data.decode("utf-8", errors="replace")


def article_text(
    post: Post, width: int, *, styled: bool, footer: tuple[FooterSection, ...] = ()
) -> str:
    """The post rendered at `width`, then its `footer`: styled for a terminal, else plain text.

    A body past RICH_BODY_LIMIT is shown as it is stored under the header, so
    `reader show` answers within a second whatever the post's size."""
    from reader.render.article import HeaderStyles, article_document, as_ansi, as_plain
    from reader.render.document import Document
    from reader.render.footer import add_footer

    if len(post.body) > RICH_BODY_LIMIT:
        short = replace(post, body="")
        head = article_document(short, width)
        text = as_ansi(head, width) if styled else as_plain(head)
        tail = Document()
        add_footer(tail, footer, width)
        end = (as_ansi(tail, width) if styled else as_plain(tail)) if footer else ""
        return text + for_terminal(post.body.rstrip()) + "\n" + end
    document = article_document(post, width, header=HeaderStyles())
    add_footer(document, footer, width)
    return as_ansi(document, width) if styled else as_plain(document)
