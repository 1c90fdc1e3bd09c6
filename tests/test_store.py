"""Loading whole stores: real blog layouts, walking, ordering, ids."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from reader.model import Post, date_sort_key
from reader.store import (
    StoreContents,
    iter_post_files,
    load_store,
    read_post,
    resolve_post_id,
)

STORES = Path(__file__).resolve().parent / "fixtures" / "stores"
ROOT = Path(__file__).resolve().parent.parent


def by_id(contents: StoreContents) -> dict[str, Post]:
    return {post.id: post for post in contents.posts}


def test_markdown_suffixes_load_and_others_do_not(tmp_path: Path) -> None:
    for name in ("a.md", "b.markdown", "c.mdx", "d.MD", "e.txt", "f.md.bak", "g.html"):
        (tmp_path / name).write_text(f"# {name}\n\nBody.\n", encoding="utf-8")
    assert sorted(post.id for post in load_store(tmp_path).posts) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("name", ["hugo", "jekyll", "zola", "obsidian"])
def test_every_fixture_post_loads_with_a_title(name: str) -> None:
    contents = load_store(STORES / name)
    assert contents.problems == []
    assert contents.posts
    for post in contents.posts:
        assert post.title.strip(), post.id
        assert post.body.strip(), post.id


def test_hugo_store() -> None:
    posts = by_id(load_store(STORES / "hugo"))
    assert set(posts) == {"content/posts/first-post", "content/posts/second-post", "content/about"}
    bundle = posts["content/posts/first-post"]
    assert bundle.path == "content/posts/first-post/index.md"
    assert bundle.title == "My first post: a beginning"
    assert bundle.date == dt.datetime(2019, 3, 4, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert bundle.updated == dt.date(2019, 4, 1)
    assert bundle.tags == ("hugo", "writing", "Meta")
    assert bundle.authors == ("Sam Chen",)
    second = posts["content/posts/second-post"]
    assert second.updated == dt.datetime(2020, 2, 1, 8, tzinfo=dt.UTC)
    assert second.tags == ("hugo", "notes")
    assert second.extra == {"params": {"mood": "cheerful"}}
    about = posts["content/about"]
    assert about.date == dt.date(2018, 11, 2)
    assert about.body == "This blog is built with Hugo.\n"


def test_jekyll_store() -> None:
    posts = by_id(load_store(STORES / "jekyll"))
    generous = posts["_posts/2016-09-13-generous-leadership"]
    assert generous.title == "Generous leadership"
    assert generous.date == dt.date(2016, 9, 13)
    assert generous.tags == ("change", "value", "leadership")
    assert generous.authors == ("Dawn Austwick",)
    assert generous.extra == {"layout": "post"}
    social = posts["_posts/2017-02-14-social-change"]
    assert social.date == dt.datetime(2017, 2, 14, 10, tzinfo=dt.UTC)
    assert social.tags == ("policy", "social", "change")
    assert social.extra["comments"] is True
    assert social.permalink == "/2017/social-change/"
    assert posts["_drafts/untitled-idea"].date is None


def test_zola_store_with_bom_crlf_and_section_pages_skipped() -> None:
    contents = load_store(STORES / "zola")
    posts = by_id(contents)
    assert set(posts) == {"content/blog/hello-zola", "content/blog/bundle"}
    hello = posts["content/blog/hello-zola"]
    assert hello.title == "Hello, Zola"
    assert hello.date == dt.date(2021, 6, 1)
    assert hello.updated == dt.date(2021, 6, 20)
    assert hello.tags == ("zola", "rust", "news")
    assert hello.extra["posted_by"] == "Clore Social Leadership"
    assert "\r" not in hello.body
    bundle = posts["content/blog/bundle"]
    assert bundle.date == dt.datetime(2022, 2, 2, 10, 20, 30)
    assert bundle.authors == ("Mei Patel",)


def test_obsidian_vault() -> None:
    posts = by_id(load_store(STORES / "obsidian"))
    assert set(posts) == {"Notes/My First Note", "Daily/2023-05-01", "Ideas/reading-list"}
    note = posts["Notes/My First Note"]
    assert (note.title, note.title_source) == ("My First Note", "heading")
    daily = posts["Daily/2023-05-01"]
    assert (daily.title, daily.title_source) == ("2023-05-01", "filename")
    assert daily.date == dt.date(2023, 5, 1)
    ideas = posts["Ideas/reading-list"]
    assert ideas.title == "reading list"
    assert ideas.tags == ("books", "ideas")
    assert ideas.date == dt.date(2023, 5, 2)


def test_iter_post_files_is_absolute_ordered_and_skips_hidden_and_other_files() -> None:
    files = list(iter_post_files(STORES / "obsidian"))
    assert all(path.is_absolute() for path in files)
    rel = [path.relative_to(STORES / "obsidian").as_posix() for path in files]
    assert rel == ["Daily/2023-05-01.md", "Ideas/reading-list.md", "Notes/My First Note.md"]
    hugo = [p.name for p in iter_post_files(STORES / "hugo")]
    assert "photo.jpg" not in hugo and "_index.md" not in hugo


def test_posts_sorted_newest_first_then_by_id(tmp_path: Path) -> None:
    posts = {
        "b.md": "+++\ndate = 2020-01-01\n+++\n",
        "a.md": "+++\ndate = 2020-01-01\n+++\n",
        "c.md": "+++\ndate = 2020-01-01T12:00:00+05:00\n+++\n",
        "d.md": "+++\ndate = 2021-05-05\n+++\n",
        "undated.md": "text",
        "2019-01-01-e.md": "text",
    }
    for name, text in posts.items():
        (tmp_path / name).write_text(text)
    contents = load_store(tmp_path)
    assert [post.id for post in contents.posts] == ["d", "c", "a", "b", "2019-01-01-e", "undated"]
    keys = [date_sort_key(post.date) for post in contents.posts]
    assert keys == sorted(keys, reverse=True)


def test_same_id_twice_keeps_the_first_and_reports_the_other(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a.md").write_text("# File\n")
    (tmp_path / "a" / "index.md").write_text("# Bundle\n")
    contents = load_store(tmp_path)
    # Walk order is name order, and the folder `a` sorts before `a.md`.
    assert [(post.id, post.title) for post in contents.posts] == [("a", "Bundle")]
    assert [str(p) for p in contents.problems] == [
        "a.md: id 'a' already used by a/index.md; skipped"
    ]


def test_read_post_names_the_file_relative_to_the_store() -> None:
    root = STORES / "jekyll"
    post, problems = read_post(root, root / "_posts" / "2017-02-14-social-change.md")
    assert problems == []
    assert post is not None and post.path == "_posts/2017-02-14-social-change.md"
    missing, problems = read_post(root, root / "nope.md")
    assert missing is None
    assert str(problems[0]).startswith("nope.md: cannot read")


IDS = ["2016/generous", "2016/generous-2", "2017/change", "notes/a", "notes/b", "notes/c"]


def test_resolve_exact_id_even_when_it_is_also_a_prefix() -> None:
    assert resolve_post_id(IDS, "2016/generous") == "2016/generous"


def test_resolve_unique_prefix_and_file_path() -> None:
    assert resolve_post_id(IDS, "2017") == "2017/change"
    assert resolve_post_id(IDS, "2016/generous-") == "2016/generous-2"
    assert resolve_post_id(IDS, "notes/a.md") == "notes/a"


def test_resolve_errors() -> None:
    with pytest.raises(LookupError, match=r"^no post matches 'zzz'$"):
        resolve_post_id(IDS, "zzz")
    with pytest.raises(LookupError) as caught:
        resolve_post_id(IDS, "notes/")
    assert str(caught.value) == "'notes/' matches 3 posts: notes/a, notes/b, notes/c"
    many = [f"p{n}" for n in range(9)]
    with pytest.raises(LookupError) as caught:
        resolve_post_id(many, "p")
    assert str(caught.value) == "'p' matches 9 posts: p0, p1, p2, p3, p4…"


# -- the synthetic store generator ---------------------------------------------------


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_generate"] = module
    spec.loader.exec_module(module)
    return module


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def test_generator_is_deterministic_and_its_store_loads_cleanly(tmp_path: Path) -> None:
    generate = load_generator()
    generate.generate(tmp_path / "one", 120, seed=3)
    generate.generate(tmp_path / "two", 120, seed=3)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    contents = load_store(tmp_path / "one")
    assert contents.problems == []
    assert len(contents.posts) == 120
    assert all(post.date is not None and 1 <= len(post.tags) <= 6 for post in contents.posts)
    kinds = {(tmp_path / "one" / post.path).read_text()[:3] for post in contents.posts}
    assert {"+++", "---"} <= kinds
    assert any(post.path.endswith("/index.md") for post in contents.posts)


def test_generator_huge_post_loads(tmp_path: Path) -> None:
    path = load_generator().write_huge_post(tmp_path)
    assert path.stat().st_size >= 2 * 1024 * 1024
    post, problems = read_post(tmp_path, path)
    assert problems == []
    assert post is not None and post.title == "A very long post"
    assert len(post.body) > 2_000_000


def test_resolve_post_id_accepts_a_prefix_of_the_undated_name() -> None:
    ids = ["2016-09-13-generous-leadership", "2016-09-06-leadership-is-a-slippery-concept"]
    assert resolve_post_id(ids, "generous") == "2016-09-13-generous-leadership"
    assert resolve_post_id(ids, "leadership") == "2016-09-06-leadership-is-a-slippery-concept"
    with pytest.raises(LookupError, match="no post matches 'slippery'"):
        resolve_post_id(ids, "slippery")
