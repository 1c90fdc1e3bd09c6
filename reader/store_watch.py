"""Follow a store as its files change: the OS's notifications, else a periodic check.

`follow` blocks until its `stop` event is set, calling `refresh` once per
debounced batch of changes to the store's posts. It watches with
`watchfiles` (inotify, FSEvents, ...), in a small child process
(`reader.store_watch_child`) so that setting up the watches never holds
this process's interpreter lock; where the OS cannot (watchfiles fails
to start, the inotify watch limit is reached, the store is on a network file
system whose changes raise no events here) it says why once, through
`fallback`, and checks the store every `poll_seconds` instead: the cheap
check (`unmoved`: a stat per folder) each time, and a whole refresh when it
says a file was added, removed or renamed, or every `FULL_EVERY` checks to
see files rewritten in place.

Only changes that can touch a post count (`counts`): editor swap files and
backups, hidden files and folders (`.git/`, the temp files of atomic writes)
never wake a refresh. Used by the app (in a worker thread) and by
`reader index --watch`; no Textual here.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.store_walk import POST_SUFFIXES

DEBOUNCE_MS = 300
"""Changes this close together are one refresh (an editor's save is several events)."""
STEP_MS = 50
"""A batch ends once this long passes without another change."""
READY_MS = 250
"""How long a quiet watch waits before it says it is set up (and again, unheard)."""
POLL_SECONDS = 5.0
"""How often the store is checked where it cannot be watched."""
FULL_EVERY = 6
"""Every this many checks, a whole refresh: the cheap check misses files rewritten in place."""

NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
        "lustre", "gpfs", "ncpfs", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs",
    }
)  # fmt: skip
"""File systems whose changes made elsewhere raise no local notification."""

Refresh = Callable[[frozenset[str]], object]
"""Brings the index up to date; given the changed paths (relative), empty after a check."""


class WatchUnavailable(Exception):
    """The store cannot be watched here; the text says why."""


def counts(root: Path, path: str) -> bool:
    """Whether a change at `path` (absolute, under `root`) may change the store's posts.

    A Markdown file counts, and so does a folder (a folder moved in or out
    brings or takes its posts, with one event); hidden names anywhere in
    the path (`.git/`, `.a.md.swp`, the `.a.md.x.tmp` of an atomic write),
    backups (`a.md~`, `#a.md#`) and every other file never do.
    """
    try:
        rel = os.path.relpath(path, root)
    except ValueError:
        return False
    if rel == "." or rel.startswith(".."):
        return False
    parts = rel.split(os.sep)
    if any(part.startswith(".") for part in parts):
        return False
    name = parts[-1]
    if name.endswith("~"):
        return False
    if name.lower().endswith(POST_SUFFIXES):
        return True
    if os.path.isdir(path):
        return True
    # Gone: it may have been a folder. Folders seldom have a dot; files mostly do.
    return "." not in name and not os.path.lexists(path)


def network_filesystem(root: Path) -> str | None:
    """The type of the network file system that holds `root`, if it is on one (Linux)."""
    best, kind = "", None
    target = str(root)
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            for line in mounts:
                fields = line.split()
                if len(fields) < 3:
                    continue
                point = fields[1].replace("\\040", " ")
                inside = target == point or target.startswith(point.rstrip("/") + "/")
                if inside and len(point) >= len(best):
                    best, kind = point, fields[2]
    except OSError:
        return None  # Not Linux, or no /proc: trust the notifications.
    return kind if kind in NETWORK_FILESYSTEMS else None


def watcher_command(root: Path, debounce_ms: int) -> list[str]:
    """The command that runs the watcher process (`reader.store_watch_child`)."""
    return [sys.executable, "-m", "reader.store_watch_child", str(root), str(debounce_ms)]


