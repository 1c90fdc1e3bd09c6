"""Open a post's permalink or file: with `$BROWSER`, else the system's opener.

A graphical opener (xdg-open, open, a desktop browser) is started detached:
its own session, and stdin, stdout and stderr on /dev/null, so nothing it
prints paints over the app and it never reads the app's keys. A console
browser (w3m, lynx, links, elinks, browsh) needs the terminal itself: the
app suspends while it runs (see `reader.tui.terminal`).

`plan_open` only decides (a pure function of the environment, for tests);
`start_detached` runs the decision.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from reader.model import Post

WEB_SCHEMES = ("http://", "https://")
CONSOLE_BROWSERS = frozenset({"w3m", "lynx", "links", "links2", "elinks", "browsh", "www-browser"})
"""Browsers that run in the terminal: the app gives them the terminal while they run."""


def target_of(post: Post, root: Path) -> str:
    """The permalink when it is a web address, else the file's URI.

    A permalink is whatever a post's front matter says: `file:///etc/shadow`,
    `smb://…` or `--help` must not choose what the desktop opens.
    """
    link = post.permalink
    if link and link.lower().startswith(WEB_SCHEMES) and not any(c.isspace() for c in link):
        return link
    return (root / post.path).resolve().as_uri()


@dataclass(frozen=True, slots=True)
class OpenPlan:
    """How a target will be opened, or why it cannot be."""

    command: tuple[str, ...] = ()
    """The program and its arguments; empty when nothing was found."""
    console: bool = False
    """The program runs in the terminal: the app must suspend while it runs."""
    tried: tuple[str, ...] = ()
    """What was looked for, in order (for the message when nothing was found)."""


def _browser_command(entry: str, target: str) -> list[str]:
    # $BROWSER entries may say where the address goes with %s, as webbrowser reads them.
    words = shlex.split(entry)
    if any("%s" in word for word in words):
        return [word.replace("%s", target) for word in words]
    return [*words, target]


def plan_open(
    target: str,
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    platform: str = sys.platform,
) -> OpenPlan:
    """Decide how to open `target`: each `$BROWSER` entry, then the system opener."""
    env = os.environ if env is None else env
    tried: list[str] = []
    for entry in env.get("BROWSER", "").split(os.pathsep):
        if not entry.strip():
            continue
        try:
            command = _browser_command(entry, target)
        except ValueError:
            tried.append(f"$BROWSER entry {entry!r} (not a command line)")
            continue
        if command and which(command[0]):
            name = Path(command[0]).name
            return OpenPlan(tuple(command), name in CONSOLE_BROWSERS, tuple(tried))
        name = command[0] if command else repr(entry)
        tried.append(f"$BROWSER {name} (not found)")
    if not env.get("BROWSER", "").strip():
        tried.append("$BROWSER (not set)")
    if platform == "win32":
        return OpenPlan(("startfile", target), False, tuple(tried))
    opener = "open" if platform == "darwin" else "xdg-open"
    found = which(opener)
    if found:
        return OpenPlan((found, target), False, tuple(tried))
    tried.append(f"{opener} (not found)")
    return OpenPlan((), False, tuple(tried))


def no_opener_message(target: str, plan: OpenPlan) -> str:
    """What was tried, and what the user can do, when nothing could open `target`."""
    what = "the post's file" if target.startswith("file:") else "the link"
    return (
        f"Nothing could open {what}: tried {', '.join(plan.tried)}. "
        "Set $BROWSER to a browser command (w3m, firefox…) or install xdg-utils. "
        f"It is {target}"
    )


def start_detached(command: tuple[str, ...]) -> str | None:
    """Start a graphical opener in its own session; None on success, else a reason."""
    if sys.platform == "win32" and command and command[0] == "startfile":
        try:
            os.startfile(command[1])  # type: ignore[attr-defined]
        except OSError as error:
            return f"could not open it ({error.strerror or error})"
        return None
    try:
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
