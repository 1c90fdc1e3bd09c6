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
