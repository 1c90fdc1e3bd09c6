"""The word-recall measure: source prose words found again in the rendered text."""

from __future__ import annotations

from reader.render import plain_text, render_document
from reader.render.recall import missing_words, source_words, word_recall


def test_syntax_urls_and_tags_are_not_counted_as_words() -> None:
    source = (
        "---\ntitle: Hidden\n---\nimport X from 'y'\n\n"
        'Hello <span class="c">world</span> [link](https://example.com/path) {{< youtube id >}} '
        "{% link a.md %} {/* note */} [^1] see https://b.org/q\n\n```python\ncode\n```"
    )
    assert source_words(source) == {"hello": 1, "world": 1, "link": 1, "see": 1, "code": 1}


def test_a_full_render_keeps_every_word() -> None:
    source = (
        "# Title\n\nSome *words* and <b>bold</b> [here](https://x.org).\n\n"
        "| a | b |\n|---|---|\n| c | d |"
    )
    plain = plain_text(render_document(source, 40))
    assert word_recall(source, plain) == 1.0


def test_dropped_words_lower_the_recall_and_are_named() -> None:
    source = "alpha beta gamma delta"
    assert word_recall(source, "alpha beta gamma") == 0.75
    assert missing_words(source, "alpha beta gamma") == ["delta"]


def test_each_occurrence_counts() -> None:
    assert word_recall("word word word word", "word") == 0.25


def test_link_numbers_do_not_hide_words() -> None:
    source = "a [link](https://x.org) and a note[^n]\n\n[^n]: text"
    plain = plain_text(render_document(source, 40))
    assert word_recall(source, plain) == 1.0
