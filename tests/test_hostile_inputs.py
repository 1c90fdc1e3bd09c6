"""Inputs meant to hang or exhaust the reader: special files, huge or pathological text.

Each case runs the real load (store, index, CLI, importer) and must finish
quickly with a one-line report. Anything that could block runs in a daemon
thread with a timeout, so a regression fails the test instead of hanging
the suite.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import SEED

from reader.budgets import MAX_FRONT_MATTER_CHARS, MAX_SCRAPE_BYTES, MAX_TITLE_CHARS
from reader.cli import main
from reader.formats.dates import ImpossibleDate, coerce_date, parse_date_text
from reader.formats.markdown_body import body_blocks
from reader.formats.post_writer import render_post
from reader.formats.recover import recover, recurring_phrase
from reader.formats.recover_text import count_phrases, first_sentence, quoted_spans
from reader.formats.scrape import ScrapeError, parse_scrape, read_scrape
from reader.formats.toml_front import parse_toml
from reader.postfile import NotRegular, TooLarge, read_limited
from reader.query_snippet import marked, prose, snippet
from reader.store import load_store, parse_post, read_file

T = TypeVar("T")
LIMIT = 5.0
"""Seconds a guarded call may take before it counts as hung (it takes milliseconds)."""


def finishes(call: Callable[[], T], limit: float = LIMIT) -> T:
    """The result of `call`, which must return within `limit` seconds."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except BaseException as error:  # handed back to the test
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"still running after {limit} s: it hangs"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]


