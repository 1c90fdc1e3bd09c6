"""Where an image of a post is, for the opener: a file in the store, or a web address.

An image's source is a path relative to the post's folder, a path from the
store's top (`/images/x.png`, also looked for under `static/`, as Hugo keeps
them), or a web address. A post must not make the desktop open any file: a
path that leads out of the store, or to something that is not a file, is
refused, and only http and https addresses go out as they are.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from textual.app import App
from textual.notifications import SeverityLevel

from reader.tui.opener import WEB_SCHEMES
from reader.tui.terminal import open_address


def image_target(src: str, post_path: str, root: Path) -> tuple[str | None, str]:
    """The address to open for an image `src` in the post at `post_path` (relative
    to `root`), or None and why not."""
    src = src.strip()
    if not src:
        return None, "the image has no source"
    if src.lower().startswith(WEB_SCHEMES):
        if any(char.isspace() for char in src):
            return None, f"{src} is not a web address"
        return src, ""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None, f"{src} is not a web address or a file of the store"
    relative = unquote(parts.path)
    top = root.resolve()
    if relative.startswith("/"):
        inside = PurePosixPath(relative.lstrip("/"))
        candidates = [top / inside, top / "static" / inside]
    else:
        candidates = [(top / post_path).parent / relative]
    for candidate in candidates:
        path = candidate.resolve()
        if not path.is_relative_to(top):
            return None, f"{src} is outside the store"
        if path.is_file():
            return path.as_uri(), ""
    return None, f"{src} is not in the store"


def open_image(app: App[object], src: str, post_path: str, root: Path) -> tuple[str, SeverityLevel]:
    """Open the image with the opener (blocks: call it from a thread); the line to show."""
    target, why = image_target(src, post_path, root)
    if target is None:
        return f"Not opened: {why}", "warning"
    return open_address(app, target)
