"""Bytes of a source as text: UTF-8 (its BOM dropped), else Windows-1252 as the store reads."""

from __future__ import annotations


def decode(data: bytes) -> str:
    """The text of `data`; bytes that are not UTF-8 are read as Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def line_at(text: str, offset: int) -> int:
    """The 1-based line of a character offset."""
    return text.count("\n", 0, offset) + 1
