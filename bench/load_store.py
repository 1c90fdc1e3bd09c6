"""Time `load_store` on a folder: posts per second, best of 3 with a warm cache.

    python bench/load_store.py /tmp/store10k [--runs 3] [--profile]

The first (untimed) pass warms the operating system's file cache, so the
figure measures the reader, not the disk. The CPU time is printed too: on a
shared machine it moves far less than the wall clock.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.store import iter_post_files, load_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile run")
    args = parser.parse_args(argv)

    # Warm the file cache: read every file once without timing it.
    files = list(iter_post_files(args.store))
    started = time.perf_counter()
    for path in files:
        path.read_bytes()
    read_only = time.perf_counter() - started

    best = best_cpu = float("inf")
    contents = None
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        contents = load_store(args.store)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    assert contents is not None
    count = len(contents.posts)
    print(f"files: {len(files)}  posts: {count}  problems: {len(contents.problems)}")
    sources = Counter(post.date_source or "undated" for post in contents.posts)
    print("dates from: " + ", ".join(f"{name} {n:,}" for name, n in sources.most_common()))
    print(f"reading the files alone: {len(files) / read_only:,.0f} files/s")
    print(f"load_store best of {args.runs}: {best:.2f} s = {count / best:,.0f} posts/s")
    print(f"  CPU time, best of {args.runs}: {best_cpu:.2f} s = {count / best_cpu:,.0f} posts/s")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(load_store, args.store)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
