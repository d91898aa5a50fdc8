"""The byte-order marks that start text files, and the codec each names."""

from __future__ import annotations

import codecs

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian mark begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start (it reads the mark and leaves it out), or None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def bom_name(encoding: str) -> str:
    """How people name the encoding of `bom_encoding` ("UTF-8", "UTF-16", "UTF-32")."""
    return "UTF-8" if encoding == "utf-8-sig" else encoding.upper()
