"""Write a synthetic post store for benchmarks: deterministic for a given seed.

    python bench/generate.py --posts 10000 --out /tmp/store10k [--seed 1] [--huge-post]

Posts look like a real blog's: bodies of paragraphs, headings, lists and the
odd link (median ~3 KB) drawn from a vocabulary of a few thousand words with
a Zipf-like distribution, so searches meet both common and rare words; 1-6
tags from ~300, also Zipf-distributed; dates over 15 years; TOML front matter
mostly, some YAML and a little JSON; files in `YYYY/MM/slug.md` and some page
bundles `YYYY/slug/index.md`. `--huge-post` adds one 2 MB post.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import sys
import time
from pathlib import Path

_COMMON_TEXT = (
    "the of and to a in is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would when if "
    "so no will more can about what up out them some into time only could other than then "
    "its over also new people most work made like after first well way even just because "
    "good these year through where much before those many how change leadership community "
    "social team value world local think great every make between same another"
)
_COMMON = tuple(_COMMON_TEXT.split(" "))
_ONSETS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
           "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "st", "th", "tr")  # fmt: skip
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou", "io")
_CODAS = ("", "", "n", "r", "s", "t", "l", "m", "nd", "st", "ng", "rk")
_FIRST = ("Alex", "Sam", "Jo", "Priya", "Kwame", "Mei", "Olu", "Ines", "Tomas", "Aoife", "Ravi",
          "Lena", "Marta", "Yusuf", "Hana", "Dawn", "Liam", "Sophie", "Deborah", "Nia")  # fmt: skip
_LAST = ("Austwick", "Russell", "Livingstone", "Okafor", "Chen", "Garcia", "Novak", "Byrne",
         "Patel", "Kowalski", "Haddad", "Moreau", "Jensen", "Tanaka", "Mensah")  # fmt: skip
VOCABULARY_SIZE = 4000
TAG_COUNT = 300
STREAM_WORDS = 1 << 21


def _words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        syllables = rng.choice((1, 2, 2, 2, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


class _Writer:
    """Makes posts from one seeded random stream."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        taken = set(_COMMON)
        self.vocabulary = list(_COMMON) + _words(self.rng, VOCABULARY_SIZE - len(_COMMON), taken)
        weights = _zipf_weights(len(self.vocabulary), 1.0)
        # Sentences are slices of one long Zipf-distributed word stream: drawing
        # each word anew costs ~1 µs, which made 100k posts take a minute.
        self.stream = self.rng.choices(self.vocabulary, cum_weights=weights, k=STREAM_WORDS)
        self.tags = _words(self.rng, TAG_COUNT, taken)
        self.tags[:6] = ["challenges", "collaboration", "leadership", "change", "politics", "value"]
        self.tag_weights = _zipf_weights(len(self.tags), 1.1)
        self.authors = [f"{first} {last}" for first in _FIRST for last in _LAST[:3]]
        self.start = dt.date(2010, 1, 1)

    def sentence(self, low: int = 6, high: int = 22, links: bool = True) -> str:
        count = self.rng.randint(low, high)
        start = self.rng.randrange(len(self.stream) - count)
        words = self.stream[start : start + count]
        if links and self.rng.random() < 0.05:
            at = self.rng.randrange(len(words))
            words[at] = f"[{words[at]}](https://example.com/{self.rng.choice(self.vocabulary)})"
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice((".", ".", ".", ".", "?", "!"))

    def body(self) -> str:
        rng = self.rng
        blocks: list[str] = []
        # Paragraph count from a log-normal: median ~3 KB with a long tail.
        for _ in range(max(1, round(rng.lognormvariate(2.0, 0.45)))):
            roll = rng.random()
            if roll < 0.08:
                blocks.append("## " + self.sentence(2, 6, links=False).rstrip(".?!"))
            elif roll < 0.16:
                numbered = rng.random() < 0.4
                items = [self.sentence(3, 12) for _ in range(rng.randint(2, 6))]
                blocks.append(
                    "\n".join(
                        (f"{n}. " if numbered else "- ") + item for n, item in enumerate(items, 1)
                    )
                )
            else:
                blocks.append(" ".join(self.sentence() for _ in range(rng.randint(2, 6))))
        return "\n\n".join(blocks) + "\n"

    def front_matter(self, meta: dict[str, object]) -> str:
        roll = self.rng.random()
        if roll < 0.03:
            plain = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in meta.items()}
            return json.dumps(plain, indent=2) + "\n\n"
        if roll < 0.22:
            lines = ["---"]
            for key, value in meta.items():
                if isinstance(value, list):
                    if self.rng.random() < 0.5:
                        lines.append(f"{key}: [{', '.join(value)}]")
                    else:
                        lines.append(f"{key}:")
                        lines.extend(f"  - {item}" for item in value)
                elif isinstance(value, str):
                    lines.append(f'{key}: "{value}"')
                else:
                    lines.append(f"{key}: {value}")
            return "\n".join(lines) + "\n---\n\n"
        lines = ["+++"]
        for key, value in meta.items():
            if isinstance(value, list):
                lines.append(f"{key} = [{', '.join(json.dumps(v) for v in value)}]")
            elif isinstance(value, str):
                lines.append(f"{key} = {json.dumps(value)}")
            elif isinstance(value, dt.datetime):
                lines.append(f"{key} = {value.isoformat()}")
            else:
                lines.append(f"{key} = {value}")
        lines += ["", "[extra]", f'posted_by = "{self.rng.choice(self.authors)}"', "+++", "", ""]
        return "\n".join(lines)

    def post(self, number: int) -> tuple[str, str]:
        """(relative path, file text) of post `number`."""
        rng = self.rng
        day = self.start + dt.timedelta(days=rng.randrange(15 * 365))
        date: dt.date = day
        if rng.random() < 0.3:
            date = dt.datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60))
        title = self.sentence(2, 8, links=False).rstrip(".?!")
        slug = "-".join(title.lower().split()[:5])[:48] + f"-{number}"
        count = rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6))
        tags: list[str] = []
        while len(tags) < count:
            tag = rng.choices(self.tags, cum_weights=self.tag_weights)[0]
            if tag not in tags:
                tags.append(tag)
        meta: dict[str, object] = {"title": title, "date": date}
        if rng.random() < 0.2:
            meta["updated"] = day + dt.timedelta(days=rng.randrange(1, 900))
        if rng.random() < 0.6:
            meta["authors"] = rng.sample(self.authors, rng.choice((1, 1, 1, 2)))
        meta["tags"] = tags
        if rng.random() < 0.1:
            rel = f"{day.year}/{slug}/index.md"
        else:
            rel = f"{day.year}/{day.month:02d}/{slug}.md"
        return rel, self.front_matter(meta) + self.body()


def generate(out: Path, posts: int, seed: int = 1) -> None:
    """Write `posts` posts under `out` (created if missing; existing files replaced)."""
    writer = _Writer(seed)
    made: set[Path] = set()
    for number in range(posts):
        rel, text = writer.post(number)
        path = out / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        # os.open/os.write: a third of the cost of open() here, and 100k files add up.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, text.encode("utf-8"))
        finally:
            os.close(fd)


def write_huge_post(out: Path, size: int = 2 * 1024 * 1024, seed: int = 1) -> Path:
    """Write one post of about `size` bytes (default 2 MB) into the store at `out`."""
    writer = _Writer(seed + 7919)
    parts = ['+++\ntitle = "A very long post"\ndate = 2024-12-31\ntags = ["long"]\n+++\n\n']
    length = len(parts[0])
    while length < size:
        block = writer.body()
        parts.append(block + "\n")
        length += len(block.encode()) + 1
    path = out / "huge" / "a-very-long-post.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--huge-post", action="store_true", help="also write one 2 MB post")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.out, args.posts, args.seed)
    if args.huge_post:
        write_huge_post(args.out, seed=args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.posts} posts to {args.out} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
