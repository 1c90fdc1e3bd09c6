"""Links between posts: the targets a body holds, the names they go by, and backlinks."""

from __future__ import annotations

from pathlib import Path

import pytest
from index_helpers import bump_mtime, write_post

from reader.index import IndexCatalog, linked_from, open_catalog
from reader.links import LinkIndex, link_names, name_key, post_names, resolve, scan_targets
from reader.model import PostSummary

POSTS = [
    PostSummary(id="2019/other", path="2019/other.md", title="Other"),
    PostSummary(id="notes/Big Idea", path="notes/Big Idea.md", title="Big"),
    PostSummary(id="2020/bundle", path="2020/bundle/index.md", title="Bundle"),
    PostSummary(id="2021/Mixed_Case", path="2021/Mixed_Case.md", title="Mixed"),
]
HERE = "2020/post.md"


def test_the_scan_finds_every_link_shape_the_renderer_makes() -> None:
    body = (
        'See [a](../x.md "title"), [b](<My Post.md>), [c](https://e.com/f(1)),\n'
        "[[Big Idea#Part|label]] and [[notes/Other]].\n"
        "[ref]: /blog/slug/\n"
        "not [a]: definition\n"
        '<https://site.org/p/> <a href="/2019/x.html">x</a>\n'
        '{{< ref "other.md" >}} {{% relref path="y" %}} {% post_url 2019-01-01-z %}\n'
        "[a](../x.md) again\n"
    )
    found = scan_targets(body)
    assert len(found) == len(set(found))  # each once
    assert sorted(found) == sorted(
        [
            "../x.md",
            "My Post.md",
            "https://e.com/f(1)",
            "Big%20Idea",
            "notes/Other",
            "/blog/slug/",
            "https://site.org/p/",
            "/2019/x.html",
            "other.md",
            "y",
            "2019-01-01-z",
        ]
    )
    assert scan_targets("No links here, only words.") == []
    # What the index keeps: every link but the web's.
    assert scan_targets(body, web=False) == [
        t for t in scan_targets(body) if not t.startswith("https:")
    ]
    assert scan_targets("[a](HTTP://x.org/y) <https://z.org/w>", web=False) == []


def test_names_are_loose_about_case_spaces_and_dashes() -> None:
    assert name_key("Big  Idea") == "big-idea"
    assert name_key("big_-idea") == "big-idea"
    assert name_key("plain-name") == "plain-name"
    assert post_names("2020/bundle", "2020/bundle/index.md") == {"bundle", "index"}
    assert post_names("notes/Big Idea", "notes/Big Idea.md") == {"big-idea"}


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("../2019/other.md#part", "2019/other"),  # a relative file
        ("/2019/other.md", "2019/other"),  # a file from the store's top
        ("/blog/other/", "2019/other"),  # a site path: the one post so named
        ("Big%20Idea", "notes/Big Idea"),  # a wikilink, as the renderer makes it
        ("notes/Big Idea#Part", "notes/Big Idea"),
        ("/blog/bundle", "2020/bundle"),  # a bundle by its folder
        ("../2020/bundle/index.md", "2020/bundle"),
        ("/2021/mixed-case", "2021/Mixed_Case"),  # case and dashes do not matter
        ("#local", None),
        ("missing.md", None),
        ("ftp://site.org/2019/other", None),
    ],
)
def test_every_link_that_resolves_is_under_one_of_its_posts_names(
    target: str, expected: str | None
) -> None:
    index = LinkIndex(POSTS)
    assert index.resolve(target, HERE) == expected
    if expected is not None:
        post = next(p for p in POSTS if p.id == expected)
        assert link_names(target, HERE) & post_names(post.id, post.path)


def test_a_web_address_is_a_post_only_at_its_permalink() -> None:
    index = LinkIndex(POSTS)
    links = {"2019/other": "https://site.org/2019/other/"}
    assert resolve("http://www.site.org/2019/other", HERE, index, links.get) == "2019/other"
    assert resolve("https://elsewhere.org/2019/other", HERE, index, links.get) is None
    assert link_names("https://site.org/2019/other/?q=1", HERE) == {"other"}
    assert link_names("mailto:someone@example.org", HERE) == set()


def _store(root: Path) -> Path:
    write_post(root, "2019/target.md", "The target", "Nothing links out of here.")
    write_post(root, "2020/relative.md", "By a relative path", "See [it](../2019/target.md).")
    write_post(
        root, "2020/site.md", "By a site path", "See [it](/blog/target/).", date="2020-02-02"
    )
    write_post(root, "2020/wiki.md", "By a wikilink", "See [[Target]].", date="2020-03-03")
    write_post(root, "2020/hugo.md", "By Hugo", 'See [it]({{< ref "target.md" >}}).')
    write_post(root, "2020/html.md", "By HTML", '<a href="/2019/target.md">it</a>')
    write_post(root, "2020/none.md", "Not linking", "See [that](../2019/elsewhere.md).")
    write_post(root, "2021/bundle/index.md", "A bundle", "Back to [[target]].", date="2021-01-01")
    return root


