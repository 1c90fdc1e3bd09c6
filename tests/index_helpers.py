"""Small stores written to disk for the index tests."""

from __future__ import annotations

import json
import os
from pathlib import Path


def write_post(
    root: Path,
    rel: str,
    title: str,
    body: str,
    *,
    date: str = "2016-09-13",
    tags: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
) -> Path:
    """A post file with TOML front matter (strings JSON-quoted: valid TOML)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["+++", f"title = {json.dumps(title)}", f"date = {date}"]
    lines.append(f"tags = {json.dumps(list(tags))}")
    lines.append(f"authors = {json.dumps(list(authors))}")
    lines += ["+++", "", body, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def bump_mtime(path: Path, seconds: int = 10) -> None:
    """Move a file's mtime on, so a refresh sees it changed even at equal size."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def sample_store(root: Path) -> Path:
    """Six posts covering titles, bodies, tags, authors and dates."""
    write_post(
        root,
        "2016/generous.md",
        "Generous leadership",
        "Dawn Austwick is Chief Executive of Big Lottery Fund. Leaders give away power.",
        date="2016-09-13",
        tags=("leadership", "value"),
        authors=("Dawn Austwick",),
    )
    write_post(
        root,
        "2017/charity.md",
        "Charity boards",
        "A note on leadership in small charities and the new york office.",
        date="2017-02-14",
        tags=("governance", "Leadership"),
        authors=("Liam Russell",),
    )
    write_post(
        root,
        "2018/funding/index.md",
        "Funding futures",
        "Foundations and funders: york new thinking, café culture.",
        date="2018-06-01",
        tags=("funding",),
    )
    write_post(root, "2015/old.md", "An old post", "Nothing much here.", date="2015-01-01")
    write_post(
        root,
        "2019/politics.md",
        "Politics and power",
        "Leadership under pressure, politics of power.",
        date="2019-03-03",
        tags=("politics", "leadership"),
    )
    write_post(root, "notes/undated.md", "Undated notes", "Loose notes.", date="2014-05-05")
    return root
