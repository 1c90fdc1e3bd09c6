"""Time searches and tag switches through the app, as a user feels them.

    python bench/app_search.py STORE [--runs 5] [--open-groups] [--during-refresh] [--settle 5]

Runs the app headless on STORE (its index should exist: set XDG_CACHE_HOME to
the cache the index was built in), waits for the start-up refresh, then for
each change sets the screen's filter and times how long until the post list
receives the new rows (`PostList.watch_listing`). Each change starts from
where a user makes it, and from a different list, so every change is a real
one: a tag switch from another tag's posts (the search box stays as it is),
a search from another search (the box's text changes), and a tag chosen
while a search is in the box (the box empties, as the harness once measured
every tag change).
Prints median, best and worst, and the median CPU time the process (every
thread) spent meanwhile: on a busy machine the wall clock also counts the
time other processes held the cores (with `--during-refresh`, the CPU counts
the refresh's thread too). A change whose rows never come is a failure, not a time.

`--during-refresh` measures while the index is being refreshed, as the
start-up refresh does (checking every file's size and time, in a thread
beside the queries): the refresh runs again and again until the last change
is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTLE = 5.0
"""Seconds for the start-up refresh of a 100k store to finish."""
WAIT = 10.0
"""Seconds to wait for the list's new rows before calling it a failure."""


class NeverShown(RuntimeError):
    """The post list did not receive the new rows in time: no figure exists."""


def changes(store: Path) -> list[tuple[str, object, object]]:
    """Each change measured: its label, the filter it asks for, and where it starts."""
    from reader.catalog import Filter
    from reader.index import IndexCatalog

    catalog = IndexCatalog.open_existing(store)
    if catalog is None:
        raise SystemExit(f"{store}: no index yet; run `reader index --store {store}` first")
    tags = [tag for tag, _ in catalog.all_tags()]
    middle, small = tags[min(len(tags) - 1, 5)], tags[len(tags) // 2]
    catalog.close()
    other_tag, nothing = Filter(tags=(small,)), Filter(query="zzqqxx")
    return [
        (f"tag {tags[0]} (the biggest)", Filter(tags=(tags[0],)), other_tag),
        (f"tag {middle}", Filter(tags=(middle,)), other_tag),
        ("word leadership", Filter(query="leadership"), nothing),
        ("prefix gain*", Filter(query="gain*"), nothing),
        (f"tag {tags[0]}, a search in the box", Filter(tags=(tags[0],)), nothing),
    ]


def keep_refreshing(catalog: object, stop: threading.Event) -> threading.Thread:
    """Refresh `catalog` over and over in a thread until `stop` is set."""

    def run() -> None:
        while not stop.is_set():
            catalog.refresh()  # type: ignore[attr-defined]

    thread = threading.Thread(target=run, name="bench-refresh", daemon=True)
    thread.start()
    return thread


async def measure(
    store: Path,
    runs: int,
    open_groups: bool = False,
    during_refresh: bool = False,
    settle: float = SETTLE,
) -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.screens import main as main_screen
    from reader.tui.widgets import post_list

    main_screen.TYPING_DELAY = 0.0  # the typing pause is not the query's cost
    shown: list[float] = [0.0, 0.0]  # wall clock, and the process's CPU time
    # The post list receiving its new rows is what the user sees change.
    original = post_list.PostList.watch_listing

    arrived = asyncio.Event()

    def timed_update(self: post_list.PostList, old: object, new: object) -> None:
        shown[0], shown[1] = time.perf_counter(), time.process_time()
        arrived.set()
        original(self, old, new)  # type: ignore[arg-type]

    post_list.PostList.watch_listing = timed_update  # type: ignore[method-assign,assignment]
    app = ReaderApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.sleep(settle)
        screen = app.screen
        if open_groups:
            # Every facet group open in the sidebar: each is counted with every answer.
            from reader.catalog import FACET_GROUPS

            session = screen.session  # type: ignore[attr-defined]
            for group in FACET_GROUPS:
                session = session.with_open(group, True)
            screen.set_session(session)  # type: ignore[attr-defined]
            await pilot.pause(1.0)
        stop = threading.Event()
        catalog = screen.catalog  # type: ignore[attr-defined]
        refreshing = keep_refreshing(catalog, stop) if during_refresh else None
        for label, wanted, start in changes(store):
            times, cpu = [], []
            for _ in range(runs):
                screen.wanted = start  # type: ignore[attr-defined]
                await pilot.pause(0.5)
                arrived.clear()
                started, started_cpu = time.perf_counter(), time.process_time()
                screen.wanted = wanted  # type: ignore[attr-defined]
                # Woken by the list itself: polling here would take the
                # interpreter from the query's thread a thousand times a second.
                while shown[0] < started:
                    try:
                        await asyncio.wait_for(arrived.wait(), WAIT)
                    except TimeoutError:
                        # A timeout is a failure, never a time: the rows
                        # never came, and `shown` still holds an old stamp.
                        raise NeverShown(f"{label}: no rows shown within {WAIT:.0f} s") from None
                    arrived.clear()
                times.append((shown[0] - started) * 1000)
                cpu.append((shown[1] - started_cpu) * 1000)
                await pilot.pause(0.3)
            median = statistics.median(times)
            print(
                f"{label:40} median {median:5.0f} ms   best {min(times):5.0f} ms"
                f"   worst {max(times):5.0f} ms   CPU {statistics.median(cpu):5.0f} ms"
            )
        stop.set()
        if refreshing is not None:
            refreshing.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--open-groups", action="store_true", help="open every facet group in the sidebar first"
    )
    parser.add_argument(
        "--during-refresh", action="store_true", help="measure while the index is refreshed"
    )
    parser.add_argument(
        "--settle", type=float, default=SETTLE, help="seconds for the start-up refresh (1M: 30)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    home = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    # The user's bookmarks and reading state stay out of it.
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    try:
        asyncio.run(
            measure(
                args.store.resolve(), args.runs, args.open_groups, args.during_refresh, args.settle
            )
        )
    except NeverShown as error:
        raise SystemExit(f"app_search: {error}") from None


if __name__ == "__main__":
    main()
