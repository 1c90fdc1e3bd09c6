"""Snapshot tests of the app on the sample posts (SVGs in tests/__snapshots__/).

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`,
then look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_stores import settle
from conftest import SAMPLE_POSTS
from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.widgets.sidebar import Sidebar

WIDE = (120, 40)
NARROW = (80, 30)

SnapCompare = Callable[..., bool]


@pytest.fixture
def sample_store() -> Path:
    assert any(SAMPLE_POSTS.glob("*.md")), "the sample posts are missing"
    return SAMPLE_POSTS


def test_main_screen(snap_compare: SnapCompare, sample_store: Path) -> None:
    assert snap_compare(ReaderApp(sample_store), terminal_size=WIDE, run_before=settle)


def test_filtered_by_a_tag(snap_compare: SnapCompare, sample_store: Path) -> None:
    async def choose_collaboration(pilot: Pilot[None]) -> None:
        await settle(pilot)
        sidebar = pilot.app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.move_cursor(sidebar.index_of_tag("collaboration"))
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(
        ReaderApp(sample_store), terminal_size=WIDE, run_before=choose_collaboration
    )


def test_help_screen(snap_compare: SnapCompare, sample_store: Path) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(ReaderApp(sample_store), terminal_size=WIDE, run_before=open_help)


def test_narrow_list(snap_compare: SnapCompare, sample_store: Path) -> None:
    assert snap_compare(ReaderApp(sample_store), terminal_size=NARROW, run_before=settle)


def test_search_with_matches_and_a_note(snap_compare: SnapCompare, sample_store: Path) -> None:
    async def search_and_note(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("e", *"Share with the team", "enter")
        await settle(pilot)
        await pilot.press("slash", *"leadership", "enter", "n")
        await settle(pilot)

    assert snap_compare(ReaderApp(sample_store), terminal_size=WIDE, run_before=search_and_note)


def test_narrow_article(snap_compare: SnapCompare, sample_store: Path) -> None:
    async def open_post(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)

    assert snap_compare(ReaderApp(sample_store), terminal_size=NARROW, run_before=open_post)
