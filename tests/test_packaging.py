"""The wheel ships every package of the reader: `pip install .` must work as the
editable install the tests run from does.

The package list in pyproject.toml is explicit (the sample posts ride along
as `reader.sample_posts`), so a new package folder has to be named there; a
folder missing from it installs fine in editable mode and fails for everyone
else with "No module named ...".
"""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "reader").rglob("__init__.py")
    }
    assert folders - listed == set(), "add these to [tool.setuptools] packages"
