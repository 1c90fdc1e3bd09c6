"""The core never imports Textual or Rich; the command line imports them lazily."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import reader

PACKAGE = Path(reader.__file__).resolve().parent
CORE_EXCLUDED = {"tui", "cli", "render", "sample_posts", "__main__"}


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] in CORE_EXCLUDED:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("reader", *parts)))
    return names


def imported_after(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout))


def test_core_modules_are_found() -> None:
    names = core_modules()
    for expected in ("reader.model", "reader.store", "reader.catalog", "reader.safetext"):
        assert expected in names


def test_core_never_imports_textual_or_rich() -> None:
    loaded = imported_after(core_modules())
    leaked = sorted(name for name in loaded if name.split(".")[0] in ("textual", "rich"))
    assert leaked == []


def test_command_line_entry_does_not_import_textual() -> None:
    loaded = imported_after(["reader.cli", "reader.cli.common", "reader.cli.posts_cmds"])
    assert not any(name.split(".")[0] == "textual" for name in loaded)
