"""Bytes of a source as text: UTF-8 (its BOM dropped), else Windows-1252, as the store reads."""

from __future__ import annotations


def decode(data: bytes) -> str:
    """The text of `data`; bytes that are not UTF-8 are read as Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
