"""Save docs/screenshot.svg: the app itself, on the sample posts, at 120x40.

Run from anywhere after a change to the screen: `python docs/make_screenshot.py`.
The user's own bookmarks, read posts and theme are kept out of the picture.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshot.svg"


async def shoot() -> None:
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.article import Article

    app = ReaderApp(ROOT / "posts")
    async with app.run_test(size=(120, 40)) as pilot:
        # Wait for the list, then for the article's last lines.
        for _ in range(200):
            await pilot.pause(0.05)
            # Not the store's follower: it runs until the app ends.
            working = [worker for worker in app.workers if worker.group != "follow"]
            if working:  # An empty list would mean every worker.
                await app.workers.wait_for_complete(working)
            article = app.screen.query_one(Article)
            if article.line_count > 10 and article.complete:
                break
        await pilot.pause(0.2)
        app.save_screenshot(OUTPUT.name, str(OUTPUT.parent))


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as home:
        for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            os.environ[name] = os.path.join(home, name.lower())
        asyncio.run(shoot())
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
