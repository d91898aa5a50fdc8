"""The text of a CSV file as spreadsheets save it. Excel on a UK computer writes "CSV UTF-8" with a
byte-order mark, "CSV (Comma delimited)" in Windows-1252 (where "Siân" and "£" are single bytes), and
"Unicode Text" in UTF-16 with a byte-order mark; other tools write UTF-8 without one.

A file that is UTF-8 but for a damaged character is refused with the line, not read as Windows-1252:
that would turn every correct accent in it into two wrong characters ("Siân" into "SiÃ¢n")."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# A character written in UTF-8 as more than one byte; Windows-1252 text all but never holds one.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class CsvTextError(ValueError):
    """Why the file cannot be read as text, in words that follow "could not be read: "."""


def decode_csv(data: bytes) -> str:
    """The file's text, without its byte-order mark."""
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                where = f" (line {_line(data, exc.start)})" if encoding == "utf-8-sig" else ""
                raise CsvTextError(f"it starts as {name} text but is not {name} throughout{where}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(data):
            raise CsvTextError(
                f"line {_line(data, exc.start)} is not valid UTF-8, though the rest of the file is (a damaged "
                "character): correct it, or save the file again as “CSV UTF-8”"
            ) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvTextError(
            "it is not text a spreadsheet saves (UTF-8, UTF-16 or Windows-1252): save it as “CSV UTF-8”"
        ) from None


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
