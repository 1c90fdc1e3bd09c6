"""Related posts: those sharing the most distinctive words, from the index."""

from __future__ import annotations

from pathlib import Path

from index_helpers import write_post

from reader.index import IndexCatalog, open_catalog, related_to
from reader.index.related import distinctive_terms, term_counts
from reader.model import Post

COMMON = "The team met today and talked about the plan for the week. "


def _store(root: Path) -> Path:
    # Every post shares the common words; two share rare ones.
    write_post(root, "a.md", "Marmots", COMMON + "Marmots whistle from the scree. Marmots.")
    write_post(root, "b.md", "On the scree", COMMON + "A marmot on scree, whistle and all.")
    for n in range(6):
        write_post(root, f"other{n}.md", f"Other {n}", COMMON * 2 + f"Nothing rare {n}.")
    write_post(root, "c.md", "Scree", COMMON + "Scree slopes.", date="2017-01-01")
    return root


def _post(catalog: IndexCatalog, post_id: str) -> Post:
    post = catalog.post(post_id)
    assert post is not None
    return post


def _related(catalog: IndexCatalog, post_id: str) -> list[str]:
    return [ref.id for ref in related_to(catalog, _post(catalog, post_id))]


def test_two_posts_sharing_rare_words_are_each_others_first_related_post(
    tmp_path: Path,
) -> None:
    catalog, _ = open_catalog(_store(tmp_path / "store"))
    assert _related(catalog, "a")[0] == "b"
    assert _related(catalog, "b")[0] == "a"
    # The post itself is never among them, and there are at most five.
    for post_id in ("a", "b", "c", "other0"):
        found = _related(catalog, post_id)
        assert post_id not in found and len(found) <= 5


def test_the_rarest_shared_words_are_the_distinctive_ones(tmp_path: Path) -> None:
    catalog, _ = open_catalog(_store(tmp_path / "store"))
    terms = distinctive_terms(catalog.query, _post(catalog, "a"))
    assert terms[:2] == ["whistle", "scree"] or terms[:2] == ["scree", "whistle"]
    assert "the" not in terms[:3]
    # A word no other post holds finds nothing, so it is left out.
    assert "marmots" not in terms


def test_related_is_the_same_answer_every_time(tmp_path: Path) -> None:
    catalog, _ = open_catalog(_store(tmp_path / "store"))
    first = _related(catalog, "other0")
    assert all(_related(catalog, "other0") == first for _ in range(3))
    again, _ = open_catalog(tmp_path / "store", rebuild=True)
    assert _related(again, "other0") == first


def test_words_are_counted_as_the_index_splits_them() -> None:
    post = Post(id="x", path="x.md", title="Café", body="café CAFÉ naïve_word 2024 ab")
    counts = term_counts(post)
    assert counts["cafe"] == 3
    assert counts["naive"] == 1 and counts["word"] == 1
    assert "2024" not in counts and "ab" not in counts


def test_a_post_sharing_no_word_has_no_related_post(tmp_path: Path) -> None:
    root = tmp_path / "store"
    write_post(root, "one.md", "Qwxz", "Vbnmq zxcvb.")
    write_post(root, "two.md", "Plokij", "Uhygtf rdeswa.")
    catalog, _ = open_catalog(root)
    assert _related(catalog, "one") == []
