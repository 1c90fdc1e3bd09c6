"""The one query object behind the list, the tag counts and search.

The app asks a `Catalog` for a `Selection` given a `Filter` (sidebar state
plus the typed search) and the user's marks (bookmarks, read posts). The
in-memory catalog here serves a freshly loaded store; the search index
serves the same protocol from SQLite once it exists, so the app never knows
which one answers.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, overload

from reader.model import Post, PostSummary, date_sort_key
from reader.query import Plan, parse

TagMode = Literal["and", "or"]
SortOrder = Literal["date", "oldest", "title", "relevance"]
"""`date` is newest first."""
FACET_GROUPS = ("tags", "sections", "authors", "years")
"""The groups a post is filed under; a year is its date's, as text (`2024`)."""
FacetCounts = Sequence[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Filter:
    """What the user has asked to see."""

    query: str = ""
    """Text typed in the search box, in the search language."""
    tags: tuple[str, ...] = ()
    """Tags chosen in the sidebar."""
    exclude_tags: tuple[str, ...] = ()
    tag_mode: TagMode = "and"
    """How chosen tags combine, and chosen authors too; several sections or
    years always mean any of them (a post has one of each)."""
    bookmarked_only: bool = False
    sort: SortOrder = "date"
    sections: tuple[str, ...] = ()
    exclude_sections: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    """Whole author names, without regard to case."""
    exclude_authors: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    exclude_years: tuple[int, ...] = ()

    def facet_choices(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """(chosen, excluded) values by facet group, years as text."""
        return {
            "tags": (self.tags, self.exclude_tags),
            "sections": (self.sections, self.exclude_sections),
            "authors": (self.authors, self.exclude_authors),
            "years": (tuple(map(str, self.years)), tuple(map(str, self.exclude_years))),
        }


@dataclass(frozen=True, slots=True)
class Marks:
    """The user's marks on the posts of this store."""

    bookmarked: frozenset[str] = frozenset()
    read: frozenset[str] = frozenset()


class CatalogError(Exception):
    """A catalog could not answer: its storage is locked, damaged or unwritable.

    The app reports it in one line; it never needs to know what the storage is.
    """


class Rows(Sequence[PostSummary]):
    """The rows of a selection, as the post list reads them.

    A catalog may build its rows only when they are read (the index does,
    a page at a time): `is_loaded` says whether reading a row is free, and
    `load_around` reads the rows near one (call it off the UI loop).
    """

    @abstractmethod
    def index_of(self, post_id: str) -> int | None:
        """Where `post_id` is in these rows, or None."""

    def is_loaded(self, index: int) -> bool:
        """Whether reading row `index` costs nothing (no query)."""
        return True

    def load_around(self, index: int) -> None:
        """Read the rows near `index` now, so drawing them costs nothing later."""


class ListRows(Rows):
    """Rows already in memory."""

    def __init__(self, rows: Iterable[PostSummary] = ()) -> None:
        self._rows = tuple(rows)
        self._where: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> PostSummary: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PostSummary]: ...

    def __getitem__(self, index: int | slice) -> PostSummary | Sequence[PostSummary]:
        return self._rows[index]

    def __iter__(self) -> Iterator[PostSummary]:
        return iter(self._rows)

    def index_of(self, post_id: str) -> int | None:
        if self._where is None:
            # First asked, then kept: a jump and the cursor both ask again.
            self._where = {}
            for index, row in enumerate(self._rows):
                self._where.setdefault(row.id, index)
        return self._where.get(post_id)


NO_ROWS = ListRows()


@dataclass(frozen=True, slots=True)
class Selection:
    """The answer to a Filter: the rows to list and the counts to show."""

    rows: Rows
    tag_counts: Sequence[tuple[str, int]]
    """Tags of the rows, by count (highest first) then name."""
    total: int
    """Posts in the whole store."""
    bookmarked_total: int
    """Bookmarked posts in the whole store."""
    terms: tuple[str, ...] = ()
    """Words of the search, for highlighting in the article."""
    plan: Plan = field(default_factory=Plan)
    """The search as the catalog parsed it (`plan.prefix_terms`, its phrases):
    the app highlights from this, so a query is parsed once."""
    facets: Mapping[str, FacetCounts] = field(default_factory=dict)
    """Counts of every group of `FACET_GROUPS` over the rows, tags as in
    `tag_counts`; the index computes a group only when it is read."""


class LazyFacets(Mapping[str, FacetCounts]):
    """A selection's facet counts, each group counted when it is first read.

    The app's list shows tags only; the other groups cost nothing until a
    sidebar or `reader facets` asks for them. `count` answers one group.
    Both catalogs answer with one.
    """

    def __init__(self, count: Callable[[str], FacetCounts]) -> None:
        self._count = count
        self._done: dict[str, FacetCounts] = {}

    def __getitem__(self, group: str) -> FacetCounts:
        if group not in FACET_GROUPS:
            raise KeyError(group)
        found = self._done.get(group)
        if found is None:
            found = self._done[group] = self._count(group)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(FACET_GROUPS)

    def __len__(self) -> int:
        return len(FACET_GROUPS)


class Catalog(Protocol):
    """Anything that can answer filters over one store.

    `select` and `all_tags` raise only `CatalogError`; `post` may also raise
    `OSError` (the post's file could not be read).
    """

    def select(self, wanted: Filter, marks: Marks) -> Selection: ...

    def post(self, post_id: str) -> Post | None: ...

    def all_tags(self) -> Sequence[tuple[str, int]]: ...


def facet_values(row: PostSummary, group: str) -> tuple[str, ...]:
    """The values a post has in a facet group (none, one, or several)."""
    if group == "tags":
        return row.tags
    if group == "authors":
        return row.authors
    if group == "sections":
        return (row.section,) if row.section else ()
    return (str(row.year),) if row.year is not None else ()


def order_counts(group: str, counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Years newest first; any other group by count (highest first), then name.

    Names equal but for case are one value (tags and authors match without
    regard to case everywhere), shown in their commonest spelling, so a
    count always says how many posts choosing it lists."""
    if group == "years":
        return sorted(counts.items(), key=lambda item: -int(item[0]))
    return sorted(_fold_spellings(counts).items(), key=lambda item: (-item[1], item[0]))


def _fold_spellings(counts: Mapping[str, int]) -> Mapping[str, int]:
    folded: dict[str, tuple[str, int, int]] = {}  # key -> (shown, its count, total)
    for name, count in counts.items():
        key = name.casefold()
        found = folded.get(key)
        if found is None:
            folded[key] = (name, count, count)
            continue
        shown, shown_count, total = found
        if (-count, name) < (-shown_count, shown):
            shown, shown_count = name, count
        folded[key] = (shown, shown_count, total + count)
    if len(folded) == len(counts):
        return counts  # nearly always: no name has two spellings
    return {shown: total for shown, _, total in folded.values()}


def count_facet(rows: Iterable[PostSummary], group: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for row in rows:
        counts.update(facet_values(row, group))
    return order_counts(group, counts)


def count_tags(rows: Iterable[PostSummary]) -> list[tuple[str, int]]:
    return count_facet(rows, "tags")


def count_facets(rows: Sequence[PostSummary]) -> dict[str, list[tuple[str, int]]]:
    return {group: count_facet(rows, group) for group in FACET_GROUPS}


def passes_sidebar(row: PostSummary, wanted: Filter, marks: Marks) -> bool:
    """The sidebar part of a filter: chosen and excluded facets, bookmarks."""
    if wanted.bookmarked_only and row.id not in marks.bookmarked:
        return False
    for group, (chosen, excluded) in wanted.facet_choices().items():
        if not (chosen or excluded):
            continue
        # Without regard to case, as the index and `tag:` match them.
        have = {value.casefold() for value in facet_values(row, group)}
        if excluded and not {value.casefold() for value in excluded}.isdisjoint(have):
            return False
        if chosen:
            want = {value.casefold() for value in chosen}
            every = wanted.tag_mode == "and" and group in ("tags", "authors")
            if not (want.issubset(have) if every else not want.isdisjoint(have)):
                return False
    return True


def sort_rows(
    rows: list[PostSummary], order: SortOrder, scores: Mapping[str, float]
) -> list[PostSummary]:
    """Newest first; oldest first; by title A–Z; or by relevance with newest first on ties."""
    if order == "title":
        return sorted(rows, key=lambda row: (row.title.casefold(), row.id))
    by_date = sorted(rows, key=lambda row: (date_sort_key(row.date), row.id), reverse=True)
    if order == "oldest":
        return by_date[::-1]
    if order == "relevance" and scores:
        # sorted() is stable, so equal scores keep newest-first order.
        return sorted(by_date, key=lambda row: -scores.get(row.id, 0.0))
    return by_date


class MemoryCatalog:
    """A catalog over posts held in memory; words match case-insensitively."""

    def __init__(
        self, posts: Iterable[Post], section_titles: Mapping[str, str] | None = None
    ) -> None:
        self._posts = {post.id: post for post in posts}
        self._haystacks: dict[str, str] = {}
        self._section_titles = dict(section_titles or {})

    def _haystack(self, post: Post) -> str:
        text = self._haystacks.get(post.id)
        if text is None:
            text = " ".join((post.title, post.body, *post.tags, *post.authors)).casefold()
            self._haystacks[post.id] = text
        return text

    def select(self, wanted: Filter, marks: Marks) -> Selection:
        words = tuple(wanted.query.casefold().split())
        rows: list[PostSummary] = []
        scores: dict[str, float] = {}
        for post in self._posts.values():
            if not passes_sidebar(post, wanted, marks):
                continue
            if words:
                haystack = self._haystack(post)
                if not all(word in haystack for word in words):
                    continue
                title = post.title.casefold()
                scores[post.id] = sum(2.0 if word in title else 1.0 for word in words)
            rows.append(post)
        order: SortOrder = wanted.sort
        return Selection(
            rows=ListRows(sort_rows(rows, order, scores)),
            tag_counts=count_tags(rows),
            total=len(self._posts),
            bookmarked_total=len(marks.bookmarked.intersection(self._posts)),
            terms=words,
            plan=parse(wanted.query),
            facets=LazyFacets(lambda group: count_facet(rows, group)),
        )

    def post(self, post_id: str) -> Post | None:
        return self._posts.get(post_id)

    def all_tags(self) -> list[tuple[str, int]]:
        return count_tags(self._posts.values())

    def all_facets(self) -> dict[str, list[tuple[str, int]]]:
        """Every facet group's values with their post counts over the store."""
        return count_facets(list(self._posts.values()))

    def section_titles(self) -> dict[str, str]:
        """Titles that section pages give their sections, by section name."""
        return dict(self._section_titles)
