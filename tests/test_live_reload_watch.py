"""The core of live reload: which changes count, and the fallback when the OS cannot watch."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from reader import store_watch


@pytest.mark.parametrize(
    ("rel", "wanted"),
    [
        ("post.md", True),
        ("2024/05/Post.MARKDOWN", True),
        ("notes/page.mdx", True),
        ("section/_index.md", True),  # A section page: its title is in the index.
        (".post.md.swp", False),
        ("post.md.swp", False),
        ("post.md~", False),
        ("#post.md#", False),
        (".git/index.md", False),
        (".obsidian/workspace.md", False),
        ("sub/.hidden/post.md", False),
        (".post.md.1a2b3c4d.tmp", False),
        ("post.md.tmp", False),
        ("image.png", False),
    ],
)
def test_only_changes_that_can_touch_a_post_count(tmp_path: Path, rel: str, wanted: bool) -> None:
    assert store_watch.counts(tmp_path, str(tmp_path / rel)) is wanted


def test_a_folder_counts_while_there_and_once_gone(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "photo.jpg").write_bytes(b"")
    assert store_watch.counts(tmp_path, str(tmp_path / "2024"))
    # Moved away or deleted: it may have held posts.
    assert store_watch.counts(tmp_path, str(tmp_path / "gone-folder"))
    assert not store_watch.counts(tmp_path, str(tmp_path / "photo.jpg"))
    assert not store_watch.counts(tmp_path, str(tmp_path / ".cache"))
    assert not store_watch.counts(tmp_path, str(tmp_path))
    assert not store_watch.counts(tmp_path, str(tmp_path.parent / "elsewhere.md"))


def test_a_network_file_system_is_found_from_the_mounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\nserver:/export /mnt/blogs nfs4 rw 0 0\n"
        "tmpfs /mnt/blogs/local tmpfs rw 0 0\n"
    )
    real_open = open

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        return real_open(mounts if path == "/proc/self/mounts" else path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    assert store_watch.network_filesystem(Path("/mnt/blogs/posts")) == "nfs4"
    assert store_watch.network_filesystem(Path("/mnt/blogs")) == "nfs4"
    assert store_watch.network_filesystem(Path("/mnt/blogs/local/posts")) is None
    assert store_watch.network_filesystem(Path("/mnt/blogsy")) is None
    assert store_watch.network_filesystem(Path("/home/me/posts")) is None


def test_a_store_on_a_network_file_system_is_checked_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_watch, "network_filesystem", lambda root: "nfs4")
    stop = threading.Event()
    said: list[str] = []
    refreshes: list[frozenset[str]] = []
    checks = iter([True, False, True])  # unmoved, moved, unmoved

    def unmoved() -> bool:
        try:
            return next(checks)
        except StopIteration:
            stop.set()
            return True

    store_watch.follow(
        tmp_path, refreshes.append, stop, unmoved=unmoved, fallback=said.append, poll_seconds=0.01
    )
    assert said == ["it is on a network file system, nfs4"]
    assert refreshes == [frozenset()], "one refresh, for the check that saw a file come or go"


def test_the_periodic_check_refreshes_in_full_now_and_then(monkeypatch: pytest.MonkeyPatch) -> None:
    stop = threading.Event()
    refreshes: list[int] = []
    calls = 0

    def unmoved() -> bool:
        nonlocal calls
        calls += 1
        if calls >= 3 * store_watch.FULL_EVERY:
            stop.set()
        return True

    store_watch.poll(
        lambda paths: refreshes.append(calls), stop, unmoved=unmoved, poll_seconds=0.001
    )
    # Files rewritten in place move no folder: a whole refresh still comes round.
    assert len(refreshes) >= 2


def test_fallback_line_says_how_often() -> None:
    line = store_watch.fallback_line("OS file watch limit reached", 5.0)
    assert line == (
        "the store cannot be watched (OS file watch limit reached): it is checked every 5 seconds"
    )


def test_watch_in_config_toml_is_read_and_kept() -> None:
    from reader.userdata.config import config_path, load_config, save_theme

    assert load_config([]).watch is None  # Unset: the app follows the store.
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("version = 1\nwatch = false\n", encoding="utf-8")
    assert load_config([]).watch is False
    save_theme("nord")
    assert "watch = false" in config_path().read_text(encoding="utf-8")
    assert load_config([]).watch is False


def test_a_watch_that_is_not_true_or_false_is_said() -> None:
    from reader.userdata.config import config_path, load_config

    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text('version = 1\nwatch = "yes"\n', encoding="utf-8")
    warnings: list[str] = []
    load_config(warnings)
    assert any("watch: must be true or false" in warning for warning in warnings)


def test_the_watcher_process_reports_changes_and_ends_with_its_reader(tmp_path: Path) -> None:
    stop = threading.Event()
    ready = threading.Event()
    batches: list[frozenset[str]] = []

    def follow() -> None:
        for batch in store_watch.changes(tmp_path, stop, debounce_ms=50, ready=ready.set):
            batches.append(batch)
            stop.set()

    follower = threading.Thread(target=follow)
    follower.start()
    assert ready.wait(20), "the watcher never said it was watching"
    (tmp_path / ".post.md.swp").write_text("swap")
    (tmp_path / "post.md").write_text("# A post\n")
    follower.join(20)
    assert not follower.is_alive()
    assert batches == [frozenset({"post.md"})]


def test_a_watcher_that_cannot_watch_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import watchfiles

    from reader import store_watch_child

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError("OS file watch limit reached")

    monkeypatch.setattr(watchfiles, "watch", failing)
    store_watch_child.watch(tmp_path, 50, threading.Event())
    assert capsys.readouterr().out == '{"error": "OS file watch limit reached"}\n'


def test_a_watcher_that_dies_is_a_reason_to_check_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(
        store_watch, "watcher_command", lambda root, ms: [sys.executable, "-c", "exit(3)"]
    )
    with pytest.raises(store_watch.WatchUnavailable, match="exit status 3"):
        list(store_watch.changes(tmp_path, threading.Event()))
