"""Command-palette providers: jump to a tag or a post; run or save a search.

Titles and tags are store text, so hits are built as `Content` from plain
strings (the palette would read a `str` as markup) and only the matched
characters are styled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from reader.tui.saved_view import describe, filter_of
from reader.userdata.searches import SavedSearch

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

MAX_POST_HITS = 50
FUZZY_LIMIT = 5_000
"""Above this many posts, titles are matched as substrings: fuzzy scoring 100k
titles per keystroke would stall the palette."""


def _main_screen(provider: Provider) -> MainScreen | None:
    from reader.tui.screens.main import MainScreen

    screen = provider.screen
    return screen if isinstance(screen, MainScreen) else None


def highlighted(matcher: Matcher, label: str, prefix: str) -> Content:
    """`prefix` + `label` as literal text, with the fuzzy match styled."""
    content = Content(label)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return Content(prefix) + content


class TagCommands(Provider):
    """`Tag: NAME` shows only the posts with that tag."""

    def _tags(self) -> Iterable[tuple[str, int]]:
        screen = _main_screen(self)
        return screen.all_tags if screen is not None else ()

    async def discover(self) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        for tag, count in list(self._tags())[:20]:
            yield DiscoveryHit(
                Content(f"Tag: {tag}"),
                lambda tag=tag: screen.show_tag(tag),
                text=f"Tag: {tag}",
                help=f"{count} posts",
            )

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None:
            return
        matcher = self.matcher(query)
        for tag, count in self._tags():
            score = matcher.match(tag)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, tag, "Tag: "),
                    lambda tag=tag: screen.show_tag(tag),
                    text=f"Tag: {tag}",
                    help=f"{count} posts",
                )


class PostCommands(Provider):
    """A post's title jumps to that post in the list."""

    async def search(self, query: str) -> Hits:
        screen = _main_screen(self)
        if screen is None or not query.strip():
            return
        rows = await screen.palette_posts()
        matcher = self.matcher(query)
        needle = query.casefold().strip()
        found = 0
        for row in rows:
            if len(rows) > FUZZY_LIMIT:
                if needle not in row.title.casefold():
                    continue
                score = 0.5
            else:
                score = matcher.match(row.title)
                if score <= 0:
                    continue
            yield Hit(
                score,
                highlighted(matcher, row.title, "Post: "),
                lambda post_id=row.id: screen.show_post(post_id),
                text=row.title,
                help=None,
            )
            found += 1
            if found >= MAX_POST_HITS:
                return


def _runner(screen: MainScreen, saved: SavedSearch) -> Callable[[], object]:
    return lambda: screen.show_saved(saved)


class SearchCommands(Provider):
    """`Search: NAME` runs a saved search; `Save this search` names the current one."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = _main_screen(self)
        if screen is None:
            return []
        found: list[tuple[str, Callable[[], object], str]] = [
            ("Save this search", screen.action_save_search, "Name the view on screen")
        ]
        for saved in screen.user_view.saved:
            # The palette reads `help` as markup; a query is the user's text.
            help_text = escape(describe(filter_of(saved)))
            found.append((f"Search: {saved.name}", _runner(screen, saved), help_text))
        return found

    async def discover(self) -> Hits:
        for text, action, help_text in self._commands():
            yield DiscoveryHit(Content(text), action, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text, ""), action, text=text, help=help_text)


class ViewCommands(Provider):
    """`Problems`: what went wrong reading the store's files."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = _main_screen(self)
        if screen is None:
            return []
        count = len(screen.problems)
        noun = "problem" if count == 1 else "problems"
        return [("Problems", screen.show_problems, f"{count:,} {noun} in the store")]

    async def discover(self) -> Hits:
        for text, action, help_text in self._commands():
            yield DiscoveryHit(Content(text), action, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text, ""), action, text=text, help=help_text)
