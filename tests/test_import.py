"""`reader import`: files written, damaged scrapes, all-or-nothing, idempotency, --force."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from conftest import SAMPLE_POSTS, SEED

from reader.cli import main
from reader.importers.scrape.importer import import_scrapes, plan_import
from reader.importers.scrape.parse import ScrapeError
from reader.importers.store_files import ImportRefused
from reader.model import Post
from reader.store import parse_post

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_NAMES = [
    "2016-09-06-leadership-is-a-slippery-concept.md",
    "2016-09-13-generous-leadership.md",
    "2017-01-16-make-no-mistake-this-country-faces-huge-challenges.md",
    "2017-02-08-social-investment-is-a-subject-that-has-been-much-talked.md",
    "2017-02-14-the-challenge-of-co-production-when-we-cant-be-trusted.md",
]


def load(path: Path) -> Post:
    post, problems = parse_post(path.read_bytes(), path.name)
    assert problems == []
    assert post is not None
    return post


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder (hidden ones too) with its bytes and mtime."""
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.iterdir())
    }


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- the sample scrape through the command line -----------------------------------


def test_cli_imports_the_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    into = tmp_path / "store" / "posts"  # created, parents too
    assert main(["import", str(SEED), "--into", str(into)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 posts: 5 written, 0 unchanged"
    assert all(line.startswith("written    ") for line in out[:-1])
    assert sorted(path.name for path in into.iterdir()) == SEED_NAMES

    posts = {post.date: post for post in map(load, into.iterdir())}
    generous = posts[dt.date(2016, 9, 13)]
    assert generous.title == "Generous leadership"
    assert generous.title_source == "explicit" and generous.title_guessed
    assert generous.updated == dt.date(2020, 12, 7)
    assert generous.authors == ("Dawn Austwick",)
    assert generous.tags == ("challenges", "change", "collaboration", "politics", "value")
    assert generous.extra["posted_by"] == "Clore Social Leadership"
    assert generous.extra["source"] == SEED.name
    assert generous.extra["source_line"] == 90
    assert generous.body.startswith("Dawn Austwick is Chief Executive of Big Lottery Fund.\n\n")
    assert posts[dt.date(2017, 1, 16)].authors == ("Sophie Livingstone",)
    assert posts[dt.date(2016, 9, 6)].authors == ("Dr Henry Kippin",)
    assert posts[dt.date(2017, 2, 14)].authors == ()
    assert posts[dt.date(2017, 2, 8)].authors == ()
    assert posts[dt.date(2017, 2, 8)].extra["author_hint"] == "Deborah"
    for post in posts.values():
        assert "Clore Social Leadership" not in post.authors
    assert "\n1. Great organisational leadership" in posts[dt.date(2016, 9, 6)].body


def test_generous_leadership_file_layout(tmp_path: Path) -> None:
    import_scrapes([SEED], tmp_path)
    text = (tmp_path / "2016-09-13-generous-leadership.md").read_text(encoding="utf-8")
    assert text.startswith(
        "+++\n"
        'title = "Generous leadership"\n'
        "date = 2016-09-13\n"
        "updated = 2020-12-07\n"
        'authors = ["Dawn Austwick"]\n'
        'tags = ["challenges", "change", "collaboration", "politics", "value"]\n'
        "\n"
        "[extra]\n"
        'posted_by = "Clore Social Leadership"\n'
        'title_source = "explicit"\n'
        'authors_source = "bio-line"\n'
        "comments = 0\n"
        'source = "000_ff3c4186ac20cdb6.txt"\n'
        "source_line = 90\n"
        "+++\n"
        "\n"
        "Dawn Austwick is Chief Executive of Big Lottery Fund.\n"
        "\n"
        "Anyone interested in the role"
    )
    assert text.endswith("fully embrace the complexity that will provoke.\n")
    assert "\n\n\n" not in text


def test_the_sample_store_is_this_importer_s_output(tmp_path: Path) -> None:
    """posts/ is generated: re-importing the seed must give the same bytes."""
    import_scrapes([SEED], tmp_path)
    fresh = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    shipped = {path.name: path.read_bytes() for path in SAMPLE_POSTS.glob("*.md")}
    assert shipped == fresh


# --- damaged and varied scrapes all import -----------------------------------------


def _lines() -> list[str]:
    return SEED_TEXT.split("\n")


VARIANTS: dict[str, str] = {
    "crlf": SEED_TEXT.replace("\n", "\r\n"),
    "bom": "\ufeff" + SEED_TEXT,
    "final-newline": SEED_TEXT + "\n",
    "no-updated": SEED_TEXT.replace("Updated: 07 December 2020\n", ""),
    "no-tag-block": SEED_TEXT.replace(
        "\nTags:\nchallenges\ncollaboration\nfellow\nrespect\ntips\nvalue\n", "\n"
    ),
    "no-blank-before-tags": SEED_TEXT.replace(".\n\nTags:", ".\nTags:"),
    "body-tags-and-permalink-lines": SEED_TEXT.replace(
        "You can’t expect", "Tags:\nPermalink\nYou can’t expect"
    ),
    "blank-lines-in-body": SEED_TEXT.replace(".\nWhen I talk", ".\n\n\nWhen I talk"),
    "single-digit-day": SEED_TEXT.replace("06 September 2016", "6 September 2016"),
    "comment-count": SEED_TEXT.replace("| Comments (0)", "| Comments (3)", 2),
    "doubled-bars": SEED_TEXT.replace(
        "Updated: 07 December 2020\n|\n", "Updated: 07 December 2020\n|\n|\n"
    ),
    "no-outer-bars": SEED_TEXT.removeprefix("|\n").removesuffix("\n|"),
    "person-posting": SEED_TEXT.replace(
        "Posted By Clore Social Leadership,", "Posted By Liam Russell,", 1
    ),
    "dash-alone": SEED_TEXT.replace("- Buy-in:", "-\nBuy-in:"),
    "triangle-bullets": SEED_TEXT.replace("- Look at new", "‣ Look at new"),
    "pull-quote": SEED_TEXT.replace(
        "Dr Henry Kippin is", "‘Leadership is a slippery concept’\nDr Henry Kippin is"
    ),
    "caption": SEED_TEXT.replace("Dawn Austwick is", "Photo: Dawn Austwick\nDawn Austwick is"),
    "written-by": SEED_TEXT.replace(
        "Social investment is a subject",
        "Blog written by Deborah Smith and Omar Farah.\nSocial investment is a subject",
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_damaged_and_varied_scrapes_import(tmp_path: Path, variant: str) -> None:
    source = write(tmp_path, "page.txt", VARIANTS[variant])
    into = tmp_path / "out"
    assert main(["import", str(source), "--into", str(into)]) == 0
    posts = {post.date: post for post in map(load, into.iterdir())}
    assert len(posts) == 5
    assert posts[dt.date(2016, 9, 13)].title == "Generous leadership"
    for post in posts.values():
        assert post.title and "Clore Social Leadership" not in post.authors
        # The footer and the tag block never leak into the body.
        assert "Comments (" not in post.body
        assert not post.body.rstrip().endswith(("Permalink", "Tags:", *post.tags))


def test_variant_details(tmp_path: Path) -> None:
    def imported(variant: str) -> dict[dt.date | None, Post]:
        into = tmp_path / variant
        import_scrapes([write(tmp_path, f"{variant}.txt", VARIANTS[variant])], into)
        posts = list(map(load, into.iterdir()))
        return {post.date: post for post in posts if post.date is not None}

    first = dt.date(2017, 2, 14)
    assert imported("no-updated")[first].updated is None
    assert imported("no-tag-block")[first].tags == ()
    body = imported("body-tags-and-permalink-lines")[first].body
    assert "\n\nTags:\n\nPermalink\n\nYou can’t expect" in body
    assert imported("comment-count")[first].extra["comments"] == 3
    person = imported("person-posting")[first]
    assert person.extra["posted_by"] == "Liam Russell" and person.authors == ()
    assert "\n- Buy-in: For co-production" in imported("dash-alone")[first].body
    assert "\n- Look at new" in imported("triangle-bullets")[dt.date(2017, 2, 8)].body
    kippin = imported("pull-quote")[dt.date(2016, 9, 6)]
    assert kippin.body.startswith("> ‘Leadership is a slippery concept’\n\n")
    written = imported("written-by")[dt.date(2017, 2, 8)]
    assert written.authors == ("Deborah Smith", "Omar Farah")
    assert written.extra["authors_source"] == "written-by"
    assert written.title.startswith("Social investment is a subject")


# --- failures write nothing -----------------------------------------------------------


def test_truncated_file_fails_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = write(tmp_path, "cut.txt", "\n".join(_lines()[:100]))
    into = tmp_path / "out"
    assert main(["import", str(cut), "--into", str(into)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"reader: {cut}:90: post has no footer")
    assert captured.err.count("\n") == 1
    assert not into.exists()


def test_a_bad_file_among_good_ones_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "out"
    into.mkdir()
    (into / "mine.md").write_text("+++\ntitle = 'Mine'\n+++\n", encoding="utf-8")
    before = snapshot(into)
    good = write(tmp_path, "good.txt", SEED_TEXT.replace("2017", "2018"))
    bad = write(tmp_path, "bad.txt", SEED_TEXT.replace("08 February 2017", "8 Febtober 2017"))
    assert main(["import", str(SEED), str(good), str(bad), "--into", str(into)]) == 1
    assert f"{bad}:32: expected a date" in capsys.readouterr().err
    assert snapshot(into) == before


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "{path}: no such file"),
        ("folder", "{path}: is a folder, not a file to import"),
        ("latin1", "{path}:94: not UTF-8 text (byte 0xe9)"),
        ("empty", "{path}: no posts found (expected 'Posted By NAME,')"),
    ],
)
def test_unreadable_inputs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str, expected: str
) -> None:
    path = tmp_path / "input.txt"
    if setup == "folder":
        path.mkdir()
    elif setup == "latin1":
        path.write_bytes(SEED_TEXT.replace("Dawn", "Déwn", 1).encode("latin-1", "replace"))
    elif setup == "empty":
        path.write_bytes(b"")
    assert main(["import", str(path), "--into", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"reader: {expected.format(path=path)}\n"
    assert not (tmp_path / "out").exists()


def test_into_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "file.md"
    target.write_text("x", encoding="utf-8")
    assert main(["import", str(SEED), "--into", str(target)]) == 1
    assert capsys.readouterr().err == f"reader: {target}: not a folder\n"
    assert target.read_text(encoding="utf-8") == "x"


# --- idempotency, conflicts, --force ------------------------------------------------------


def test_importing_twice_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(SEED), "--into", str(tmp_path)]) == 0
    # Move the files' mtimes into the past, so a rewrite could not hide in the same tick.
    for path in tmp_path.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(tmp_path)
    capsys.readouterr()
    assert main(["import", str(SEED), str(SEED), "--into", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 posts: 0 written, 5 unchanged"
    assert all(line.startswith("unchanged  ") for line in out[:-1])
    assert snapshot(tmp_path) == before  # same bytes, same mtimes, no temp files


def test_a_different_file_is_not_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_scrapes([SEED], tmp_path)
    edited = tmp_path / "2016-09-13-generous-leadership.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMy note.\n", encoding="utf-8")
    (tmp_path / SEED_NAMES[0]).unlink()  # all-or-nothing: this one is not re-created
    before = snapshot(tmp_path)
    assert main(["import", str(SEED), "--into", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"reader: {edited}: exists and differs; use --force to replace\n"
    assert snapshot(tmp_path) == before

    assert main(["import", str(SEED), "--into", str(tmp_path), "--force"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 posts: 1 written, 3 unchanged, 1 replaced"
    assert f"replaced   {edited}" in out
    assert "My note." not in edited.read_text(encoding="utf-8")
    assert (tmp_path / SEED_NAMES[0]).exists()


def test_several_conflicts_are_all_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_scrapes([SEED], tmp_path)
    for name in SEED_NAMES[:2]:
        (tmp_path / name).write_text("changed", encoding="utf-8")
    assert main(["import", str(SEED), "--into", str(tmp_path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"reader: {tmp_path / SEED_NAMES[1]}: exists and differs; use --force to replace",
        f"reader: {tmp_path / SEED_NAMES[0]}: exists and differs; use --force to replace"
        " (2 problems; nothing written)",
    ]
    with pytest.raises(ImportRefused):
        import_scrapes([SEED], tmp_path)


def test_force_keeps_a_replaced_file_s_mode_and_new_files_follow_the_umask(
    tmp_path: Path,
) -> None:
    old_umask = os.umask(0o022)
    try:
        import_scrapes([SEED], tmp_path)
        target = tmp_path / SEED_NAMES[1]
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
        target.write_text("changed", encoding="utf-8")
        target.chmod(0o600)
        plan = import_scrapes([SEED], tmp_path, force=True)
    finally:
        os.umask(old_umask)
    assert [planned.action for planned in plan.files].count("replace") == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".")]


def test_same_day_same_title_gets_a_numbered_name(tmp_path: Path) -> None:
    lines = _lines()
    first_post = "\n".join(lines[:29])  # `|` ... `|` of the first post
    # Another post, not the same one twice: one more body line, same title.
    second_post = "\n".join([*lines[:18], "A closing line of its own.", *lines[18:29]])
    plan = import_scrapes(
        [write(tmp_path, "twice.txt", first_post + "\n" + second_post)], tmp_path / "out"
    )
    names = [planned.path.name for planned in plan.files]
    stem = SEED_NAMES[4].removesuffix(".md")
    assert names == [f"{stem}.md", f"{stem}-2.md"]
    assert plan.duplicates == 0


# --- overlapping listing pages ----------------------------------------------------


def test_a_post_in_two_inputs_is_imported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page1 = write(tmp_path, "page1.txt", SEED_TEXT)
    page2 = write(tmp_path, "page2.txt", SEED_TEXT)
    into = tmp_path / "out"
    assert main(["import", str(page1), str(page2), "--into", str(into)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5 posts: 5 written, 0 unchanged, 5 duplicates skipped"
    assert sorted(path.name for path in into.iterdir()) == SEED_NAMES
    # Each file says where the post was first met.
    assert all('source = "page1.txt"' in path.read_text() for path in into.iterdir())


def test_a_post_twice_in_one_input_is_imported_once(tmp_path: Path) -> None:
    lines = _lines()
    first_post = "\n".join(lines[:29])
    # The overlap of two pages pasted together: the first post again at the end.
    text = SEED_TEXT + "\n" + first_post
    plan = import_scrapes([write(tmp_path, "joined.txt", text)], tmp_path / "out")
    assert len(plan.files) == 5 and plan.duplicates == 1
    assert plan.summary() == "5 posts: 5 written, 0 unchanged, 1 duplicate skipped"


def test_the_same_posts_from_another_file_are_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "out"
    import_scrapes([SEED], into)
    for path in into.iterdir():
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(into)
    # Another name, and the posts further down the file: source and line differ.
    moved = write(tmp_path, "page-copy.txt", "\n\n" + SEED_TEXT)
    assert main(["import", str(moved), "--into", str(into)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "5 posts: 0 written, 5 unchanged"
    assert snapshot(into) == before  # not rewritten: the first source stays recorded


def test_a_real_difference_beside_the_source_is_still_a_conflict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "out"
    import_scrapes([SEED], into)
    target = into / "2016-09-13-generous-leadership.md"
    edited = target.read_text(encoding="utf-8").replace("Big Lottery", "Big Lotto", 1)
    target.write_text(edited, encoding="utf-8")
    moved = write(tmp_path, "page-copy.txt", SEED_TEXT)
    assert main(["import", str(moved), "--into", str(into)]) == 1
    assert "exists and differs" in capsys.readouterr().err


def test_plan_writes_nothing(tmp_path: Path) -> None:
    plan = plan_import([SEED], tmp_path / "out")
    assert plan.summary() == "5 posts: 5 written, 0 unchanged"
    assert not (tmp_path / "out").exists()
    with pytest.raises(ScrapeError):
        plan_import([SEED, tmp_path / "nope.txt"], tmp_path / "out")
