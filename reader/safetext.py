"""Make text from the store safe to print.

Post files are data written by strangers: an ESC, OSC 52 (clipboard write),
OSC 8 (hyperlink), BEL or a bare CR in a title or body could drive the user's
terminal. Every string that leaves the store passes through `clean` first, so
no later layer (JSON, Rich, Textual) has to remember to do it.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, and the C1 range (8-bit CSI/OSC live there).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(text: str) -> str:
    """Normalise line ends to LF and replace control characters with U+FFFD."""
    # Almost every post is clean: one scan is far cheaper than two substitutions.
    if _UNSAFE.search(text) is None:
        return text
    text = _LINE_BREAKS.sub("\n", text)
    return _CONTROL.sub("\ufffd", text)


def clean_line(text: str) -> str:
    """Like `clean`, for one-line fields: any line break becomes a space."""
    return clean(text).replace("\n", " ").replace("\t", " ")


# Characters that change how the text around them reads without being seen:
# bidi embeddings, overrides and isolates (U+202E can make `txt.exe` read as
# `exe.txt`), zero-width spaces and joiners, the word joiner and invisible
# operators, the Arabic letter mark, and the byte-order mark.
_INVISIBLE = re.compile(r"[\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Lone surrogates: argv, environment and file names that are not UTF-8 arrive
# with their bytes smuggled in as U+DC80..U+DCFF, which no stream can encode.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NEEDS_WORK = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff]"
)


def _mark(match: re.Match[str]) -> str:
    return f"⟨U+{ord(match.group()):04X}⟩"


def for_terminal(text: str, *, one_line: bool = False) -> str:
    """Text as it may be shown: every message, id and title passes here last.

    Control characters (ESC, BEL, CR, C1) become U+FFFD, invisible bidi and
    zero-width characters are shown as `⟨U+202E⟩`, and lone surrogates (bytes
    that were not UTF-8) become U+FFFD, so the result can always be encoded.
    Tabs and line feeds stay, unless `one_line` asks for them as spaces (a
    field in a table or a key on one line). This is for display only: ids,
    keys and paths are stored and compared as they are.
    """
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ")
    if _NEEDS_WORK.search(text) is None:
        return text
    text = _SURROGATE.sub("\ufffd", text)
    text = _UNSAFE.sub("\ufffd", text)
    return _INVISIBLE.sub(_mark, text)
