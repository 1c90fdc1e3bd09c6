"""A store's files that are not posts: the repository's documents and listing pages."""

from __future__ import annotations

from pathlib import Path

from reader.index import open_catalog
from reader.store import load_store
from reader.store_pages import is_repository_document, lists_posts, not_posts
from reader.store_walk import POST_SUFFIXES

POST = "---\ntitle: {title}\ndate: 2020-01-01\n---\n\n{body}\n"


def _write(root: Path, rel: str, title: str, body: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(POST.format(title=title, body=body), encoding="utf-8")


def test_the_repositorys_documents_at_the_top_are_not_posts() -> None:
    for name in ("README.md", "readme.markdown", "LICENSE.md", "CONTRIBUTING.md", "CHANGELOG.md"):
        assert is_repository_document(name)
    # Further down they are the blog's own pages, and a post may be named like one.
    assert not is_repository_document("docs/README.md")
    assert not is_repository_document("readme-first.md")
    rels = ["README.md", "post.md", "CODE_OF_CONDUCT.md", "notes/readme.md"]
    assert not_posts(rels, POST_SUFFIXES) == {"README.md", "CODE_OF_CONDUCT.md"}


def test_a_template_looping_over_the_sites_posts_is_a_listing_page() -> None:
    assert lists_posts('{{range newest (pages "/blog/*.md") -}}\n<p>{{.title}}</p>\n{{end}}')
    assert lists_posts("{{ range .Site.RegularPages }}{{ .Title }}{{ end }}")
    assert lists_posts("{% for post in site.posts %}\n- {{ post.title }}\n{% endfor %}")
    assert lists_posts("{%- for post in paginator.posts -%}{{ post.url }}{% endfor %}")
    # A post about templates that shows such a loop in its code is still a post.
    assert not lists_posts("How to list:\n\n```\n{{ range .Pages }}{{ end }}\n```\n")
    assert not lists_posts("Use `{% for post in site.posts %}` in a layout.")
    assert not lists_posts("    {{ range .Pages }}\n")
    assert not lists_posts("{{range .}}{{.}}{{end}} and {% for x in page.items %}")


def _store(root: Path) -> Path:
    _write(root, "README.md", "Readme", "How to build the blog.")
    _write(root, "LICENSE.md", "License", "Permission is granted.")
    _write(root, "all.md", "Blog Index", '{{range newest (pages "/blog/*.md")}}{{.title}}{{end}}')
    _write(root, "first-post.md", "First post", "Hello.")
    _write(root, "docs/README.md", "Docs", "A page of the blog's own.")
    return root


def test_neither_the_store_nor_its_index_lists_them(tmp_path: Path) -> None:
    root = _store(tmp_path / "store")
    assert sorted(post.id for post in load_store(root).posts) == ["docs/README", "first-post"]
    catalog, problems = open_catalog(root)
    assert sorted(catalog.ids()) == ["docs/README", "first-post"]
    assert problems == []  # left out quietly, as section pages are
