"""`reader show` and `reader list` load only what their answer needs.

Each is a new process whose start is most of its cost: Pygments loads only
for a post with code in a named language, the index's refresh and HTML
parsing never for a plain Markdown post, and the front matter parsers never
for a list read from the index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from index_helpers import write_post


def loaded_after(code: str, cache: Path | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running `code` (the index
    in `cache`, when given)."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    env = {**os.environ, **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    argv = [sys.executable, "-c", script]
    done = subprocess.run(argv, capture_output=True, text=True, check=True, env=env)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _shown(body: str) -> set[str]:
    return loaded_after(
        "from reader.model import Post\n"
        "from reader.cli.posts_cmds import article_text\n"
        f"text = article_text(Post(id='a', path='a.md', title='T', body={body!r}), 80,"
        " styled=False)\n"
        "assert 'T' in text\n"
    )


def _roots(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_a_post_without_code_is_shown_without_pygments_the_refresh_or_html() -> None:
    loaded = _shown("Some *words*.\n\n    indented, no language\n\n```\nno language\n```\n")
    assert "pygments" not in _roots(loaded)
    assert "bs4" not in _roots(loaded)
    assert "reader.index.build" not in loaded


def test_a_post_with_code_in_a_language_is_highlighted() -> None:
    loaded = _shown("Some words.\n\n```python\nprint('hi')\n```\n")
    assert "pygments" in _roots(loaded)


def test_listing_from_the_index_loads_no_front_matter_parser(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write_post(store, "one.md", "One", "Words.")
    cache = tmp_path / "cache"
    loaded_after(
        "from pathlib import Path\nfrom reader.index import open_catalog\n"
        f"open_catalog(Path({str(store)!r}))\n",
        cache,
    )
    loaded = loaded_after(
        "from pathlib import Path\n"
        "from reader.index import IndexCatalog, listing_pages\n"
        f"catalog = IndexCatalog.open_existing(Path({str(store)!r}))\n"
        "assert catalog is not None\n"
        "pages = list(listing_pages(catalog, None, frozenset(), 'lines'))\n"
        "assert pages[0][0].endswith('\\tone\\tOne'), pages\n",
        cache,
    )
    assert not {"yaml", "tomllib", "reader.store", "reader.index.build"} & loaded
