"""What the main screen's workers report, one `Message` class per result.

A worker thread posts one of these to the screen (`post_message` is safe
from any thread) and the screen handles it on the UI loop like any other
message: no callbacks cross threads, and each result has a type that says
what it carries.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from reader.catalog import Catalog
from reader.model import LoadProblem, Post
from reader.tui.listing import Listing
from reader.tui.session import Session
from reader.tui.userstate import UserState, UserView


@dataclass
class StoreOpened(Message):
    """The store is open: its catalog, the user's data and the first listing."""

    catalog: Catalog
    user: UserState
    view: UserView
    all_tags: tuple[tuple[str, int], ...]
    listing: Listing
    session: Session
    """The session the listing answers (the user may have typed meanwhile)."""
    painted: threading.Event | None = None
    """Set once the screen has drawn this listing (the worker waits for it)."""
    building: bool = False
    """The first build is still under way: the listing holds the posts
    indexed so far, more follow (`IndexRefreshed`), and live reload waits for
    `IndexBuilt`."""


@dataclass
class Status(Message):
    """Progress while the store opens (`Indexing 4,210 of 100,000 posts…`)."""

    text: str


@dataclass
class IndexRefreshed(Message):
    """The index was brought up to date with the files."""

    changed: bool
    """Anything was added, changed or removed."""


@dataclass
class IndexBuilt(Message):
    """The first build, whose posts the screen has shown as they came, is done."""

    catalog: Catalog


@dataclass
class ProblemsFound(Message):
    """What went wrong reading the store, as of the last build or refresh."""

    problems: list[LoadProblem]


@dataclass
class ListingReady(Message):
    """A query's answer."""

    listing: Listing
    session: Session
    """The session it answers."""
    all_tags: tuple[tuple[str, int], ...] | None = None
    """The store's tags, when the query read them again (after the index changed)."""


@dataclass
class GroupsRead(Message):
    """The sidebar's groups besides tags, read after the first list was drawn."""

    listing: Listing
    """The first listing with its groups: it stands only while that answer is shown."""


@dataclass
class ArticleRead(Message):
    """A post read for the article pane (or why it could not be)."""

    post_id: str
    post: Post | None
    scroll: float | None
    problem: str


@dataclass
class UserDataChanged(Message):
    """The user's data after a change (None: the change was quiet, nothing to re-show)."""

    view: UserView | None


@dataclass
class Failed(Message):
    """A worker's work failed; the text says what, in one line."""

    text: str


@dataclass
class Notice(Message):
    """A line for the user from a worker."""

    text: str
    severity: SeverityLevel = "information"


@dataclass
class PostEdited(Message):
    """A post's file was edited; `changed` if the index took something new."""

    post_id: str
    changed: bool
