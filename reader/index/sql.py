"""Turn a search `Plan` and the sidebar's `Filter` into parameterised SQL.

Every value the user typed travels as a bound parameter. The one string
built from user input, the FTS5 MATCH expression, is itself a parameter and
is assembled only from tokens of letters and digits (see `query.tokenize`),
each wrapped in double quotes, so FTS5 reads them as plain words.

The tables are those of `reader.index.schema`: `posts p` (one row per post,
its rowid shared with the `fts` table, its section and year as columns),
`post_tags(tag, post)` and `post_authors(author, post)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.catalog import FACET_GROUPS, Filter, Marks, SortOrder
from reader.query import Atom, Facet, Flag, Plan, Tag, Text

# bm25 weights by FTS column: title, body, tags, authors. A word in the title
# says far more about a post than the same word somewhere in its body.
BM25_WEIGHTS = (10.0, 1.0, 5.0, 5.0)
SCORE = "bm25(fts, {})".format(", ".join(str(weight) for weight in BM25_WEIGHTS))
_COLUMN = {"all": "", "authors": "{authors} : "}

Spellings = Callable[[str, str], Sequence[str]]
"""The store's spellings of a value of a facet group (`tags`, `authors`,
`sections`, `years`) typed in any case (`tags`, `AI` -> `ai`, `Ai`)."""

_MEMBERSHIP = {
    "tags": "p.rowid IN (SELECT post FROM post_tags WHERE tag IN ({}))",
    "authors": "p.rowid IN (SELECT post FROM post_authors WHERE author IN ({}))",
    "sections": "p.section IN ({})",
    "years": "p.year IN ({})",
}
assert set(_MEMBERSHIP) == set(FACET_GROUPS)

FacetValues = tuple[str, list[str]]
"""A facet group and values of it: a post has (or lacks) one of them."""


def fts_atom(atom: Text) -> str:
    """One word or phrase as an FTS5 expression: quoted, so never syntax."""
    phrase = '"' + " ".join(atom.words) + '"'
    return _COLUMN[atom.field] + phrase + ("*" if atom.prefix else "")


def _any_of(atoms: Sequence[Text]) -> str:
    return "(" + " OR ".join(fts_atom(atom) for atom in atoms) + ")"


@dataclass(slots=True)
class Where:
    """The matching part of a query: an optional MATCH, SQL conditions, and facets.

    Facet conditions (tags, authors, sections, years) are kept apart: the
    app's catalog answers them from sets it holds in memory (a tag switch is
    the commonest filter), the command line folds them into the SQL with
    `with_facets_in_sql`.
    """

    match: str | None = None
    match_all: list[str] = field(default_factory=list)
    """The MATCH as its parts: a post matches every one of these expressions..."""
    match_none: str | None = None
    """...and not this one. The app's catalog caches the posts of each part."""
    conditions: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    facets_any: list[FacetValues] = field(default_factory=list)
    """Each: a post must have one of these values of the group."""
    facets_out: list[FacetValues] = field(default_factory=list)
    """Each: a post must have none of these values of the group."""

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    @property
    def is_everything(self) -> bool:
        return not (self.match or self.conditions or self.facets_any or self.facets_out)

    def with_facets_in_sql(self) -> Where:
        """The same conditions, facets included, for a query that is all SQL."""
        where = Where(
            self.match,
            list(self.match_all),
            self.match_none,
            list(self.conditions),
            list(self.params),
        )
        for group, values in self.facets_any:
            sql, params = has_any(group, values)
            where.add(sql, *params)
        for group, values in self.facets_out:
            if values:
                sql, params = has_any(group, values)
                where.add(f"NOT {sql}", *params)
        return where


def where_for(plan: Plan, wanted: Filter, marks: Marks, spell: Spellings) -> Where:
    """The conditions a post must meet to be shown for this search and filter."""
    where = Where()
    positive: list[str] = []
    for clause in plan.clauses:
        if all(isinstance(atom, Text) for atom in clause):
            positive.append(_any_of(clause))  # type: ignore[arg-type]
        elif len(groups := {_group(atom) for atom in clause}) == 1 and None not in groups:
            group = groups.pop()
            assert group is not None
            where.facets_any.append((group, [v for a in clause for v in _values(a, spell)]))
        else:
            parts = [_atom_condition(atom, marks, spell) for atom in clause]
            where.add("(" + " OR ".join(sql for sql, _ in parts) + ")")
            where.params.extend(param for _, params in parts for param in params)
    texts_out = [atom for atom in plan.excluded if isinstance(atom, Text)]
    if positive:
        where.match = " AND ".join(positive)
        where.match_all = positive
        if texts_out:
            where.match_none = _any_of(texts_out)
            where.match += " NOT " + where.match_none
    elif texts_out:
        where.add("p.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)", _any_of(texts_out))
    for atom in plan.excluded:
        group = _group(atom)
        if group is not None:
            where.facets_out.append((group, list(_values(atom, spell))))
        elif isinstance(atom, Flag):
            sql, params = _flag(atom, marks)
            where.add(f"NOT {sql}", *params)
    if plan.after is not None:
        where.add("p.date_key >= ?", plan.after.isoformat())
    if plan.before is not None:
        where.add("p.date_key < ? AND p.date_key <> ''", plan.before.isoformat())
    _sidebar(where, wanted, marks, spell)
    return where


