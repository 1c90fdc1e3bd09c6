"""Live reload: how soon a new post is in the index, and what watching costs the app.

    python bench/live_reload.py STORE [--runs 5]

STORE is written to (one post added and removed per run): use a generated
copy (`bench/generate.py --out /tmp/store10k`), never a store you keep;
`--stalls-only` writes nothing.
Measured in one run, each beside its reference:

- from writing a post to `reader index --watch`'s line about it, beside a
  refresh of the same index with nothing changed (what each change costs at least);
- the longest stall of another thread of this process while the watch is set up
  in the watcher process, beside the longest stall with nothing set up.
Medians of `--runs`.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

POST = '+++\ntitle = "Live {n}"\ndate = 2030-01-01\ntags = ["live"]\n+++\n\nA new post.\n'


def line_reader(stream: object) -> queue.Queue[tuple[float, str]]:
    lines: queue.Queue[tuple[float, str]] = queue.Queue()

    def pump() -> None:
        for line in stream:  # type: ignore[attr-defined]
            lines.put((time.perf_counter(), line.rstrip("\n")))

    threading.Thread(target=pump, daemon=True).start()
    return lines


def wait_line(lines: queue.Queue[tuple[float, str]], wanted: str) -> float:
    while True:
        at, line = lines.get(timeout=120)
        if wanted in line:
            return at


def latencies(store: Path, runs: int) -> list[float]:
    command = [sys.executable, "-m", "reader", "--store", str(store), "index", "--watch"]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = line_reader(child.stderr)
    wait_line(lines, "for changes")
    found = []
    try:
        for n in range(runs):
            path = store / f"live-bench-{n}.md"
            start = time.perf_counter()
            path.write_text(POST.format(n=n), encoding="utf-8")
            found.append(wait_line(lines, "1 added") - start)
            path.unlink()
            wait_line(lines, "1 removed")
    finally:
        child.terminate()
        child.wait()
    return found


def idle_refreshes(store: Path, runs: int) -> list[float]:
    from reader.index import IndexCatalog

    catalog = IndexCatalog.open(store)
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        catalog.refresh()
        took.append(time.perf_counter() - start)
    catalog.close()
    return took


def longest_stall(setup: str, store: Path) -> float:
    """The longest gap between a 5 ms ticker's wake-ups while the watch is set up in
    the watcher process (`child`), in this one (`here`, as watchfiles does), or not (`none`)."""
    from reader import store_watch

    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    stop = threading.Event()
    if setup == "child":
        for _ in store_watch.changes(store, stop, ready=stop.set):
            pass
    elif setup == "here":
        from watchfiles import watch

        for _ in watch(store, stop_event=stop, rust_timeout=250, yield_on_timeout=True):
            stop.set()
    else:
        time.sleep(2.0)
    done.set()
    ticker.join()
    return max(gaps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--stalls-only", action="store_true", help="write nothing, build no index: stalls only"
    )
    args = parser.parse_args()
    store = args.store.resolve()
    files = sum(len(names) for _, _, names in os.walk(store))
    print(f"store {store}: {files:,} files")
    if not args.stalls_only:
        idle_refreshes(store, 1)  # Builds the index if need be; warms the page cache.
        found = latencies(store, args.runs)
        idle = idle_refreshes(store, args.runs)
        print(
            f"new post to its line: median {statistics.median(found):.2f} s"
            f" (runs {', '.join(f'{t:.2f}' for t in found)});"
            f" refresh with nothing changed {statistics.median(idle):.2f} s"
        )
    stalls = {
        setup: statistics.median(longest_stall(setup, store) for _ in range(args.runs)) * 1000
        for setup in ("child", "none", "here")
    }
    print(
        f"longest stall of another thread while the watch is set up: {stalls['child']:.0f} ms"
        f" (nothing set up: {stalls['none']:.0f} ms; set up in this process, as watchfiles"
        f" alone does: {stalls['here']:.0f} ms), medians"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
