"""A small store filed by folders, authors, years and drafts, for the facet tests."""

from __future__ import annotations

from pathlib import Path


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _post(
    title: str,
    date: str | None,
    *,
    authors: str = "",
    tags: str = "",
    extra: str = "",
    body: str = "Some words.",
) -> str:
    lines = ["---", f"title: {title}"]
    if date:
        lines.append(f"date: {date}")
    if authors:
        lines.append(f"authors: [{authors}]")
    if tags:
        lines.append(f"tags: [{tags}]")
    if extra:
        lines.append(extra)
    return "\n".join([*lines, "---", "", body, ""])


def facet_store(root: Path) -> Path:
    """Nine posts in three sections (one titled by `_index.md`, one by `index.md`),
    a page bundle, Jekyll's `_posts`, a draft, and a store home page."""
    _write(root, "index.md", "---\ntitle: The Blog\n---\n\nWelcome to every post below.\n")
    _write(root, "releases/index.md", "---\ntitle: Releases\n---\n\nEvery release.\n")
    _write(
        root,
        "releases/2024/one-point-oh.md",
        _post("One point oh", "2024-03-01", authors="Ann Lee, Bo Chen", tags="release"),
    )
    _write(
        root,
        "releases/2023/zero-nine.md",
        _post("Zero nine", "2023-05-02", authors="ann lee", tags="Release"),
    )
    _write(root, "inside-rust/_index.md", '+++\ntitle = "Inside Rust"\n+++\n')
    _write(
        root,
        "inside-rust/2024-01-10-compiler.md",
        _post("Compiler news", "2024-01-10", authors="Bo Chen", extra="summary: What changed."),
    )
    _write(
        root,
        "inside-rust/2022-12-31-late.md",
        # Late on New Year's Eve where it was written, 2023 in UTC: the year is 2022.
        _post("Late news", "2022-12-31T23:30:00-05:00", authors="Cy Dee"),
    )
    _write(
        root,
        "inside-rust/wip.md",
        _post("Work in progress", "2024-06-01", authors="Cy Dee", extra="draft: true"),
    )
    _write(root, "notes/bundle/index.md", _post("A bundle", "2021-07-07", tags="misc"))
    _write(root, "notes/bundle/diagram.txt", "not a post\n")
    _write(root, "_posts/2020-02-02-jekyll.md", _post("Jekyll post", None, authors="Ann Lee"))
    _write(root, "2019/12/25/dated.md", _post("Dated folders", None, tags="misc"))
    _write(root, "loose.md", "# Loose note\n\nNo date, no folder.\n")
    return root
