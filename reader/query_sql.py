"""Turn a search `Plan` and the sidebar's `Filter` into parameterised SQL.

Every value the user typed travels as a bound parameter. The one string
built from user input, the FTS5 MATCH expression, is itself a parameter and
is assembled only from tokens of letters and digits (see `query.tokenize`),
each wrapped in double quotes, so FTS5 reads them as plain words.

The tables are those of `reader.index_schema`: `posts p` (one row per post,
its rowid shared with the `fts` table) and `post_tags(tag, post)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reader.catalog import Filter, Marks, SortOrder
from reader.query import Atom, Flag, Plan, Tag, Text

# bm25 weights by FTS column: title, body, tags, authors. A word in the title
# says far more about a post than the same word somewhere in its body.
BM25_WEIGHTS = (10.0, 1.0, 5.0, 5.0)
SCORE = "bm25(fts, {})".format(", ".join(str(weight) for weight in BM25_WEIGHTS))
_COLUMN = {"all": "", "authors": "{authors} : "}

TagLookup = Callable[[str], Sequence[str]]
"""The store's spellings of a tag name typed in any case (`AI` -> `ai`, `Ai`)."""


def fts_atom(atom: Text) -> str:
    """One word or phrase as an FTS5 expression: quoted, so never syntax."""
    phrase = '"' + " ".join(atom.words) + '"'
    return _COLUMN[atom.field] + phrase + ("*" if atom.prefix else "")


def _any_of(atoms: Sequence[Text]) -> str:
    return "(" + " OR ".join(fts_atom(atom) for atom in atoms) + ")"


@dataclass(slots=True)
class Where:
    """The matching part of a query: an optional MATCH, SQL conditions, and tags.

    Tag conditions are kept apart: the app's catalog answers them from sets
    it holds in memory (a tag switch is the commonest filter), the command
    line folds them into the SQL with `with_tags_in_sql`.
    """

    match: str | None = None
    conditions: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    tags_any: list[list[str]] = field(default_factory=list)
    """Each inner list: a post must have one of these tags."""
    tags_out: list[str] = field(default_factory=list)
    """A post must have none of these tags."""

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    @property
    def is_everything(self) -> bool:
        return not (self.match or self.conditions or self.tags_any or self.tags_out)

    def with_tags_in_sql(self) -> Where:
        """The same conditions, tags included, for a query that is all SQL."""
        where = Where(self.match, list(self.conditions), list(self.params))
        for tags in self.tags_any:
            sql, params = _has_any_tag(tags)
            where.add(sql, *params)
        if self.tags_out:
            sql, params = _has_any_tag(self.tags_out)
            where.add(f"NOT {sql}", *params)
        return where


def where_for(plan: Plan, wanted: Filter, marks: Marks, tags_for: TagLookup) -> Where:
    """The conditions a post must meet to be shown for this search and filter."""
    where = Where()
    positive: list[str] = []
    for clause in plan.clauses:
        if all(isinstance(atom, Text) for atom in clause):
            positive.append(_any_of(clause))  # type: ignore[arg-type]
        elif all(isinstance(atom, Tag) for atom in clause):
            where.tags_any.append([t for a in clause for t in tags_for(a.name)])  # type: ignore[union-attr]
        else:
            parts = [_atom_condition(atom, marks, tags_for) for atom in clause]
            where.add("(" + " OR ".join(sql for sql, _ in parts) + ")")
            where.params.extend(param for _, params in parts for param in params)
    texts_out = [atom for atom in plan.excluded if isinstance(atom, Text)]
    if positive:
        where.match = " AND ".join(positive)
        if texts_out:
            where.match += " NOT " + _any_of(texts_out)
    elif texts_out:
        where.add("p.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)", _any_of(texts_out))
    for atom in plan.excluded:
        if isinstance(atom, Tag):
            where.tags_out.extend(tags_for(atom.name))
        elif isinstance(atom, Flag):
            sql, params = _flag(atom, marks)
            where.add(f"NOT {sql}", *params)
    if plan.after is not None:
        where.add("p.date_key >= ?", plan.after.isoformat())
    if plan.before is not None:
        where.add("p.date_key < ? AND p.date_key <> ''", plan.before.isoformat())
    _sidebar(where, wanted, marks, tags_for)
    return where


def _atom_condition(atom: Atom, marks: Marks, tags_for: TagLookup) -> tuple[str, list[object]]:
    if isinstance(atom, Text):
        return "p.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)", [fts_atom(atom)]
    if isinstance(atom, Tag):
        return _has_any_tag(list(tags_for(atom.name)))
    return _flag(atom, marks)


def _has_any_tag(tags: Sequence[str]) -> tuple[str, list[object]]:
    if not tags:
        return "0", []
    marks = ", ".join("?" * len(tags))
    return f"p.rowid IN (SELECT post FROM post_tags WHERE tag IN ({marks}))", list(tags)


def _flag(atom: Flag, marks: Marks) -> tuple[str, list[object]]:
    # json_each takes the whole set as one parameter, however large it is.
    if atom.name == "bookmarked":
        return "p.id IN (SELECT value FROM json_each(?))", [_json(marks.bookmarked)]
    return "p.id NOT IN (SELECT value FROM json_each(?))", [_json(marks.read)]


def _json(ids: frozenset[str]) -> str:
    return json.dumps(sorted(ids), ensure_ascii=False)


def _sidebar(where: Where, wanted: Filter, marks: Marks, tags_for: TagLookup) -> None:
    # A tag named in any case means every spelling the store has of it, as
    # `tag:` does in a query (`--tag Politics` finds `politics`).
    if wanted.tags:
        if wanted.tag_mode == "and":
            where.tags_any.extend(list(tags_for(tag)) for tag in dict.fromkeys(wanted.tags))
        else:
            where.tags_any.append([t for tag in wanted.tags for t in tags_for(tag)])
    where.tags_out.extend(t for tag in wanted.exclude_tags for t in tags_for(tag))
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
    where = where.with_tags_in_sql()
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
