"""A store written by strangers: markup, terminal escapes, broken files, symlinks.

Every bad file is reported as `PATH:LINE: reason` and skipped or loaded with
a fallback; every other post loads; nothing in the store is changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from reader.model import Post
from reader.store import iter_post_files, load_store

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
OSC_52 = "\x1b]52;c;ZXZpbA==\x07"
OSC_8 = "\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\"


def tree_state(root: Path) -> dict[str, str]:
    """Every entry under root: file hashes and link targets, links not followed."""
    state: dict[str, str] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                state[rel] = "link:" + os.readlink(path)
            elif path.is_file():
                state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                state[rel] = "dir"
    return state


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text('+++\ntitle = "secret"\n+++\nprivate\n')
    store.mkdir()
    files: dict[str, bytes | str] = {
        "good.md": '+++\ntitle = "A good post"\ndate = 2020-01-01\ntags = ["fine"]\n+++\nHello.\n',
        "markup.md": '+++\ntitle = "[bold red]x[/]"\ntags = ["[b]t[/b]"]\n+++\n[i]body[/i]\n',
        "link.md": '---\ntitle: "[link=file:///etc/passwd]y[/link]"\n---\ntext\n',
        "escapes.md": (
            f'+++\ntitle = "red \x1b[31mtitle\x1b[0m {OSC_52} bell\x07 cr\rend"\n'
            f'authors = ["Eve\x1b[2J"]\ntags = ["t\x9b1m"]\n+++\n'
            f"Body with {OSC_52} and {OSC_8} and \x1b[1mbold\x1b[0m.\rOverwritten\x07\n"
        ),
        "yaml-escapes.md": '---\ntitle: "osc \\e]52;c;ZXZpbA==\\a here"\n---\nbody\n',
        "unclosed.md": '+++\ntitle = "never closed"\ndate = 2020-02-02\n\nBody text\n',
        "invalid.md": "---\ntitle: fine\ndate: 2019-05-05\nthis line is wrong\n---\nbody\n",
        "bad-toml.md": '+++\ntitle = "kept"\nbroken = [1, \n+++\nbody\n',
        "impossible.md": '+++\ntitle = "Impossible"\ndate = 2021-02-30\n+++\nbody\n',
        "2021-02-30-named.md": "No front matter here.\n",
        "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "latin1.md": "---\ntitle: Café crème\n---\nGrüße\n".encode("latin-1"),
        "empty.md": b"",
        "blank.md": b"  \n\n\t\n",
        "huge.md": '+++\ntitle = "Huge"\n+++\n' + ("A line of a huge post.\n" * 95_000),
        "sub/.hidden.md": "# hidden file\n",
        ".git/HEAD.md": "# inside .git\n",
    }
    for rel, content in files.items():
        path = store / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    os.symlink(".", store / "loop")  # a folder link back to the store itself
    os.symlink("../..", store / "sub" / "up")  # out of the store
    os.symlink("ping.md", store / "pong.md")  # a file link loop
    os.symlink("pong.md", store / "ping.md")
    os.symlink(outside / "secret.md", store / "secret.md")
    os.symlink(outside, store / "elsewhere")
    os.symlink("good.md", store / "alias.md")  # inside the store: followed
    os.symlink("missing.md", store / "dangling.md")
    return store


def loaded(store: Path) -> tuple[dict[str, Post], list[str]]:
    contents = load_store(store)
    return {post.id: post for post in contents.posts}, [str(p) for p in contents.problems]


def test_every_bad_file_is_reported_with_its_line(hostile: Path) -> None:
    _, problems = loaded(hostile)
    assert sorted(problems) == sorted(
        [
            "2021-02-30-named.md: impossible date '2021-02-30' in the file name",
            "bad-toml.md:4: invalid TOML front matter: Invalid value",  # the array runs to the end
            "binary.md:3: binary file (NUL byte); skipped",
            "blank.md: empty file; skipped",
            "dangling.md: broken symlink; not followed",
            "elsewhere: symlink leads out of the store; not followed",
            "empty.md: empty file; skipped",
            "impossible.md:3: impossible date '2021-02-30'; 'date' ignored",
            "invalid.md:4: expected 'key: value'",
            "latin1.md:2: not UTF-8 (byte 0xE9); read as Windows-1252",
            "loop: symlink loop (leads back to a folder above it); not followed",
            "ping.md: symlink loop; not followed",
            "pong.md: symlink loop; not followed",
            "secret.md: symlink leads out of the store; not followed",
            "sub/up: symlink leads out of the store; not followed",
            "unclosed.md:1: front matter opened by '+++' is never closed; "
            "the whole file is read as the body",
        ]
    )


def test_every_other_post_loads_with_its_fallback(hostile: Path) -> None:
    posts, _ = loaded(hostile)
    assert set(posts) == {
        "good", "alias", "markup", "link", "escapes", "yaml-escapes", "unclosed", "invalid",
        "bad-toml", "impossible", "2021-02-30-named", "latin1", "huge",
    }  # fmt: skip
    assert posts["alias"].title == "A good post"
    assert posts["unclosed"].body.startswith('+++\ntitle = "never closed"')
    assert posts["unclosed"].title == "unclosed"
    assert (posts["invalid"].title, str(posts["invalid"].date)) == ("fine", "2019-05-05")
    assert posts["bad-toml"].title == "kept"
    assert (posts["impossible"].title, posts["impossible"].date) == ("Impossible", None)
    assert posts["2021-02-30-named"].date is None
    assert (posts["latin1"].title, posts["latin1"].body) == ("Café crème", "Grüße\n")
    assert len(posts["huge"].body) > 2_000_000


def test_markup_in_titles_is_kept_literally(hostile: Path) -> None:
    posts, _ = loaded(hostile)
    assert posts["markup"].title == "[bold red]x[/]"
    assert posts["markup"].tags == ("[b]t[/b]",)
    assert posts["markup"].body == "[i]body[/i]\n"
    assert posts["link"].title == "[link=file:///etc/passwd]y[/link]"


def test_terminal_controls_never_survive_loading(hostile: Path) -> None:
    posts, _ = loaded(hostile)
    for post in posts.values():
        for text in (post.title, post.body, *post.tags, *post.authors, post.id, post.path):
            assert not CONTROL.search(text), (post.id, text[:80])
        assert "\n" not in post.title
        assert "\r" not in post.body
    escapes = posts["escapes"]
    assert "\x1b" not in escapes.title and "\x07" not in escapes.title
    assert escapes.title.startswith("red \ufffd[31mtitle")
    assert escapes.title.endswith("cr end")
    assert escapes.authors == ("Eve\ufffd[2J",)
    assert escapes.tags == ("t\ufffd1m",)
    assert "Overwritten" in escapes.body and "\ufffd]52;c;ZXZpbA==\ufffd" in escapes.body
    assert "\x1b" not in posts["yaml-escapes"].title


def test_loading_never_changes_the_store(hostile: Path) -> None:
    before = tree_state(hostile)
    load_store(hostile)
    list(iter_post_files(hostile))
    assert tree_state(hostile) == before


def test_hidden_files_and_folders_are_not_walked(hostile: Path) -> None:
    names = {path.name for path in iter_post_files(hostile)}
    assert ".hidden.md" not in names and "HEAD.md" not in names


# -- file names the terminal or SQLite must never see -----------------------------


def post_text(title: str) -> str:
    return f"---\ntitle: {title}\n---\nbody\n"


@pytest.fixture
def bad_names(tmp_path: Path) -> Path:
    store = tmp_path / "names"
    store.mkdir()
    (store / "ok.md").write_text(post_text("fine"), encoding="utf-8")
    with open(os.fsencode(store) + b"/caf\xe9.md", "w") as file:  # Latin-1, not UTF-8
        file.write(post_text("latin"))
    (store / f"{OSC_52}evil.md").write_text(post_text("osc"), encoding="utf-8")
    (store / "line\nbreak.md").write_text(post_text("newline"), encoding="utf-8")
    folder = store / "sub\x1b[2J"
    folder.mkdir()
    (folder / "inner.md").write_text(post_text("inner"), encoding="utf-8")
    (store / "note\x07.txt").write_text("not a post", encoding="utf-8")  # never walked
    return store


def test_names_that_are_not_utf8_or_hold_controls_are_skipped_and_reported(
    bad_names: Path,
) -> None:
    contents = load_store(bad_names)
    assert [post.id for post in contents.posts] == ["ok"]
    assert sorted(map(str, contents.problems)) == [
        "caf\ufffd.md: file name is not UTF-8; skipped",
        "line break.md: file name has control characters; skipped",
        "sub\ufffd[2J: folder name has control characters; not read",
        "\ufffd]52;c;ZXZpbA==\ufffdevil.md: file name has control characters; skipped",
    ]
    for problem in contents.problems:
        problem.path.encode("utf-8")  # printable, storable
        assert not CONTROL.search(problem.path)


def test_bad_names_do_not_break_the_index(bad_names: Path) -> None:
    from reader.catalog import Filter, Marks
    from reader.index import open_catalog

    catalog, problems = open_catalog(bad_names)
    assert [row.id for row in catalog.select(Filter(), Marks()).rows] == ["ok"]
    assert [row.id for row, _score in catalog.search("body", Marks())] == ["ok"]
    assert sorted(map(str, problems)) == sorted(map(str, load_store(bad_names).problems))
