"""config.toml: the default store, the theme and key bindings.

```toml
version = 1
store = "~/blogs/posts"
theme = "nord"
reading_width = 88   # columns of text in the article; 0 for the pane's full width
watch = true         # the app follows the store as its files change

[keys]
bookmark = "m"
```

Users edit this file by hand, so keys we do not know are kept as written when
the reader saves a setting (comments and layout are not: tomli-w cannot keep
them). Missing file -> defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.userdata.paths import config_dir
from reader.userdata.tomlfile import ShapeError, TomlFile

CONFIG_VERSION = 1


@dataclass
class Config:
    store: str | None = None
    theme: str | None = None
    reading_width: int | None = None
    """Columns of text in the article (None: the default; 0: the pane's full width)."""
    watch: bool | None = None
    """Whether the app follows the store as its files change (None: the default, yes)."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> key spec, e.g. {"bookmark": "m"} (Textual's `id=` on a Binding)."""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)
    """Every other key of the file, written back untouched."""


def config_path() -> Path:
    return config_dir() / "config.toml"


def _optional_text(document: dict[str, Any], key: str) -> str | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ShapeError(f"{key}: must be a string")
    return value or None


def _parse(document: dict[str, Any]) -> Config:
    keys = document.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(spec, str) for spec in keys.values()):
        raise ShapeError('keys: must be a table of binding = "key"')
    extra = {
        name: value
        for name, value in document.items()
        if name not in ("version", "store", "theme", "reading_width", "watch", "keys")
    }
    width = document.get("reading_width")
    if width is not None and (not isinstance(width, int) or isinstance(width, bool) or width < 0):
        raise ShapeError("reading_width: must be a whole number of columns (0: full width)")
    watch = document.get("watch")
    if watch is not None and not isinstance(watch, bool):
        raise ShapeError("watch: must be true or false")
    return Config(
        store=_optional_text(document, "store"),
        theme=_optional_text(document, "theme"),
        reading_width=width,
        watch=watch,
        keys=dict(keys),
        extra=extra,
    )


def _dump(config: Config) -> dict[str, Any]:
    document: dict[str, Any] = dict(config.extra)
    # TOML has no null: an unset value is an absent key.
    if config.store is not None:
        document["store"] = config.store
    if config.theme is not None:
        document["theme"] = config.theme
    if config.reading_width is not None:
        document["reading_width"] = config.reading_width
    if config.watch is not None:
        document["watch"] = config.watch
    if config.keys:
        document["keys"] = dict(config.keys)
    return document


def config_file(path: Path | None = None, warnings: list[str] | None = None) -> TomlFile[Config]:
    return TomlFile(
        path or config_path(), version=CONFIG_VERSION, parse=_parse, dump=_dump, warnings=warnings
    )


def load_config(warnings: list[str] | None = None, *, path: Path | None = None) -> Config:
    """The user's settings. Problems go to `warnings`, or to stderr when it is None."""
    loaded = config_file(path, warnings).load()
    # A copy: the cached model must not change under the file's feet.
    return Config(
        loaded.store,
        loaded.theme,
        loaded.reading_width,
        loaded.watch,
        dict(loaded.keys),
        dict(loaded.extra),
    )


def save_theme(theme: str, *, path: Path | None = None, warnings: list[str] | None = None) -> None:
    """Remember the theme, keeping every other setting in the file.

    Raises `UserDataError` when a newer reader wrote the file.
    """

    def change(config: Config) -> None:
        config.theme = theme

    config_file(path, warnings).update(change)