def changes(
    root: Path,
    stop: threading.Event,
    *,
    debounce_ms: int = DEBOUNCE_MS,
    ready: Callable[[], object] | None = None,
) -> Iterator[frozenset[str]]:
    """Each debounced batch of changes to the store's posts, as relative paths,
    until `stop` is set; `ready` is called once the OS watches the store.
    Raises `WatchUnavailable` when the OS cannot watch the store.

    The watch itself runs in a child process (see `reader.store_watch_child`
    for why); this reads its lines, waking a few times a second to see `stop`.
    """
    kind = network_filesystem(root)
    if kind is not None:
        raise WatchUnavailable(f"it is on a network file system, {kind}")
    try:
        child = subprocess.Popen(
            watcher_command(root, debounce_ms),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Never onto the terminal (the app draws there); failures come as lines.
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
    except OSError as error:
        raise WatchUnavailable(f"the watcher did not start: {error}") from None
    assert child.stdout is not None
    try:
        for message in _messages(child.stdout.fileno(), stop):
            if "error" in message:
                raise WatchUnavailable(str(message["error"]))
            if message.get("ready") and ready is not None:
                ready()
            paths = message.get("paths")
            if isinstance(paths, list) and paths:
                yield frozenset(str(path) for path in paths)
        if not stop.is_set():
            raise WatchUnavailable(f"the watcher stopped (exit status {child.wait()})")
    finally:
        _end(child)


def _messages(fd: int, stop: threading.Event) -> Iterator[dict[str, object]]:
    """The watcher's JSON lines from `fd`, until it ends or `stop` is set."""
    pending = b""
    while not stop.is_set():
        readable, _, _ = select.select([fd], [], [], READY_MS / 1000)
        if not readable:
            continue
        chunk = os.read(fd, 65536)
        if not chunk:
            return  # The watcher ended.
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            try:
                message = json.loads(line)
            except ValueError:
                continue  # Not ours: nothing to act on.
            if isinstance(message, dict):
                yield message


def _end(child: subprocess.Popen[bytes]) -> None:
    """Stop the watcher: its input closes, and it is killed if it does not go."""
    with contextlib.suppress(OSError):
        if child.stdin is not None:
            child.stdin.close()
    try:
        child.wait(timeout=2)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if child.stdout is not None:
        child.stdout.close()


def fallback_line(reason: str, poll_seconds: float = POLL_SECONDS) -> str:
    """The one line that says the store is checked instead of watched, and why."""
    return f"the store cannot be watched ({reason}): it is checked every {poll_seconds:g} seconds"


def follow(
    root: Path,
    refresh: Refresh,
    stop: threading.Event,
    *,
    unmoved: Callable[[], bool],
    fallback: Callable[[str], object],
    debounce_ms: int = DEBOUNCE_MS,
    poll_seconds: float = POLL_SECONDS,
    ready: Callable[[], object] | None = None,
) -> None:
    """Call `refresh` after each change to the store until `stop` is set (blocks).

    `unmoved` is the cheap check of the periodic fallback (the index's
    `store_unmoved`); `fallback` is told once why the store is checked every
    `poll_seconds` instead of watched (`fallback_line` words it); `ready`,
    once the OS watches the store (a change from before then may be unseen).
    """
    root = root.resolve()
    try:
        for paths in changes(root, stop, debounce_ms=debounce_ms, ready=ready):
            refresh(paths)
        return
    except WatchUnavailable as why:
        fallback(str(why))
    poll(refresh, stop, unmoved=unmoved, poll_seconds=poll_seconds)


def poll(
    refresh: Refresh, stop: threading.Event, *, unmoved: Callable[[], bool], poll_seconds: float
) -> None:
    """The periodic check: `refresh` when `unmoved` says a file came or went,
    and every `FULL_EVERY` checks anyway; until `stop` is set."""
    checks = 0
    while not stop.wait(poll_seconds):
        checks += 1
        if checks % FULL_EVERY == 0 or not unmoved():
            refresh(frozenset())
