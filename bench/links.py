"""What "Linked from" and "Related" cost on a store whose index is built.

    python bench/links.py STORE [--runs 5]

- the first build's share: the CPU of the scan of every body for links (in the parse workers)
  (`reader.index.links.named_targets`) and of making `posts_by_name` once the
  posts are in, each measured alone, beside the CPU of a whole first build
  of the same store by this tree, in the same run (`--build` runs that too,
  in a fresh process: at 100k posts it takes a minute);
- backlinks and related posts for posts sampled through the store (every
  5000th rowid, 20 at most): median, 90th percentile and worst, in ms.

The index lives where XDG_CACHE_HOME says: point it at a private folder.
Medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.index import IndexCatalog, linked_from, related_to
from reader.index.links import named_targets
from reader.index.schema import NAME_OF_ID, database_path

_BUILD = """
import json, resource, sys, time
from pathlib import Path
from reader.index import IndexCatalog
from reader.index.schema import database_path, remove
root = Path(sys.argv[1]).resolve()
remove(database_path(root))
t0 = time.process_time()
IndexCatalog.open(root).refresh()
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": time.process_time() - t0 + kids.ru_utime + kids.ru_stime}))
"""


def build_cpu(root: Path, cache: str) -> float:
    """CPU seconds (this process and its parse workers) of a first build, in a fresh process."""
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    here = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run(
        [sys.executable, "-c", _BUILD, str(root)],
        env=env,
        cwd=here,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(out.stdout)["cpu"])


def scan_cpu(root: Path) -> tuple[float, int]:
    """CPU seconds of `named_targets` over every post file's text, and the rows it made."""
    texts = [
        (path.relative_to(root).as_posix(), path.read_text("utf-8", "replace"))
        for path in sorted(root.rglob("*.md"))
    ]
    start = time.process_time()
    rows = sum(len(named_targets(rel, text)) for rel, text in texts)
    return time.process_time() - start, rows


def name_index_cpu(root: Path) -> float:
    """CPU seconds of making `posts_by_name` on a copy of the store's index."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "index.sqlite3"
        shutil.copy(database_path(root), copy)
        conn = sqlite3.connect(copy)
        conn.execute("DROP INDEX IF EXISTS posts_by_name")
        conn.commit()
        start = time.process_time()
        conn.execute(f"CREATE INDEX posts_by_name ON posts ({NAME_OF_ID})")
        conn.commit()
        conn.close()
        return time.process_time() - start


def query_times(root: Path, runs: int) -> None:
    catalog = IndexCatalog.open_existing(root)
    if catalog is None:
        raise SystemExit(f"{root}: no complete index; run `reader index` with this cache")
    ids = catalog.query("SELECT id FROM posts WHERE rowid % 5000 = 7 ORDER BY rowid LIMIT 20")
    posts = [post for (post_id,) in ids if (post := catalog.post(post_id)) is not None]
    for name, answer in (("linked from", linked_from), ("related", related_to)):
        answer(catalog, posts[0])  # the first call reads the pages it needs
        times: list[float] = []
        found = 0
        for _ in range(runs):
            for post in posts:
                start = time.perf_counter()
                found += len(answer(catalog, post))
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(
            f"{name:<12} {len(posts)} posts: median {statistics.median(times):.1f} ms,"
            f" p90 {times[int(len(times) * 0.9)]:.1f} ms, worst {times[-1]:.1f} ms,"
            f" {found / runs / len(posts):.1f} posts each"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", action="store_true", help="also time whole first builds")
    args = parser.parse_args(argv)
    root = args.store.resolve()
    cache = os.environ.get("XDG_CACHE_HOME", "")
    builds = [build_cpu(root, cache) for _ in range(args.runs)] if args.build else []
    scans = [scan_cpu(root) for _ in range(args.runs)]
    names = [name_index_cpu(root) for _ in range(args.runs)]
    scan, rows = statistics.median(s for s, _ in scans), scans[0][1]
    name = statistics.median(names)
    print(f"scan of every body: {scan:.3f} s CPU ({rows} link rows)")
    print(f"posts_by_name made at the end: {name:.3f} s CPU")
    if builds:
        build = statistics.median(builds)
        share = 100 * (scan + name) / build
        print(f"a whole first build: {build:.2f} s CPU; the links' share {share:.1f} %")
    query_times(root, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
