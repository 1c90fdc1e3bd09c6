"""Pilot tests of the footer: it recomposes once per change of the keys it shows, not per binding.

Focus moving at start-up changes the screen's bindings many times; Textual's
footer mounted every key again for each change. These count the footer's
composes with a spy on `FittingFooter.compose`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_stores import settle
from conftest import SIZE
from textual.app import ComposeResult
from textual.widgets._footer import FooterKey

from reader.tui.app import ReaderApp
from reader.tui.widgets.footer import FittingFooter
from reader.tui.widgets.sidebar import Sidebar


@pytest.fixture
def composes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts every compose of a `FittingFooter` (a recompose composes again)."""
    calls: list[int] = []
    original = FittingFooter.compose

    def counted(self: FittingFooter) -> ComposeResult:
        calls.append(len(calls))
        return original(self)

    monkeypatch.setattr(FittingFooter, "compose", counted)
    yield calls


def footer_keys(app: ReaderApp) -> list[FooterKey]:
    return list(app.screen.query_one(FittingFooter).query(FooterKey))


def descriptions(app: ReaderApp) -> list[str]:
    return [key.description for key in footer_keys(app)]


async def test_start_up_composes_the_keys_once(store: Path, composes: list[int]) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The first compose has no bindings yet; the second shows the keys.
        assert len(composes) <= 2, f"{len(composes)} composes at start"
        assert "Help" in descriptions(app) and "Quit" in descriptions(app)


async def test_bindings_that_change_no_key_leave_the_footer_alone(
    store: Path, composes: list[int]
) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before, keys = len(composes), footer_keys(app)
        for _ in range(10):
            app.screen.refresh_bindings()
            await pilot.pause()
        await settle(pilot)
        assert len(composes) == before, "the same keys must not be composed again"
        assert footer_keys(app) == keys  # The very widgets on screen stay.


async def test_a_change_of_keys_is_composed_once_and_shown(
    store: Path, composes: list[int]
) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Add value" not in descriptions(app)
        before = len(composes)
        # A burst of binding changes with one real change of the keys among them.
        app.screen.query_one(Sidebar).focus()
        for _ in range(10):
            app.screen.refresh_bindings()
        await settle(pilot)
        assert "Add value" in descriptions(app)
        assert len(composes) == before + 1


async def test_a_new_width_fits_the_keys_again_once(store: Path, composes: list[int]) -> None:
    app = ReaderApp(store)
    async with app.run_test(size=(200, 24)) as pilot:
        await settle(pilot)
        assert "Save search" in descriptions(app)
        before = len(composes)
        await pilot.resize_terminal(60, 24)
        await settle(pilot)
        assert "Save search" not in descriptions(app)
        assert sum(key.outer_size.width for key in footer_keys(app)) <= 60
        assert len(composes) == before + 1
