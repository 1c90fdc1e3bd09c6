"""The sidebar's facet groups: sections, authors and years beside tags, in the app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from app_stores import StorePost, main_screen, post_file, settle
from textual.pilot import Pilot

from reader.catalog import Filter
from reader.tui.app import ReaderApp
from reader.tui.widgets.post_list import PostList
from reader.tui.widgets.sidebar import Sidebar

SIZE = (120, 40)

POSTS = (
    StorePost("releases/go-1", "Go one", "2020-03-01", ("go",), authors=("Ann",)),
    StorePost("releases/go-2", "Go two", "2021-03-01", ("go",), authors=("Bo",)),
    StorePost("releases/go-3", "Go three", "2021-06-01", ("go", "tools"), authors=("Ann",)),
    StorePost("notes/walk", "A walk", "2021-08-01", ("misc",), authors=("Ann", "Bo")),
    StorePost("notes/rain", "Rain", "2022-01-01", ("misc",), authors=("Cy",)),
)


@pytest.fixture
def facet_store(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    for post in POSTS:
        path = root / f"{post.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(post_file(post), encoding="utf-8")
    # The section's page gives it its title.
    (root / "releases" / "_index.md").write_text('+++\ntitle = "Release notes"\n+++\n')
    return root


def listed(app: ReaderApp) -> list[str]:
    rows = app.screen.query_one(PostList).listing.selection.rows
    return sorted(row.id for row in rows)


def wanted(app: ReaderApp) -> Filter:
    return main_screen(app).wanted


async def open_group(pilot: Pilot[None], group: str) -> Sidebar:
    """Enter on a group's heading, when it is shut (only tags start open)."""
    sidebar = pilot.app.screen.query_one(Sidebar)
    sidebar.focus()
    if group not in sidebar.open_groups:
        sidebar.move_cursor(sidebar.index_of_group(group))
        await pilot.press("enter")
        await settle(pilot)
    return sidebar


async def go_to(pilot: Pilot[None], group: str, value: str) -> Sidebar:
    sidebar = await open_group(pilot, group)
    sidebar.move_cursor(sidebar.index_of(group, value))
    await pilot.pause()
    return sidebar


def shown(sidebar: Sidebar) -> list[str]:
    return [sidebar.render_line(y).text for y in range(sidebar.row_count)]


async def test_a_section_an_author_and_an_excluded_year(facet_store: Path) -> None:
    app = ReaderApp(facet_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        text = "\n".join(shown(sidebar))
        for heading in ("Tags", "Sections", "Authors", "Years"):
            assert heading in text
        await open_group(pilot, "sections")
        # The section's page title, not its folder.
        assert "Release notes" in "\n".join(shown(sidebar))
        # Enter on a section: only its posts, the other choices gone.
        await go_to(pilot, "tags", "misc")
        await pilot.press("space")
        await settle(pilot)
        await go_to(pilot, "sections", "releases")
        await pilot.press("enter")
        await settle(pilot)
        assert wanted(app).sections == ("releases",) and wanted(app).tags == ()
        assert listed(app) == ["releases/go-1", "releases/go-2", "releases/go-3"]
        assert sidebar.border_title == "+section:releases · AND"
        # Counts follow in place: notes is still listed, at 0.
        notes = sidebar.row_at(sidebar.index_of("sections", "notes"))
        assert notes is not None and notes.count == 0
        # Space adds an author.
        await go_to(pilot, "authors", "Ann")
        await pilot.press("space")
        await settle(pilot)
        assert wanted(app).authors == ("Ann",)
        assert listed(app) == ["releases/go-1", "releases/go-3"]
        # x excludes a year.
        await go_to(pilot, "years", "2020")
        await pilot.press("x")
        await settle(pilot)
        assert wanted(app).exclude_years == (2020,)
        assert listed(app) == ["releases/go-3"]
        assert sidebar.border_title == "+section:releases +author:Ann −year:2020 · AND"
        year_row = sidebar.render_line(sidebar.index_of("years", "2020")).text
        assert year_row.startswith("−")


async def test_m_makes_authors_any_of_the_chosen(facet_store: Path) -> None:
    app = ReaderApp(facet_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, "authors", "Ann")
        await pilot.press("space")
        await go_to(pilot, "authors", "Bo")
        await pilot.press("space")
        await settle(pilot)
        assert listed(app) == ["notes/walk"]  # AND: both authors
        await pilot.press("m")
        await settle(pilot)
        assert len(listed(app)) == 4  # OR: either


async def test_a_group_folds_shut_and_open_again(facet_store: Path) -> None:
    app = ReaderApp(facet_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        # Only tags start open: the other groups show their heading, and are not counted.
        with pytest.raises(ValueError):
            sidebar.index_of("authors", "Ann")
        authors = next(g for g in main_screen(app).sidebar_data.groups if g.group == "authors")
        assert not authors.counted
        # A click on the heading opens it, counted under what is chosen.
        await go_to(pilot, "sections", "notes")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.click(sidebar, offset=(5, sidebar.index_of_group("authors") + 1))
        await settle(pilot)
        assert "authors" in main_screen(app).session.open_groups
        ann = sidebar.row_at(sidebar.index_of("authors", "Ann"))
        assert ann is not None and ann.count == 1
        # Enter on it shuts it again; the cursor stays on the heading.
        sidebar.move_cursor(sidebar.index_of_group("authors"))
        await pilot.press("enter")
        await settle(pilot)
        with pytest.raises(ValueError):
            sidebar.index_of("authors", "Ann")
        assert "authors" not in main_screen(app).session.open_groups
        assert sidebar.cursor == sidebar.index_of_group("authors")
        # Tags fold too.
        sidebar.move_cursor(sidebar.index_of_group("tags"))
        await pilot.press("enter")
        with pytest.raises(ValueError):
            sidebar.index_of_tag("go")


async def test_a_saved_view_keeps_its_facets(facet_store: Path) -> None:
    app = ReaderApp(facet_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, "sections", "notes")
        await pilot.press("enter")
        await go_to(pilot, "years", "2022")
        await pilot.press("x")
        await settle(pilot)
        chosen = wanted(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press(*"Notes", "enter")
        await settle(pilot)
        sidebar = app.screen.query_one(Sidebar)
        sidebar.focus()
        sidebar.move_cursor(0)
        await pilot.press("enter")  # All posts
        await settle(pilot)
        assert wanted(app).sections == () and len(listed(app)) == 5
        saved = next(i for i in range(sidebar.row_count) if "Notes" in shown(sidebar)[i])
        sidebar.move_cursor(saved)
        await pilot.press("enter")
        await settle(pilot)
        assert wanted(app) == chosen
        assert listed(app) == ["notes/walk"]


def test_sidebar_groups_snapshot(snap_compare: Callable[..., bool], facet_store: Path) -> None:
    async def choose_and_fold(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await go_to(pilot, "sections", "releases")
        await pilot.press("enter")
        await go_to(pilot, "years", "2020")
        await pilot.press("x")
        sidebar = pilot.app.screen.query_one(Sidebar)
        sidebar.move_cursor(sidebar.index_of_group("tags"))
        await pilot.press("enter")  # Tags folded shut: the other groups move up.
        await settle(pilot)

    assert snap_compare(ReaderApp(facet_store), terminal_size=SIZE, run_before=choose_and_fold)