def _group(atom: Atom) -> str | None:
    """The facet group an atom asks about, or None for words and flags."""
    if isinstance(atom, Tag):
        return "tags"
    if isinstance(atom, Facet):
        return atom.group
    return None


def _values(atom: Atom, spell: Spellings) -> Sequence[str]:
    if isinstance(atom, Tag):
        return spell("tags", atom.name)
    if isinstance(atom, Facet):
        return spell(atom.group, atom.value)
    return ()


def _atom_condition(atom: Atom, marks: Marks, spell: Spellings) -> tuple[str, list[object]]:
    if isinstance(atom, Text):
        return "p.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [fts_atom(atom)]
    if isinstance(atom, Flag):
        return _flag(atom, marks)
    group = _group(atom)
    assert group is not None
    return has_any(group, list(_values(atom, spell)))


def has_any(group: str, values: Sequence[str]) -> tuple[str, list[object]]:
    """SQL for "the post has one of these values of the facet group"."""
    if not values:
        return "0", []
    marks = ", ".join("?" * len(values))
    params: list[object] = [int(v) for v in values] if group == "years" else list(values)
    return _MEMBERSHIP[group].format(marks), params


def _flag(atom: Flag, marks: Marks) -> tuple[str, list[object]]:
    if atom.name == "draft":
        return "p.draft = 1", []
    # json_each takes the whole set as one parameter, however large it is.
    if atom.name == "bookmarked":
        return "p.id IN (SELECT value FROM json_each(?))", [_json(marks.bookmarked)]
    return "p.id NOT IN (SELECT value FROM json_each(?))", [_json(marks.read)]


def _json(ids: frozenset[str]) -> str:
    return json.dumps(sorted(ids), ensure_ascii=False)


def _sidebar(where: Where, wanted: Filter, marks: Marks, spell: Spellings) -> None:
    # A value named in any case means every spelling the store has of it, as
    # `tag:` does in a query (`--tag Politics` finds `politics`).
    for group, (chosen, excluded) in wanted.facet_choices().items():
        # A post has one section and one year, so choosing several means any
        # of them; tags and authors follow the AND/OR mode.
        if chosen and (wanted.tag_mode == "or" or group in ("sections", "years")):
            where.facets_any.append((group, [v for name in chosen for v in spell(group, name)]))
        elif chosen:
            where.facets_any.extend((group, list(spell(group, n))) for n in dict.fromkeys(chosen))
        if excluded:
            where.facets_out.append((group, [v for name in excluded for v in spell(group, name)]))
    if wanted.bookmarked_only:
        sql, params = _flag(Flag("bookmarked"), marks)
        where.add(sql, *params)


def select_sql(
    where: Where,
    columns: str,
    *,
    order: SortOrder | None,
    score: bool = False,
    limit: int | None = None,
) -> tuple[str, list[object]]:
    """SELECT `columns` of the matching posts, and with `score` their bm25
    (lower is better, as bm25 has it; 0 when nothing searches the text)."""
    where = where.with_facets_in_sql()
    params: list[object] = []
    if score:
        columns += f", {SCORE if where.match is not None else '0.0'} AS score"
    if where.match is not None:
        sql = f"SELECT {columns} FROM fts "
        sql += "JOIN posts p ON p.rowid = fts.rowid WHERE fts MATCH ?"
        params.append(where.match)
        conditions = where.conditions
    else:
        sql = f"SELECT {columns} FROM posts p"
        conditions = where.conditions or ["1"]
        sql += " WHERE " + conditions[0]
        conditions = conditions[1:]
    for condition in conditions:
        sql += f" AND {condition}"
    params.extend(where.params)
    if order == "relevance" and where.match is not None:
        sql += f" ORDER BY {'score' if score else SCORE}, p.date_key DESC, p.id DESC"
    elif order == "title":
        sql += " ORDER BY p.title COLLATE NOCASE, p.id"
    elif order == "oldest":
        sql += " ORDER BY p.date_key, p.id"
    elif order is not None:
        sql += " ORDER BY p.date_key DESC, p.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return sql, params
