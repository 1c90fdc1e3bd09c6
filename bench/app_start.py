"""Time the app: process start to the first painted post list, and a 2 MB post's first screen.

    python bench/app_start.py STORE [--runs 3]
    python bench/app_start.py STORE --huge-post [--runs 3]
    python bench/app_start.py STORE [--against CHECKOUT [--against-cache DIR]]... [--runs 5]
    python bench/app_start.py STORE --rest 10   # also the app's RSS 10 s after its first paint

Each run is a fresh process running the app headless at 120x40; the time is
measured from just before the process is spawned (so Python's start-up and
Textual's import count) to the end of the first screen refresh that shows
the rows.

It measures a WARM start: the store's index already exists (in
XDG_CACHE_HOME, which is passed through: point it at a cache that holds the
index to skip building it). An untimed first run builds the index if there
is none and warms the file cache. With --huge-post the store gets no new files: pass one made by
`bench/generate.py --huge-post`; the figure is from asking for the 2 MB post
to the end of the refresh that paints its first lines. The last line of
output is the summary (bench/run.py reads it).

With --against (repeatable), the same runs are made with the code of other
checkouts (their `reader` package, driven by this script's own timing
child), taking turns run by run so all see the same machine; their summary
lines come first. The n-th --against-cache is the n-th checkout's
XDG_CACHE_HOME (default: this checkout's): two schema versions sharing one
cache would rebuild each other's index on every run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bytecode import write_bytecode

ROOT = Path(__file__).resolve().parent.parent
HUGE_ID = "huge/a-very-long-post"
SETTLE = 3.0
"""Seconds after the first paint before the 2 MB post is asked for: the
start-up refresh of a 100k store takes about 1.5 s."""


@dataclass(frozen=True)
class Code:
    """A checkout whose `reader` package is measured, and the cache that holds its index."""

    root: Path
    cache: str | None
    """XDG_CACHE_HOME for its runs (None: as this process has it)."""


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(store: Path, huge: bool, code: Path, rest: float = 0.0) -> None:
    """Run the app; print `painted <epoch seconds>` (and `huge <seconds>`), then quit.

    Starts the way `reader` does (reader/cli/open_app.py): the index opens in a
    thread before Textual is imported.
    """
    sys.path.insert(0, str(code))
    from reader.tui.loading import IndexLoader

    loader = IndexLoader(store).start()
    from reader.tui.app import ReaderApp
    from reader.tui.screens.main import MainScreen
    from reader.tui.widgets.article import Article
    from reader.tui.widgets.post_list import PostList

    class TimedApp(ReaderApp):
        def on_ready(self) -> None:
            self._huge_asked: float | None = None
            self.set_interval(0.002, self._poll)

        def _poll(self) -> None:
            screen = self.screen
            if not isinstance(screen, MainScreen):
                return
            posts = screen.query_one(PostList)
            if self._huge_asked is None and posts.selection.rows:
                # The rows are in; the next refresh paints them.
                self._huge_asked = 0.0
                self.call_after_refresh(self._painted)
            elif self._huge_asked and self._huge_asked > 0:
                article = screen.query_one(Article)
                post = article.data.post
                if post is not None and post.id == HUGE_ID and article.line_count > 20:
                    self._huge_asked, asked = -1.0, self._huge_asked
                    self.call_after_refresh(self._huge_painted, asked)

        def _painted(self) -> None:
            print(f"painted {time.time():.6f}", flush=True)
            if rest > 0 and not huge:
                # At rest: the start-up refresh done, the caches it warms filled.
                self.set_timer(rest, self._at_rest)
                return
            if not huge:
                self.exit()
                return
            # Let the start-up refresh finish and another post be shown first
            # (the 2 MB post is the newest, so it is on screen at start).
            self.set_timer(SETTLE, self._show_another)

        def _at_rest(self) -> None:
            print(f"rss {_rss_mb():.1f}", flush=True)
            self.exit()

        def _show_another(self) -> None:
            screen = self.screen
            assert isinstance(screen, MainScreen)
            rows = screen.query_one(PostList).selection.rows
            other = next(row.id for row in rows[:5] if row.id != HUGE_ID)
            screen.show_post(other)
            self.set_timer(1.0, self._ask_huge)

        def _ask_huge(self) -> None:
            screen = self.screen
            assert isinstance(screen, MainScreen)
            self._huge_asked = time.perf_counter()
            screen.show_post(HUGE_ID)

        def _huge_painted(self, asked: float) -> None:
            print(f"huge {time.perf_counter() - asked:.6f}", flush=True)
            self.exit()

    TimedApp(store, loader=loader).run(headless=True, size=(120, 40))


def one_run(
    store: Path, huge: bool, home: Path, code: Code, rest: float = 0.0
) -> tuple[float, float | None, float | None]:
    """One timed start of the app on `code`: (first painted list, 2 MB post's first screen)."""
    # The user's bookmarks and reading state stay out of it (and untouched).
    env = {
        **os.environ,
        "PYTHONPATH": str(code.root),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    if code.cache is not None:
        env["XDG_CACHE_HOME"] = code.cache
    argv = [sys.executable, str(Path(__file__).resolve()), str(store), "--child"]
    argv += ["--code", str(code.root)]
    if huge:
        argv.append("--huge-post")
    if rest > 0:
        argv += ["--rest", str(rest)]
    started = time.time()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, check=False)
    painted = huge_first = rss = None
    for line in done.stdout.splitlines():
        word, _, value = line.partition(" ")
        if word == "painted":
            painted = float(value) - started
        elif word == "rss":
            rss = float(value)
        elif word == "huge":
            huge_first = float(value)
    if painted is None:
        raise SystemExit(f"the app did not paint its list:\n{done.stderr[-2000:]}")
    return painted, huge_first, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--huge-post", action="store_true", help=f"also open {HUGE_ID}")
    parser.add_argument(
        "--against",
        type=Path,
        action="append",
        default=[],
        help="another checkout to measure in the same run, turn about (repeatable)",
    )
    parser.add_argument(
        "--against-cache",
        action="append",
        default=[],
        help="XDG_CACHE_HOME for the n-th --against's index (default: ours)",
    )
    parser.add_argument(
        "--rest", type=float, default=0.0, help="seconds after the first paint to read the RSS"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.store, args.huge_post, args.code, args.rest)
        return 0
    if args.huge_post and not any(args.store.glob("huge/*.md")):
        raise SystemExit(f"{args.store}: no huge post; make one with bench/generate.py --huge-post")
    if len(args.against_cache) > len(args.against):
        raise SystemExit("--against-cache: more caches than --against checkouts")
    caches = args.against_cache + [None] * (len(args.against) - len(args.against_cache))
    codes = []
    for against, cache in zip(args.against, caches, strict=True):
        other = against.resolve()
        if not (other / "reader" / "tui" / "app.py").is_file():
            raise SystemExit(f"{other}: not a checkout of reader (no reader/tui/app.py)")
        codes.append(Code(other, cache))
    codes.append(Code(ROOT, None))
    write_bytecode(*(code.root for code in codes))
    with tempfile.TemporaryDirectory() as home:
        return measure(args.store, args.runs, args.huge_post, Path(home), codes, args.rest)


def measure(
    store: Path, runs: int, huge: bool, home: Path, codes: list[Code], rest: float = 0.0
) -> int:
    """Time `runs` starts of each of `codes`, turn about; print a summary line for each."""
    for code in codes:
        # Builds the index if missing, warms the file cache; not counted.
        one_run(store, False, home, code)
    starts: dict[Path, list[float]] = {code.root: [] for code in codes}
    firsts: dict[Path, list[float]] = {code.root: [] for code in codes}
    rests: dict[Path, list[float]] = {code.root: [] for code in codes}
    for turn in range(runs):
        # Who goes first changes every run: neither always follows the other.
        for code in codes if turn % 2 == 0 else codes[::-1]:
            painted, huge_first, rss = one_run(store, huge, home, code, rest)
            starts[code.root].append(painted)
            if rss is not None:
                rests[code.root].append(rss)
            if huge_first is not None:
                firsts[code.root].append(huge_first)
            print(f"  run ({code.root}): first painted list {painted:.3f} s", end="")
            print(
                f", 2 MB post first screen {huge_first * 1000:.0f} ms" if huge_first else "", end=""
            )
            print(f", RSS {rss:.0f} MB {rest:g} s later" if rss is not None else "")
    for code in codes:
        line = summary(starts[code.root], firsts[code.root], runs, code.root)
        if rests[code.root]:
            median_rss = statistics.median(rests[code.root])
            line += f"; RSS at rest ({rest:g} s after): median {median_rss:.0f} MB"
        print(line)
    return 0


def summary(starts: list[float], firsts: list[float], runs: int, code: Path) -> str:
    """One checkout's line: the median start (and the 2 MB post's first screen)."""
    line = f"start to first painted list: median {statistics.median(starts):.3f} s"
    line += f" (best {min(starts):.3f} s, {runs} runs)"
    if firsts:
        line += f"; 2 MB post first screen: median {statistics.median(firsts) * 1000:.0f} ms"
    return line if code == ROOT else f"{line} [{code}]"


if __name__ == "__main__":
    raise SystemExit(main())
