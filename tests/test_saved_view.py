"""A saved search keeps the whole view: searches.toml fields and the filter they make."""

from __future__ import annotations

from pathlib import Path

from reader.catalog import Filter
from reader.tui.saved_view import describe, filter_of, is_empty_view, view_of
from reader.userdata.searches import SavedSearch, SearchFile, SearchView


def test_the_view_round_trips_through_the_file(tmp_path: Path) -> None:
    wanted = Filter(
        query="trust",
        tags=("leadership", "change"),
        exclude_tags=("politics",),
        tag_mode="or",
        bookmarked_only=True,
        sort="title",
    )
    searches = SearchFile(tmp_path / "searches.toml")
    searches.save("All of it", wanted.query, view_of(wanted))
    (saved,) = SearchFile(tmp_path / "searches.toml").saved()
    assert filter_of(saved) == wanted


def test_a_file_with_only_name_and_query_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text('version = 1\n[[saved]]\nname = "a"\nquery = "trust"\n', encoding="utf-8")
    (saved,) = SearchFile(path).saved()
    assert saved == SavedSearch("a", "trust", SearchView())
    assert filter_of(saved) == Filter(query="trust", sort="relevance")
    # A value from a newer reader means the default, and the other keys are kept.
    path.write_text(
        'version = 1\n[[saved]]\nname = "a"\nquery = ""\nsort = "shuffle"\ncolour = "red"\n',
        encoding="utf-8",
    )
    (saved,) = SearchFile(path).saved()
    assert filter_of(saved) == Filter()
    SearchFile(path).save("b", "x")
    assert 'colour = "red"' in path.read_text(encoding="utf-8")


def test_an_empty_view_has_nothing_to_save_and_views_are_described() -> None:
    assert is_empty_view(Filter(sort="title"))
    assert not is_empty_view(Filter(tags=("a",)))
    assert not is_empty_view(Filter(bookmarked_only=True))
    text = describe(Filter(query='"social change"', tags=("a", "b"), tag_mode="or", sort="date"))
    assert text == '"social change" · +a · +b · OR · by date'


def test_facet_choices_round_trip_and_old_files_still_read(tmp_path: Path) -> None:
    import tomllib

    wanted = Filter(
        sections=("releases",),
        exclude_sections=("drafts",),
        authors=("Ann Lee",),
        exclude_authors=("Bo",),
        years=(2024, 2023),
        exclude_years=(2019,),
    )
    path = tmp_path / "searches.toml"
    path.write_text('version = 1\n[[saved]]\nname = "Old"\nquery = "go"\ntags = ["x"]\n')
    searches = SearchFile(path)
    searches.save("Facets", "", view_of(wanted))
    old, new = SearchFile(path).saved()
    assert filter_of(old) == Filter(query="go", tags=("x",), sort="relevance")
    assert filter_of(new) == wanted
    written = tomllib.loads(path.read_text())["saved"][1]
    assert written["years"] == [2024, 2023] and written["exclude_authors"] == ["Bo"]
    assert not is_empty_view(Filter(exclude_years=(2019,)))
    assert describe(wanted) == (
        '+section:releases −section:drafts +author:"Ann Lee" −author:Bo'
        " +year:2024 +year:2023 −year:2019"
    )


def test_years_that_are_not_numbers_are_a_shape_error(tmp_path: Path) -> None:
    path = tmp_path / "searches.toml"
    path.write_text('version = 1\n[[saved]]\nname = "Bad"\nquery = ""\nyears = ["2020"]\n')
    warnings: list[str] = []
    assert SearchFile(path, warnings=warnings).saved() == []
    assert any("years" in warning for warning in warnings)
