"""Time a first index build beside reading the same files with the same parallelism.

    python bench/build_speed.py STORE [--runs 5] [--cold] [--code DIR]... [--json]

Each run, in fresh processes and in turn (so a busy moment of the shared
machine falls on all of them alike):
- build: a first build of STORE's index from nothing into a private cache
  (XDG_CACHE_HOME under /tmp), through `IndexCatalog`, as `reader index`
  does: wall clock, CPU of the builder and of its parse workers, peak RSS;
- read: the reference, walking the store and reading every post file with
  as many processes as the build parses with (`default_workers()`), in the
  build's chunks, without parsing;
- with `--code DIR` (repeatable), the build again on the code in DIR (a
  `git archive` of another commit, say), as a second reference.

`--cold` evicts every file of the store from the page cache before each
build and read (`posix_fadvise(POSIX_FADV_DONTNEED)`, which needs no
write access), so both come from the disk; otherwise one untimed read puts
the files in the cache first. Medians are printed, with every run's figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Each child prints one JSON object. argv: store, "cold" or "warm".
_EVICT = """
import os
def files_of(root):
    from reader.index.build import scan
    return [f"{root}/{rel}" for rel, _, _ in scan(root)[0]]
def evict(paths):
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
def warm(paths):
    for path in paths:
        with open(path, "rb") as file:
            file.read()
"""

_CHILD_BUILD = (
    _EVICT
    + """
import json, resource, sys, time
from pathlib import Path
from reader.index import IndexCatalog
from reader.index.schema import database_path, remove
root = Path(sys.argv[1]).resolve()
remove(database_path(root))
paths = files_of(root)
evict(paths) if sys.argv[2] == "cold" else warm(paths)
del paths
t0 = time.perf_counter()
catalog = IndexCatalog.open(root)
catalog.refresh()
wall = time.perf_counter() - t0
own = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "posts": catalog.total(), "wall": wall,
    "cpu": own.ru_utime + own.ru_stime, "cpu_workers": kids.ru_utime + kids.ru_stime,
    "rss_mb": own.ru_maxrss / 1024, "db_mb": database_path(root).stat().st_size / 1e6,
}))
"""
)

_CHILD_READ = (
    _EVICT
    + """
import json, multiprocessing, sys, time
from pathlib import Path
from reader.index.build import _CHUNK, default_workers, scan
def read(chunk):
    size = 0
    for path in chunk:
        with open(path, "rb") as file:
            size += len(file.read())
    return size
root = Path(sys.argv[1]).resolve()
paths = files_of(root)
evict(paths) if sys.argv[2] == "cold" else warm(paths)
del paths
workers = default_workers()
t0 = time.perf_counter()
files = [f"{root}/{rel}" for rel, _, _ in scan(root)[0]]
chunks = [files[i : i + _CHUNK] for i in range(0, len(files), _CHUNK)]
with multiprocessing.get_context("fork").Pool(workers) as pool:
    size = sum(pool.imap(read, chunks))
print(json.dumps({"posts": len(files), "wall": time.perf_counter() - t0, "workers": workers,
                  "mb": size / 1e6}))
"""
)


def child(code: str, store: Path, cold: bool, path: Path, cache: Path) -> dict[str, float]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(path)}
    argv = [sys.executable, "-c", code, str(store), "cold" if cold else "warm"]
    # From /: `python -c` puts the current folder first on the path, which
    # would import the reader of the folder it was started from instead.
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, cwd="/")
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(
    store: Path, runs: int, cold: bool, others: list[Path]
) -> dict[str, list[dict[str, float]]]:
    """Every run's figures: the build on this code, the read, each other code's build."""
    out: dict[str, list[dict[str, float]]] = {"build": [], "read": []}
    for other in others:
        out[f"build {other}"] = []
    with tempfile.TemporaryDirectory(prefix="reader-build-speed-") as cache:
        for _ in range(runs):
            out["build"].append(child(_CHILD_BUILD, store, cold, ROOT, Path(cache)))
            out["read"].append(child(_CHILD_READ, store, cold, ROOT, Path(cache)))
            for other in others:
                figures = child(_CHILD_BUILD, store, cold, other, Path(cache) / "other")
                out[f"build {other}"].append(figures)
    return out


def report(figures: dict[str, list[dict[str, float]]], cold: bool) -> str:
    """Lines of medians, each build beside the read of the same runs."""
    read = statistics.median(run["wall"] for run in figures["read"])
    posts = figures["read"][0]["posts"]
    workers = int(figures["read"][0]["workers"])
    state = "cold (evicted)" if cold else "in the page cache"
    lines = [
        f"files {state}, {len(figures['read'])} runs, medians; {workers} parse worker(s)",
        f"  read every file ({workers} process(es)) {read:7.2f} s  {posts / read:8.0f} posts/s",
    ]
    for name, runs in figures.items():
        if not name.startswith("build"):
            continue
        wall = statistics.median(run["wall"] for run in runs)
        cpu = statistics.median(run["cpu"] for run in runs)
        workers_cpu = statistics.median(run["cpu_workers"] for run in runs)
        rss = statistics.median(run["rss_mb"] for run in runs)
        walls = ", ".join(f"{run['wall']:.1f}" for run in runs)
        label = "first build" + name[len("build") :]
        lines.append(
            f"  {label:34} {wall:7.2f} s  {runs[0]['posts'] / wall:8.0f} posts/s"
            f"  {wall / read:5.2f}× the read; CPU {cpu:.1f} s + workers {workers_cpu:.1f} s;"
            f" RSS {rss:.0f} MB; index {runs[0]['db_mb']:.0f} MB; runs {walls} s"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="evict the files before each run")
    parser.add_argument("--code", type=Path, action="append", default=[], help="other code")
    parser.add_argument("--json", action="store_true", help="also print every run's figures")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    figures = measure(args.store.resolve(), args.runs, args.cold, [p.resolve() for p in args.code])
    print(report(figures, args.cold))
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
