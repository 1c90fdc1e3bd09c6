"""config.toml: defaults, round trip, keeping the user's keys, bad files, XDG."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader.userdata import paths
from reader.userdata.config import Config, config_path, load_config, save_theme
from reader.userdata.tomlfile import UserDataError


def test_config_dir_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert paths.config_dir() == tmp_path / "elsewhere" / "reader"
    assert config_path() == tmp_path / "elsewhere" / "reader" / "config.toml"
    save_theme("nord")
    assert (tmp_path / "elsewhere" / "reader" / "config.toml").exists()


def test_data_and_cache_follow_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert paths.data_dir() == tmp_path / "data" / "reader"
    assert paths.cache_dir() == tmp_path / "cache" / "reader"


def test_nothing_is_written_under_the_real_home(isolated_dirs: Path) -> None:
    save_theme("nord")
    assert config_path().is_relative_to(isolated_dirs)


def test_store_key_is_absolute_and_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "posts").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "posts")
    monkeypatch.chdir(tmp_path)
    expected = str((tmp_path / "posts").resolve())
    assert paths.store_key(Path("posts")) == expected
    assert paths.store_key(Path("posts/")) == expected
    assert paths.store_key(tmp_path / "link") == expected
    assert paths.store_key(tmp_path / "gone") == str(tmp_path.resolve() / "gone")


def test_missing_file_gives_defaults() -> None:
    warnings: list[str] = []
    assert load_config(warnings) == Config()
    assert warnings == []
    assert not config_path().exists()


def test_round_trip_and_unknown_keys_survive_save() -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text(
        "# my settings\n"
        'store = "~/blogs/posts"\n'
        'theme = "gruvbox"\n'
        "future_option = [1, 2]\n"
        "[keys]\n"
        'bookmark = "m"\n'
        "[experimental]\n"
        "fast = true\n"
    )
    config = load_config()
    assert config.store == "~/blogs/posts"
    assert config.theme == "gruvbox"
    assert config.keys == {"bookmark": "m"}
    save_theme("nord")
    document = tomllib.loads(config_path().read_text())
    assert document == {
        "version": 1,
        "store": "~/blogs/posts",
        "theme": "nord",
        "future_option": [1, 2],
        "keys": {"bookmark": "m"},
        "experimental": {"fast": True},
    }
    assert load_config().theme == "nord"


def test_unparsable_config_is_moved_aside_with_a_line_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text('store = "posts"\ntheme = = "x"\n')
    config = load_config()  # no warnings list: the message goes to stderr
    assert config == Config()
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{config_path()}: not valid TOML (line 2" in err
    asides = list(config_path().parent.glob("config.toml.corrupt-*"))
    assert len(asides) == 1
    assert f"moved aside to {asides[0]}" in err
    assert asides[0].read_text() == 'store = "posts"\ntheme = = "x"\n'
    assert not config_path().exists()


def test_wrong_shape_is_moved_aside() -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text("theme = 3\n")
    warnings: list[str] = []
    assert load_config(warnings) == Config()
    assert len(warnings) == 1
    assert "theme: must be a string" in warnings[0]
    assert len(list(config_path().parent.glob("config.toml.corrupt-*"))) == 1


def test_newer_version_is_never_overwritten() -> None:
    config_path().parent.mkdir(parents=True)
    original = 'version = 7\ntheme = "solar"\n'
    config_path().write_text(original)
    assert load_config().theme == "solar"  # what we understand is still used
    with pytest.raises(UserDataError, match="newer version"):
        save_theme("nord")
    assert config_path().read_text() == original
