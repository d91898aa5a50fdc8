"""The text of a CSV file as spreadsheets save it. Excel on a UK computer writes "CSV UTF-8" with a
byte-order mark, "CSV (Comma delimited)" in Windows-1252 (where "Siân" and "£" are single bytes), and
"Unicode Text" in UTF-16 with a byte-order mark; other tools write UTF-8 without one."""

from __future__ import annotations

import codecs

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_csv(data: bytes) -> str | None:
    """The file's text, without its byte-order mark; None when it is none of those encodings (a binary
    file, or text in an encoding nobody named), for the caller to say so in its own words."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
