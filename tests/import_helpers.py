"""Shared by the import tests: run the command, read back what it wrote."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.model import Post
from reader.store import parse_post


def run_import(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def front(path: Path) -> dict[str, Any]:
    """The TOML front matter of a written post."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("+++\n")
    return tomllib.loads(text[4 : text.index("\n+++\n", 3) + 1])


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("\n+++\n", 3) + 5 :].removeprefix("\n")


def load(path: Path, root: Path) -> Post:
    """The post as the store reads it, which must be without problems."""
    post, problems = parse_post(path.read_bytes(), str(path.relative_to(root)))
    assert problems == []
    assert post is not None
    return post


def posts(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under a folder (hidden ones too) with its bytes and mtime."""
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
