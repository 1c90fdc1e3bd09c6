"""`reader` with no command: open the app on the store.

Textual is imported here, lazily, and nowhere else in the command line: it
costs about 0.3 s, which `reader list` and `reader search` must not pay. The
store's index is opened in a thread first, so the two overlap.
"""

from __future__ import annotations

import argparse

from reader.cli.common import resolve_store, warn


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

    app = ReaderApp(root, config=config, config_warnings=warnings, loader=loader)
    app.run()
    return crash_report(app.crash, app.return_code)


def crash_report(crash: BaseException | None, return_code: int | None) -> int:
    """The exit status of the app, with one line on stderr when it crashed.

    Called after `run` has returned, so the terminal is already restored and
    the line is not drawn over by the app.
    """
    if crash is not None:
        name = type(crash).__name__
        warn(f"reader: unexpected {name} in the app: {crash} (READER_DEBUG=1 shows where)")
        return 1
    return return_code or 0
