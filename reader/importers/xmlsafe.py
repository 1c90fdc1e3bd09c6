"""Parsing XML from strangers: streamed, no entity expansion, errors with their line.

defusedxml refuses entity declarations (the billion laughs) and external
entities and DTDs fetched from elsewhere; a plain DOCTYPE, as RSS 0.91 files
carry, is allowed. Elements are cleared as soon as they are read, so a large
export is parsed in bounded memory.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from reader.importers.entry import SourceError


def events(data: bytes, source: str) -> Iterator[tuple[str, ET.Element]]:
    """`("start" | "end", element)` for the whole document; `SourceError` with the
    line for XML that is malformed or truncated, or declares entities."""
    stream = iterparse(io.BytesIO(data), events=("start", "end"))
    try:
        yield from stream
    except ET.ParseError as error:
        line = error.position[0]
        reason = str(error).split(":", 1)[0]
        if "no element found" in reason:
            reason = "the XML ends before it is closed (a truncated file?)"
        raise SourceError(source, f"malformed XML: {reason}", line) from None
    except DefusedXmlException as error:
        where = _line_of(data, b"<!ENTITY")
        raise SourceError(source, f"refused: {_defused_reason(error)}", where) from None


def _defused_reason(error: DefusedXmlException) -> str:
    name = type(error).__name__
    if "Entities" in name:
        return "the XML declares entities (never expanded)"
    if "External" in name:
        return "the XML refers to an external entity (never fetched)"
    return "the XML has a document type declaration that is not allowed"


def _line_of(data: bytes, needle: bytes) -> int | None:
    at = data.find(needle)
    return None if at < 0 else data.count(b"\n", 0, at) + 1


def check(data: bytes, source: str) -> None:
    """Read the whole document once, keeping nothing: raises what `events` raises."""
    for event, element in events(data, source):
        if event == "end":
            element.clear()
