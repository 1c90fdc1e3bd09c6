"""Command-palette providers: jump to a tag or a post; run or save a search.

Titles and tags are store text, so hits are built as `Content` from plain
strings (the palette would read a `str` as markup) and only the matched
characters are styled.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape
from textual.message import Message

from reader.model import PostSummary
from reader.tui.saved_view import describe, filter_of
from reader.userdata.searches import SavedSearch

MAX_POST_HITS = 50
FUZZY_LIMIT = 5_000
"""Above this many posts, titles are matched as substrings: fuzzy scoring 100k
titles per keystroke would stall the palette."""


# --- what a command asks of the screen ---------------------------------------------


@dataclass
class ShowTag(Message):
    """Show only the posts with this tag."""

    tag: str


@dataclass
class JumpToPost(Message):
    """Put the cursor on this post, clearing the filter if it hides it."""

    post_id: str


@dataclass
class RunSavedSearch(Message):
    """Bring back a saved search's whole view."""

    saved: SavedSearch


@dataclass
class SaveSearch(Message):
    """Name the view on screen."""


@dataclass
class ShowProblems(Message):
    """List what went wrong reading the store."""


async def _no_posts() -> Sequence[PostSummary]:
    return ()


@dataclass(frozen=True)
class PaletteData:
    """What the providers list; the screen sets it whenever it changes."""

    tags: Sequence[tuple[str, int]] = ()
    saved: Sequence[SavedSearch] = ()
    problem_count: int = 0
    posts: Callable[[], Awaitable[Sequence[PostSummary]]] = field(default=_no_posts)
    """Every post, newest first: read when first asked, again after the index changes."""


def palette_data(provider: Provider) -> PaletteData | None:
    """The data of the screen the palette was opened on, if it has any."""
    data = getattr(provider.screen, "palette", None)
    return data if isinstance(data, PaletteData) else None


def _post(provider: Provider, message: Message) -> Callable[[], object]:
    screen = provider.screen
    return lambda: screen.post_message(message)


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
        data = palette_data(self)
        return data.tags if data is not None else ()

    async def discover(self) -> Hits:
        for tag, count in list(self._tags())[:20]:
            yield DiscoveryHit(
                Content(f"Tag: {tag}"),
                _post(self, ShowTag(tag)),
                text=f"Tag: {tag}",
                help=f"{count} posts",
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for tag, count in self._tags():
            score = matcher.match(tag)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, tag, "Tag: "),
                    _post(self, ShowTag(tag)),
                    text=f"Tag: {tag}",
                    help=f"{count} posts",
                )


class PostCommands(Provider):
    """A post's title jumps to that post in the list."""

    async def search(self, query: str) -> Hits:
        data = palette_data(self)
        if data is None or not query.strip():
            return
        rows = await data.posts()
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
                _post(self, JumpToPost(row.id)),
                text=row.title,
                help=None,
            )
            found += 1
            if found >= MAX_POST_HITS:
                return


Command = tuple[str, Callable[[], object], str]
"""A palette command: its text, what choosing it does, and its help line."""


class CommandList(Provider):
    """A provider of a short list of commands, found by their text."""

    def _commands(self) -> list[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, action, help_text in self._commands():
            yield DiscoveryHit(Content(text), action, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlighted(matcher, text, ""), action, text=text, help=help_text)


class SearchCommands(CommandList):
    """`Search: NAME` runs a saved search; `Save this search` names the current one."""

    def _commands(self) -> list[Command]:
        data = palette_data(self)
        if data is None:
            return []
        found: list[tuple[str, Callable[[], object], str]] = [
            ("Save this search", _post(self, SaveSearch()), "Name the view on screen")
        ]
        for saved in data.saved:
            # The palette reads `help` as markup; a query is the user's text.
            help_text = escape(describe(filter_of(saved)))
            found.append((f"Search: {saved.name}", _post(self, RunSavedSearch(saved)), help_text))
        return found


class ViewCommands(CommandList):
    """`Problems`: what went wrong reading the store's files."""

    def _commands(self) -> list[Command]:
        data = palette_data(self)
        if data is None:
            return []
        count = data.problem_count
        noun = "problem" if count == 1 else "problems"
        return [("Problems", _post(self, ShowProblems()), f"{count:,} {noun} in the store")]