def _ids(catalog: IndexCatalog, post_id: str) -> list[str]:
    post = catalog.post(post_id)
    assert post is not None
    return [ref.id for ref in linked_from(catalog, post)]


def test_backlinks_are_the_posts_whose_links_resolve_here(tmp_path: Path) -> None:
    catalog, _ = open_catalog(_store(tmp_path / "store"))
    assert _ids(catalog, "2019/target") == [
        "2021/bundle",
        "2020/wiki",
        "2020/site",
        "2020/html",
        "2020/hugo",
        "2020/relative",
    ]
    assert _ids(catalog, "2020/none") == []
    refs = linked_from(catalog, catalog.post("2019/target"))  # type: ignore[arg-type]
    assert (refs[0].title, refs[0].date) == ("A bundle", "2021-01-01")


def test_backlinks_follow_changes_to_the_linking_post(tmp_path: Path) -> None:
    root = _store(tmp_path / "store")
    catalog, _ = open_catalog(root)
    path = write_post(root, "2020/relative.md", "By a relative path", "No link now at all.")
    bump_mtime(path)
    catalog.refresh()
    assert "2020/relative" not in _ids(catalog, "2019/target")
    (root / "2020/wiki.md").unlink()
    catalog.refresh()
    assert "2020/wiki" not in _ids(catalog, "2019/target")


def test_a_name_two_posts_share_is_no_backlink_for_either(tmp_path: Path) -> None:
    root = tmp_path / "store"
    write_post(root, "a/same.md", "Same A", "One.")
    write_post(root, "b/same.md", "Same B", "Two.")
    write_post(root, "c/linker.md", "Linker", "See [[same]] and [x](/a/same.md).")
    catalog, _ = open_catalog(root)
    # `[[same]]` is ambiguous (the app would not follow it); `/a/same.md` is exact.
    assert _ids(catalog, "a/same") == ["c/linker"]
    assert _ids(catalog, "b/same") == []


def test_a_web_link_is_a_backlink_where_it_is_the_posts_permalink(tmp_path: Path) -> None:
    root = tmp_path / "store"
    root.mkdir()
    (root / "target.md").write_text(
        "---\ntitle: Target\npermalink: https://site.org/2019/target/\n---\nHello.\n"
    )
    write_post(root, "a.md", "At it", "See [it](http://www.site.org/2019/target).")
    write_post(root, "b.md", "Elsewhere", "See [it](https://other.org/2019/target).")
    write_post(root, "c.md", "Words only", "The site org 2019 target words, no link.")
    catalog, _ = open_catalog(root)
    assert _ids(catalog, "target") == ["a"]


def test_a_bundle_is_linked_by_its_folder_and_its_index_file(tmp_path: Path) -> None:
    root = tmp_path / "store"
    write_post(root, "2020/one/index.md", "One", "Alone.")
    write_post(root, "2020/two/index.md", "Two", "Alone too.")
    write_post(root, "2021/a.md", "By file", "See [one](../2020/one/index.md).")
    write_post(root, "2021/b.md", "By folder", "See [one](/blog/one/).")
    catalog, _ = open_catalog(root)
    assert _ids(catalog, "2020/one") == ["2021/a", "2021/b"]  # one date: by id
    assert _ids(catalog, "2020/two") == []


def test_names_in_any_case_and_spacing_find_their_post_in_the_index(tmp_path: Path) -> None:
    root = tmp_path / "store"
    write_post(root, "notes/Big Idea.md", "Big idea", "A thought.")
    write_post(root, "2021/Mixed_Case.md", "Mixed", "Another.")
    write_post(root, "Été/Résumé.md", "Résumé", "Accents.")
    write_post(root, "a.md", "By file", "See [it](notes/Big%20Idea.md) and [m](/2021/mixed-case).")
    write_post(root, "b.md", "By wikilink", "See [[big idea]], [[mixed case]] and [[résumé]].")
    write_post(root, "c.md", "By path", "See [it](<Été/Résumé.md>).", date="2017-01-01")
    catalog, _ = open_catalog(root)
    assert _ids(catalog, "notes/Big Idea") == ["a", "b"]
    assert _ids(catalog, "2021/Mixed_Case") == ["a", "b"]
    assert _ids(catalog, "Été/Résumé") == ["c", "b"]
