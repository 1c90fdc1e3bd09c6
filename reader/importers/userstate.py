"""Read-later entries in the user's files: bookmarked, and read or unread as exported.

Only for entries written for the first time: a later import never brings back
a bookmark the user removed, nor undoes what they read since.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from reader.importers.plan import EntryPlan, Planned
from reader.userdata.bookmarks import BookmarkFile
from reader.userdata.errors import UserDataError
from reader.userdata.paths import store_key
from reader.userdata.readstate import ReadState


def post_id(planned: Planned) -> str:
    """The store's id of a planned file: its path without the extension."""
    return str(PurePosixPath(planned.file).with_suffix(""))


def saved_now(plan: EntryPlan) -> list[Planned]:
    """The read-later entries this import wrote for the first time."""
    return [p for p in plan.files if p.saved and p.first and p.action == "write"]


def record_saved(plan: EntryPlan, warnings: list[str]) -> int:
    """Bookmark the newly saved entries and set their reading state; returns how many."""
    fresh: Sequence[Planned] = saved_now(plan)
    if not fresh:
        return 0
    store = store_key(plan.into)
    # The posts are written by now: a user file that cannot be changed is a
    # warning, never a failed import.
    try:
        # One locked change for all of them: a list of thousands is one rewrite.
        BookmarkFile(warnings=warnings).add_many(
            store, [(post_id(planned), planned.title) for planned in fresh]
        )
    except UserDataError as error:
        warnings.append(f"{error}; the saved links were not bookmarked")
        return 0
    stated = [planned for planned in fresh if planned.read is not None]
    try:
        if stated:
            with ReadState(warnings=warnings) as state:
                for planned in stated:
                    state.mark_read(store, post_id(planned), bool(planned.read))
    except UserDataError as error:
        warnings.append(f"{error}; read and unread were not set")
    return len(fresh)
