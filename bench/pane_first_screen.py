"""Time the article pane's first screen: CPU seconds to its first batch of lines.

    python bench/pane_first_screen.py [--width 88] [--runs 5]

The posts are `render_article.generated_post` at 45 KB (tables, code, links)
and 2 MB. The first batch is what the pane paints first (header and first
piece), made by the same code the pane's render worker runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_article import generated_post

from reader.model import Post
from reader.tui.article_batches import render_batches
from reader.tui.article_render import ArticleStyles


def first_batch(body: str, width: int, runs: int) -> float:
    """Median CPU seconds from asking for the post to its first batch."""
    post = Post(id="bench", path="bench.md", title="Bench", body=body)
    times: list[float] = []
    for _ in range(runs):
        start = time.process_time()
        next(iter(render_batches(post, None, width, ArticleStyles(), lambda: False)))
        times.append(time.process_time() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Print the first-screen time of a 45 KB and a 2 MB post."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--width", type=int, default=88)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    for label, size in (("45 KB", 45_000), ("2 MB", 2_000_000)):
        seconds = first_batch(generated_post(size), args.width, args.runs)
        print(f"{label}: first screen {seconds * 1000:.1f} ms CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
