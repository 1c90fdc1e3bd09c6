"""Where the reader keeps the user's files, and how those files name a store.

All three folders come from platformdirs (app name `reader`), so on Linux they
follow XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME. They are looked up on
every call rather than once at import, so a changed environment (tests, a
shell that exports XDG_* late) is honoured.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "reader"


def config_dir() -> Path:
    """config.toml, bookmarks.toml and searches.toml live here."""
    return platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    """The reading state (read/unread, scroll positions) lives here."""
    return platformdirs.user_data_path(APP_NAME)


def cache_dir() -> Path:
    """Derived data only (the search index): safe to delete."""
    return platformdirs.user_cache_path(APP_NAME)


def store_key(store_root: Path) -> str:
    """How every user file names a store: its absolute, resolved path.

    Resolving makes `./posts`, `posts/` and a symlink to the same folder one
    store, so a bookmark made from one spelling shows up under the others.
    `strict=False` lets a store that has since been deleted still get a key,
    so its bookmarks can be listed (as missing) and removed.
    """
    return str(store_root.expanduser().resolve(strict=False))
