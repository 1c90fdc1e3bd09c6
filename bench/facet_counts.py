"""Time the index's answer with every facet group counted, as a sidebar would ask.

    python bench/generate.py --posts 100000 --out /tmp/store100k
    python bench/facet_counts.py /tmp/store100k

Builds or refreshes the store's index first (not timed), warms the caches as
the app does, then for each filter prints the median and worst of 5 runs of
`select` plus reading the first screen of rows (tags counted, as the app
asks today), then with all four facet groups counted, in CPU time. The
budget is the app's: 50 ms per answer at 100k posts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.catalog import FACET_GROUPS, Filter, Marks
from reader.index import open_catalog

BUDGET_MS = 50.0


def timed(catalog: object, wanted: Filter) -> tuple[float, float, int]:
    """Median CPU milliseconds of 5 answers, without and with the other facet
    groups counted (tags always are), and the rows answered.

    CPU time, not wall time: on a machine shared with other work the wall
    clock measures the neighbours too."""
    bare, full = [], []
    rows = 0
    for _ in range(5):
        start = time.process_time()
        selection = catalog.select(wanted, Marks())  # type: ignore[attr-defined]
        selection.rows[0:60]
        bare.append((time.process_time() - start) * 1000)
        for group in FACET_GROUPS:
            selection.facets[group]
        full.append((time.process_time() - start) * 1000)
        rows = len(selection.rows)
    return statistics.median(bare), statistics.median(full), rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    args = parser.parse_args(argv)
    catalog, _ = open_catalog(args.store)
    groups = catalog.all_facets()
    top = {group: counts[0][0] for group, counts in groups.items() if counts}
    middle = {group: counts[len(counts) // 2][0] for group, counts in groups.items() if counts}
    filters = {
        "everything": Filter(),
        "biggest tag": Filter(tags=(top["tags"],)),
        "word in many posts": Filter(query="the"),
    }
    if "sections" in top:
        filters["biggest section"] = Filter(sections=(top["sections"],))
    if "authors" in top:
        filters["a middle author"] = Filter(authors=(middle["authors"],))
    if "years" in top:
        filters["a year"] = Filter(years=(int(top["years"]),))
        filters["not that year"] = Filter(exclude_years=(int(top["years"]),))
    filters["section:, year: typed"] = Filter(
        query=" ".join(
            f"{name}:{top[group]}" for group, name in (("sections", "section"), ("years", "year"))
            if group in top and " " not in top[group]
        )
    )  # fmt: skip
    print(f"{catalog.total()} posts; CPU ms, median of 5: tags counted / every group counted")
    failed = False
    for label, wanted in filters.items():
        bare, full, rows = timed(catalog, wanted)
        over = full > BUDGET_MS
        failed |= over
        mark = "  <- over the budget" if over else ""
        print(f"{label:<24} {rows:>7} rows {bare:>7.1f} ms {full:>7.1f} ms{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
