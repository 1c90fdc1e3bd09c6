"""The watcher process: `python -m reader.store_watch_child ROOT DEBOUNCE_MS`.

watchfiles sets up its watches while holding the interpreter's lock: at
100k posts (10k folders) that froze every other thread for about two
seconds. So the watch runs in this small process, and the reader reads its
lines (`reader.store_watch.changes`), one JSON object each:

    {"ready": true}                      the OS watches the store now
    {"paths": ["a.md", "2024/b.md"]}     one debounced batch, relative to ROOT
    {"error": "OS file watch limit reached"}   it cannot watch; it exits

It ends when its standard input closes (the reader stopped it, or died),
and ignores Ctrl+C: the reader, not the terminal, decides when it stops.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from pathlib import Path

from reader.store_watch import READY_MS, STEP_MS, counts


def send(message: dict[str, object]) -> None:
    """One line to the reader; it has gone when the pipe is broken."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def watch(root: Path, debounce_ms: int, stop: threading.Event) -> None:
    """Report the store's changes until `stop` is set, or say why it cannot."""
    try:
        from watchfiles import watch as watch_files

        def wanted(_change: object, path: str) -> bool:
            return counts(root, path)

        ready = False
        for batch in watch_files(
            root,
            watch_filter=wanted,
            debounce=debounce_ms,
            step=STEP_MS,
            stop_event=stop,
            # An empty batch at each quiet quarter second: the first says the
            # watch is set up (watchfiles gives no other sign of it).
            rust_timeout=READY_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            if not ready:
                ready = True
                send({"ready": True})
            if batch:
                send({"paths": sorted(os.path.relpath(path, root) for _change, path in batch)})
    except (ImportError, OSError, RuntimeError) as error:
        # The inotify limit is an OSError; watchfiles' own failures are RuntimeErrors.
        send({"error": str(error) or type(error).__name__})


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root, debounce_ms = Path(argv[0]), int(argv[1])
    stop = threading.Event()

    def until_closed() -> None:
        sys.stdin.read()  # Returns when the reader closes the pipe, or dies.
        stop.set()

    threading.Thread(target=until_closed, daemon=True).start()
    with contextlib.suppress(BrokenPipeError):  # The reader has gone: nobody to tell.
        watch(root, debounce_ms, stop)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
