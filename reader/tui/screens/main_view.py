"""What the main screen's panes show, worked out from a listing and the user's data.

Pure functions: the screen passes in what it has (the listing a query
answered, the store's tags, the article shown now) and assigns what they
return to its reactives, which feed the panes. No widgets are touched here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from reader.model import Post
from reader.tui.article_render import Phrase, phrases_of
from reader.tui.listing import Listing
from reader.tui.session import Session
from reader.tui.summary import counts_line, tag_rows
from reader.tui.userstate import UserView
from reader.tui.widgets.article import ArticleData
from reader.tui.widgets.sidebar import SidebarData
from reader.userdata.searches import SavedSearch


@dataclass(frozen=True, slots=True)
class Shown:
    """Everything a query's answer changes on screen."""

    listing: Listing
    counts: str
    """The header's line: how many posts are listed."""
    sidebar: SidebarData
    article: ArticleData
    prefixes: frozenset[str]
    phrases: tuple[Phrase, ...]


def shown_for(
    listing: Listing,
    answered: Session,
    all_tags: tuple[tuple[str, int], ...],
    saved: tuple[SavedSearch, ...],
    article: ArticleData,
    root: Path,
) -> Shown:
    """What to show for `listing`, the answer to `answered`, with `article` shown now."""
    selection = listing.selection
    plan = selection.plan  # Parsed once, by the catalog.
    prefixes, phrases = plan.prefix_terms, phrases_of(plan)
    sidebar = SidebarData(
        wanted=answered.wanted,
        tags=tag_rows(all_tags, selection),
        total=selection.total,
        bookmarked_total=selection.bookmarked_total,
        saved=saved,
        groups=listing.groups,
    )
    if selection.total == 0:
        # Not "no posts match": there is nothing to match, and the user should know why.
        empty = f"No Markdown files found in {root}."
        listing = replace(listing, status=empty)
        article = ArticleData(empty_text=empty)
    elif not selection.rows:
        article = ArticleData(empty_text="No posts match.")
    elif article.post is not None and (article.terms, article.phrases) != (
        selection.terms,
        phrases,
    ):
        article = replace(article, terms=selection.terms, prefixes=prefixes, phrases=phrases)
    return Shown(listing, counts_line(selection), sidebar, article, prefixes, phrases)


def with_note(article: ArticleData, view: UserView) -> ArticleData:
    """The article with the note `view` has on its post (staying where it is)."""
    post = article.post
    if post is None or view.note(post.id) == article.note:
        return article
    return replace(article, note=view.note(post.id), scroll=None)


def article_of(
    found: tuple[Post | None, float | None, str],
    terms: tuple[str, ...],
    prefixes: frozenset[str],
    phrases: tuple[Phrase, ...],
    note: str | None,
) -> ArticleData:
    """The article for what `read_article` found, marked for the search, with the note."""
    post, scroll, problem = found
    if post is None:
        return ArticleData(empty_text=problem)
    return ArticleData(post, terms, prefixes, phrases, note=note, scroll=scroll)
