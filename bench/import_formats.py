"""Import rate of a generated 10,000-entry feed and a generated 50 MB WordPress export.

    python bench/import_formats.py [--entries 10000] [--wxr-mb 50] [--keep DIR]

Each import runs in a child process, which reports its CPU time and its peak
memory (`resource.getrusage(RUSAGE_SELF).ru_maxrss`); beside it, the time a
child `python -c` takes merely to parse the same XML with the standard
library (`xml.etree.ElementTree.parse`), and to import it a second time (the
ledger finds nothing to write). The sources are deterministic.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from wxr_fixture import export, item

WORDS = [
    "charity",
    "trust",
    "leadership",
    "community",
    "volunteers",
    "funding",
    "lottery",
    "change",
    "people",
    "local",
    "digital",
    "young",
    "social",
    "impact",
    "grant",
    "partners",
    "research",
    "learning",
    "support",
    "place",
]

CHILD = """
import json, resource, sys, time
from pathlib import Path
from reader.importers.run import run_import
started, cpu = time.perf_counter(), time.process_time()
result = run_import([sys.argv[1]], Path(sys.argv[2]))
wall, cpu = time.perf_counter() - started, time.process_time() - cpu
plan = result.entries
print(json.dumps({
    "entries": len(plan.files) if plan else 0,
    "written": plan.count("write") if plan else 0,
    "wall": wall, "cpu": cpu,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

PARSE_ONLY = "import sys, xml.etree.ElementTree as ET; ET.parse(sys.argv[1])"


def paragraph(n: int, size: int) -> str:
    words = [WORDS[(n * 7 + i * 13) % len(WORDS)] for i in range(size)]
    return " ".join(words).capitalize() + "."


def write_feed(path: Path, entries: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>')
        out.write("<title>Generated</title><link>https://gen.example/</link>")
        for n in range(entries):
            day = f"{1 + n % 28:02d}"
            body = "".join(f"&lt;p&gt;{paragraph(n + k, 60)}&lt;/p&gt;" for k in range(4))
            out.write(
                f"<item><title>Entry {n} {WORDS[n % len(WORDS)]}</title>"
                f"<guid>https://gen.example/{n}</guid><link>https://gen.example/{n}</link>"
                f"<pubDate>Mon, {day} Jan 2024 10:00:00 GMT</pubDate>"
                f"<category>{WORDS[n % 5]}</category><description>{body}</description></item>\n"
            )
        out.write("</channel></rss>\n")


def write_wxr(path: Path, megabytes: int) -> int:
    head, tail = export("@ITEMS@").split("@ITEMS@")
    content = "\n\n".join(paragraph(k, 120) for k in range(12))
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        while out.tell() < megabytes * 1024 * 1024:
            out.write(item(count + 1, f"Post {count} {WORDS[count % len(WORDS)]}", content))
            count += 1
        out.write(tail)
    return count


def child(code: str, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, done.stdout


def measure(name: str, source: Path, into: Path) -> None:
    size = source.stat().st_size / 1024 / 1024
    parse_wall, _ = child(PARSE_ONLY, str(source))
    first_wall, first = child(CHILD, str(source), str(into))
    _again_wall, again = child(CHILD, str(source), str(into))
    one, two = json.loads(first), json.loads(again)
    print(f"{name}: {one['entries']:,} entries, {size:.1f} MB")
    print(
        f"  first import   {one['entries'] / one['wall']:8,.0f} entries/s"
        f"  ({one['wall']:.2f} s in the importer, {one['cpu']:.2f} s CPU,"
        f" {first_wall:.2f} s with start-up; peak {one['peak_mb']:.0f} MB)"
    )
    print(
        f"  re-import      {two['entries'] / two['wall']:8,.0f} entries/s"
        f"  ({two['wall']:.2f} s, {two['written']} written; peak {two['peak_mb']:.0f} MB)"
    )
    print(f"  python -c ElementTree.parse: {parse_wall:.2f} s with start-up")
    print(f"  first import / parse only: {first_wall / parse_wall:.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--wxr-mb", type=int, default=50)
    parser.add_argument("--keep", type=Path, help="a folder to keep the sources and stores in")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "feed.xml"
    write_feed(feed, args.entries)
    measure("RSS 2.0 feed", feed, folder / "feed-store")
    wxr = folder / "export.xml"
    write_wxr(wxr, args.wxr_mb)
    measure("WordPress export", wxr, folder / "wxr-store")
    print(f"(sources and stores in {folder})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
