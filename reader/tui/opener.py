"""Open a post's permalink or file with the system's opener.

The system opener (xdg-open, open, startfile) hands the target to a desktop
program and returns. Python's `webbrowser` is the fallback only, because
with no desktop it may start a terminal browser on top of the app.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import webbrowser
from pathlib import Path

from reader.model import Post

WEB_SCHEMES = ("http://", "https://")


def target_of(post: Post, root: Path) -> str:
    """The permalink when it is a web address, else the file's URI.

    A permalink is whatever a post's front matter says: `file:///etc/shadow`,
    `smb://…` or `--help` must not choose what the desktop opens.
    """
    link = post.permalink
    if link and link.lower().startswith(WEB_SCHEMES) and not any(c.isspace() for c in link):
        return link
    return (root / post.path).resolve().as_uri()


def open_target(target: str) -> str | None:
    """Open `target`; None on success, else a one-line reason. Blocks briefly."""
    try:
        if sys.platform == "darwin":
            command = ["open", target]
        elif sys.platform == "win32":
            os.startfile(target)  # type: ignore[attr-defined]
            return None
        elif opener := shutil.which("xdg-open"):
            command = [opener, target]
        else:
            return None if webbrowser.open(target) else "no browser or opener was found"
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as error:
        return f"could not open it ({error.strerror or error})"
    return None
