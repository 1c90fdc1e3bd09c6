"""Every imported field obeys the store's hostile-input rules, whatever a source holds."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from import_helpers import front, load, posts

from reader.budgets import MAX_TITLE_CHARS
from reader.importers.run import run_import

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
hostile = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)
markup = st.sampled_from(["[bold]x[/bold]", "\x1b]52;c;AAAA\x07", "<script>x</script>", "\r\n"])
fields = st.lists(st.one_of(hostile, markup), min_size=1, max_size=3).map("".join)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "title": fields,
                "content_html": fields,
                "summary": fields,
                "tags": st.lists(fields, max_size=3),
                "authors": st.lists(st.fixed_dictionaries({"name": fields}), max_size=2),
                "url": fields,
            }
        ),
        min_size=1,
        max_size=4,
    ),
    st.integers(0, 3000),
)
def test_any_json_feed_imports_clean_loadable_posts(
    items: list[dict[str, object]], long: int
) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        for n, entry in enumerate(items):
            entry["id"] = f"id-{n}"
        items[0]["title"] = str(items[0]["title"]) + "t" * long
        source = folder / "feed.json"
        source.write_text(json.dumps({"items": items}), encoding="utf-8")
        into = folder / "store"
        run_import([str(source)], into)
        written = posts(into)
        assert len(written) == len(items)
        for path in written:
            data = front(path)
            one_line = [data["title"], *data["tags"], *data["authors"], data.get("permalink", "")]
            assert not any(CONTROL.search(text) or "\n" in text for text in one_line)
            assert len(data["title"]) <= MAX_TITLE_CHARS
            assert not CONTROL.search(path.read_text(encoding="utf-8").replace("\t", ""))
            post = load(path, into)
            assert post.title == data["title"] != ""
    finally:
        shutil.rmtree(folder)
