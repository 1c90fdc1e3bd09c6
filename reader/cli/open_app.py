"""`reader` with no command: open the app on the store.

Textual is imported here, lazily, and nowhere else in the command line: it
costs about 0.3 s, which `reader list` and `reader search` must not pay. The
store's index is opened in a thread first, so the two overlap.
"""

from __future__ import annotations

import argparse

from reader.cli.common import resolve_store


def run_app(args: argparse.Namespace) -> int:
    root = resolve_store(args)
    # The index opens in a thread while Textual is imported: SQLite works
    # while Python imports, and the first list paints sooner.
    from reader.tui.loading import IndexLoader

    loader = IndexLoader(root).start()
    # Settings are read before the first frame so the theme does not flicker.
    from reader.userdata.config import load_config

    warnings: list[str] = []
    config = load_config(warnings)

    from reader.tui.app import ReaderApp

    ReaderApp(root, config=config, config_warnings=warnings, loader=loader).run()
    return 0