def make_device(path: Path) -> None:
    """A character device like /dev/null at `path`, or a symlink to /dev/zero
    where creating devices is not allowed."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        path.symlink_to("/dev/zero")


@pytest.fixture
def special_store(tmp_path: Path) -> Iterator[Path]:
    """A store with one good post and every kind of file that blocks or never ends."""
    store = tmp_path / "s"
    store.mkdir()
    (store / "good.md").write_text("# Good\n\nBody.\n", encoding="utf-8")
    os.mkfifo(store / "fifo")
    (store / "link.md").symlink_to("fifo")
    os.mkfifo(store / "x.md")
    make_device(store / "dev")
    (store / "device.md").symlink_to("dev")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(store / "sock.md"))
    try:
        yield store
    finally:
        listener.close()
        release_fifos(store)


def release_fifos(store: Path) -> int:
    """Give every reader blocked on one of the store's FIFOs an end of file.

    A regression leaves a thread stuck opening a FIFO; opening its other end
    frees it, so a failing test ends instead of hanging the suite. Returns
    how many readers were waiting.
    """
    freed = 0
    for fifo in (store / "fifo", store / "x.md"):
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue  # no reader waiting: nothing hangs
        os.close(fd)
        freed += 1
    return freed


SPECIAL = ("device.md", "link.md", "sock.md", "x.md")


def test_special_files_in_a_store_are_reported_not_read(special_store: Path) -> None:
    contents = finishes(lambda: load_store(special_store))
    assert [post.id for post in contents.posts] == ["good"]
    reported = {problem.path: problem.reason for problem in contents.problems}
    for name in SPECIAL:
        if name == "device.md" and (special_store / "dev").is_symlink():
            assert "out of the store" in reported[name]
        else:
            assert reported[name] == "not a regular file; skipped", name


@pytest.mark.parametrize("name", SPECIAL)
def test_reading_one_special_file_never_blocks(special_store: Path, name: str) -> None:
    post, problems = finishes(lambda: read_file(special_store / name, name))
    assert post is None
    assert [str(problem) for problem in problems] == [f"{name}: not a regular file; skipped"]


def test_a_device_is_refused_before_a_byte_is_read() -> None:
    with pytest.raises(NotRegular, match=r"^not a regular file$"):
        finishes(lambda: read_limited("/dev/zero", 1024))


def test_the_index_and_the_commands_skip_special_files(
    special_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader.catalog import Filter, Marks
    from reader.index import open_catalog

    catalog, problems = finishes(lambda: open_catalog(special_store))
    assert [row.id for row in catalog.select(Filter(), Marks()).rows] == ["good"]
    assert {problem.path for problem in problems} >= {"link.md", "sock.md", "x.md"}
    for command in (["list"], ["index"], ["bookmarks"], ["tags"]):
        assert finishes(partial(main, ["--store", str(special_store), *command])) == 0
    assert "not a regular file" in capsys.readouterr().err
    for name in ("x", "link", "sock"):
        add = ["--store", str(special_store), "bookmark", "add", name]
        assert finishes(partial(main, add)) == 1
        assert "could not be read" in capsys.readouterr().err


async def test_the_app_lists_a_store_with_special_files(special_store: Path) -> None:
    from app_stores import settle

    from reader.tui.app import ReaderApp
    from reader.tui.widgets.post_list import PostList

    # After the limit, blocked reads are freed again and again, so a
    # regression fails the test instead of hanging it.
    done = threading.Event()
    freed: list[int] = []

    def keep_freeing() -> None:
        if not done.wait(LIMIT):
            while not done.wait(0.1):
                freed.append(release_fifos(special_store))

    threading.Thread(target=keep_freeing, daemon=True).start()
    try:
        app = ReaderApp(special_store)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            listed = [row.id for row in app.screen.query_one(PostList).selection.rows]
    finally:
        done.set()
    assert not any(freed), "the app blocked on a FIFO"
    assert listed == ["good"]


def test_a_file_past_its_budget_is_refused_with_the_budget(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 2049)
    assert read_limited(path, 2049) == b"x" * 2049
    with pytest.raises(TooLarge, match="larger than"):
        read_limited(path, 2048)


def test_import_of_a_device_or_fifo_ends_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    into = str(tmp_path / "out")
    for source in ("/dev/zero", str(tmp_path / "pipe.txt")):
        status = finishes(partial(main, ["import", source, "--into", into]))
        assert status == 1
        assert capsys.readouterr().err.strip() == f"reader: {source}: not a regular file"
    assert not (tmp_path / "out").exists()


def test_a_scrape_past_its_budget_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(MAX_SCRAPE_BYTES + 1)  # sparse: no disk space used
    started = time.process_time()
    with pytest.raises(ScrapeError) as caught:
        read_scrape(path)
    assert time.process_time() - started < 1.0
    assert str(caught.value) == f"{path}: larger than 64 MB; not a scrape file"


def test_a_fifo_where_the_import_would_write_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "out"
    assert main(["import", str(SEED), "--into", str(into)]) == 0
    target = sorted(into.iterdir())[0]
    target.unlink()
    os.mkfifo(target)
    capsys.readouterr()
    status = finishes(lambda: main(["import", str(SEED), "--into", str(into)]))
    assert status == 1
    assert f"{target}: not a regular file" in capsys.readouterr().err


# -- pathological text: linear time, bounded memory -------------------------------


def cpu_seconds(call: Callable[[], T]) -> tuple[T, float]:
    """The result of `call` and the CPU time it took (not wall time: a busy
    machine slows a test's clock, not its work)."""
    started = time.process_time()
    result = call()
    return result, time.process_time() - started


def test_a_heading_of_many_blanks_loads_at_once_and_collapses() -> None:
    data = ("# a" + " " * 20_000 + "b\t\t c #\n\nBody.\n").encode()
    (post, problems), seconds = cpu_seconds(lambda: parse_post(data, "a.md"))
    assert seconds < 1.0  # took 6 s when the heading was matched lazily
    assert post is not None and problems == []
    assert post.title == "a b c"
    assert post.title_source == "heading"


def test_a_closing_sequence_is_still_cut_from_a_heading() -> None:
    for heading, title in (("# Title ##", "Title"), ("# C#", "C#"), ("#  #", "#")):
        post, _ = parse_post(f"{heading}\n\nBody.\n".encode(), "a.md")
        assert post is not None and post.title == title, heading


@pytest.mark.parametrize(
    "text",
    [
        f"# {'word ' * 6_000_000}\n\nBody.\n",  # a 30 MB heading
        f'+++\ntitle = "{"word " * 40_000}"\n+++\nBody.\n',  # within the front-matter budget
    ],
    ids=["heading", "front matter"],
)
def test_a_huge_title_is_cut_to_the_budget(text: str) -> None:
    (post, _problems), seconds = cpu_seconds(lambda: parse_post(text.encode(), "a.md"))
    assert seconds < 5.0
    assert post is not None
    assert len(post.title) == MAX_TITLE_CHARS
    assert post.title.endswith("…") and post.title.startswith("word word")


def test_front_matter_past_its_budget_is_ignored_and_reported() -> None:
    block = 'title = "Big"\n' + "# padding\n" * (MAX_FRONT_MATTER_CHARS // 10)
    for fence in ("+++", "---"):
        data = f"{fence}\n{block}{fence}\n# Heading\n\nBody.\n".encode()
        (post, problems), seconds = cpu_seconds(partial(parse_post, data, "a.md"))
        assert seconds < 1.0
        assert post is not None
        assert post.title == "Heading" and post.body.startswith("# Heading")
        assert [str(problem) for problem in problems] == [
            "a.md:1: front matter longer than 256K characters; ignored, the body still loads"
        ]


def test_front_matter_within_its_budget_is_read() -> None:
    padding = "# padding\n" * (MAX_FRONT_MATTER_CHARS // 20)
    post, problems = parse_post(f'+++\ntitle = "Kept"\n{padding}+++\nBody.\n'.encode(), "a.md")
    assert post is not None and post.title == "Kept" and problems == []


@pytest.mark.parametrize("text", ["a" * 200_000, 'a\\"' * 60_000], ids=["plain", "escapes"])
def test_a_long_toml_string_costs_memory_in_proportion(text: str) -> None:
    tracemalloc.start()
    try:
        data, problems = parse_toml(f'title = "{text}"\n')
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problems == [] and len(data["title"]) == len(text.replace("\\", ""))
    # The text and its unescaped copy, a few bytes a character; it was ~165.
    assert peak < 20 * len(text)


def test_toml_integers_past_64_bits_go_to_tomllib() -> None:
    digits = "1" + "0" * 5000  # past Python's int() digit limit
    data, problems = parse_toml(f"n = {digits}\ntitle = 'ok'\n")
    assert data == {"title": "ok"}
    assert problems and "invalid TOML" in problems[0][1]


@pytest.mark.parametrize(
    "body",
    ["[" * 60_000, "[a](" * 15_000, "\n" * 60_000, " \n" * 30_000, "<" * 60_000, "![" * 30_000],
    ids=["brackets", "open-links", "newlines", "blank-lines", "angles", "images"],
)
def test_a_snippet_of_pathological_markdown_is_cut_at_once(body: str) -> None:
    _, seconds = cpu_seconds(lambda: snippet(body + " needle", ["needle"]))
    assert seconds < 1.0  # 60 KB of `[` took 17 s


def test_snippets_still_read_links_as_their_text() -> None:
    text = prose("See [the post](http://x/wiki/A_(b)) and ![a map](m.png) **bold**\n# Head")
    assert text == "See the post and a map bold Head"
    assert marked(snippet("[a [b](u) c] needle", ["needle"])) == "[a b c] **needle**"


# -- scrapes: `reader import` stays linear -----------------------------------------


def scrape_of(body: str) -> bytes:
    """One well-formed scrape post around `body`."""
    header = "Posted By Someone,\n13 September 2016\n|\n"
    return (header + body + "\nPermalink\n| Comments (0)\n").encode()


def import_cpu_seconds(body: str) -> float:
    """CPU time to parse, recover and render every post of a scrape of `body`."""

    def run() -> None:
        for post in parse_scrape(scrape_of(body), "x.txt"):
            render_post(post, recover(post))

    return cpu_seconds(run)[1]


@pytest.mark.parametrize(
    "unit",
    [" 'a", "'a ", "e.g. ", ". ", "… ", "a. "],
    ids=["quotes", "quotes2", "eg", "stops", "ellipses", "sentences"],
)
def test_one_long_line_of_quotes_or_full_stops_imports_at_once(unit: str) -> None:
    assert import_cpu_seconds(unit * (60_000 // len(unit))) < 1.0  # up to 16 s before


def test_sentences_and_quotes_are_still_found() -> None:
    assert first_sentence("See e.g. this one. Then that.") == "See e.g. this one."
    assert first_sentence("Dr. Who came. Then.") == "Dr. Who came."
    assert first_sentence("It ended .  Next") == "It ended ."
    spans = quoted_spans("He said ‘it can’t be’ and 'that one' isn't \"so\".")
    assert [span.text for span in spans] == ["it can’t be", "that one", "so"]


@pytest.mark.parametrize(
    "body",
    [
        "\n".join(f"this is a short line of the post, number {i}" for i in range(10_000)),
        "\n".join(f"‘alpha beta {i}’" for i in range(3_000)),
        " ".join(f"‘alpha beta {i}’" for i in range(3_000)),
    ],
    ids=["10k-lines", "quoted-lines", "quoted-words"],
)
def test_a_post_of_many_lines_or_quotes_imports_at_once(body: str) -> None:
    assert import_cpu_seconds(body) < 1.0  # 10,000 lines took 6 s, 3,000 quotes 2-3 s


def test_pull_quotes_and_recurring_phrases_are_still_found() -> None:
    lines = [
        "The charity sector must learn to trust the people it serves, every single day.",
        "learn to trust the people it serves",
        "Short one.",
    ]
    assert [block.kind for block in body_blocks(lines)] == ["paragraph", "quote", "paragraph"]
    texts = ["We call it ‘the Long Game’ here.", "The long game, played well, wins.", "A gamer."]
    assert recurring_phrase(texts) == "the Long Game"
    counts = count_phrases(["ha ha", "game"], ["ha ha ha", "Ha ha! games, game"])
    assert counts == {"ha ha": 2, "game": 1}


# -- one bad value never takes the store down ----------------------------------------


OUT_OF_RANGE = ("9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00")


def date_files(value: str) -> dict[str, str]:
    """The same out-of-range date in every front-matter form that reads dates."""
    return {
        "toml.md": f"+++\ntitle = 'T'\ndate = {value}\n+++\nBody.\n",
        # A multi-line array sends the block to tomllib, which makes its own datetimes.
        "tomllib.md": f"+++\ntitle = 'L'\ndate = {value}\ntags = [\n  'a',\n]\n+++\nBody.\n",
        "yaml.md": f"---\ntitle: Y\ndate: {value}\nupdated: {value.replace('T', ' ')}\n---\n",
        "json.md": f'{{"title": "J", "date": "{value}"}}\nBody.\n',
    }


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_date_out_of_range_in_utc_is_ignored_and_reported(tmp_path: Path, value: str) -> None:
    from reader.catalog import Filter, Marks
    from reader.index import open_catalog

    for name, text in date_files(value).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "9999-12-31-last.md").write_text("# Last\n", encoding="utf-8")
    contents = load_store(tmp_path)
    dates = {post.path: post.date for post in contents.posts}
    assert dates == {
        "9999-12-31-last.md": dt.date(9999, 12, 31),
        "json.md": None,
        "toml.md": None,
        "tomllib.md": None,
        "yaml.md": None,
    }
    reported = sorted(str(problem) for problem in contents.problems)
    out_of_range = f"date '{value}' is out of range in UTC"
    assert reported == [
        f"json.md: {out_of_range}; 'date' ignored",
        f"toml.md:3: {out_of_range}; 'date' ignored",
        f"tomllib.md:3: {out_of_range}; 'date' ignored",
        f"yaml.md:3: {out_of_range}; 'date' ignored",
        f"yaml.md:4: {out_of_range}; 'updated' ignored",
    ]
    catalog, _problems = open_catalog(tmp_path)
    assert len(catalog.select(Filter(), Marks()).rows) == 5


def test_parse_date_text_refuses_what_cannot_be_sorted() -> None:
    for value in OUT_OF_RANGE:
        with pytest.raises(ImpossibleDate):
            parse_date_text(value)
        aware = dt.datetime.fromisoformat(value)
        with pytest.raises(ImpossibleDate):
            coerce_date(aware)
    edge = parse_date_text("9999-12-31T23:59:59+01:00")
    assert isinstance(edge, dt.datetime) and edge.year == 9999


# -- a store whose own path is not UTF-8 --------------------------------------------


@pytest.fixture
def non_utf8_store(tmp_path: Path) -> Path:
    """A store at a path with a byte that is not UTF-8 (Python sees a surrogate)."""
    folder = os.fsencode(tmp_path) + b"/posts\xff"
    os.mkdir(folder)
    root = Path(os.fsdecode(folder))
    post = '+++\ntitle = "Hello"\ntags = ["gardening"]\n+++\nA body about gardens.\n'
    (root / "hello.md").write_text(post, encoding="utf-8")
    return root


def test_a_store_at_a_path_that_is_not_utf8_loads_and_indexes(non_utf8_store: Path) -> None:
    from reader.catalog import Filter, Marks
    from reader.index import open_catalog

    assert [post.id for post in load_store(non_utf8_store).posts] == ["hello"]
    catalog, problems = open_catalog(non_utf8_store)
    assert problems == []
    assert [row.id for row in catalog.select(Filter(), Marks()).rows] == ["hello"]
    assert [row.id for row, _score in catalog.search("gardens", Marks())] == ["hello"]
    again, _ = open_catalog(non_utf8_store)  # the recorded path matches: no rebuild, no error
    assert [row.id for row in again.select(Filter(), Marks()).rows] == ["hello"]


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["list"], "Hello"),
        (["tags"], "gardening"),
        (["index"], "1 post "),
        (["search", "gardens"], "Hello"),
        (["show", "hello"], "A body about gardens."),
    ],
)
def test_commands_work_on_a_store_at_a_path_that_is_not_utf8(
    non_utf8_store: Path, command: list[str], shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--store", str(non_utf8_store), *command]) == 0
    assert shown in capsys.readouterr().out
