"""The text of a CSV file as spreadsheets save it. Excel on a UK computer writes "CSV UTF-8" with a
byte-order mark, "CSV (Comma delimited)" in Windows-1252 (where "Siân" and "£" are single bytes), and
"Unicode Text" in UTF-16 with a byte-order mark; other tools write UTF-8 without one, and a few UTF-32
with a mark.

A file that is UTF-8 but for a damaged character is refused with the line, not read as Windows-1252:
that would turn every correct accent in it into two wrong characters ("Siân" into "SiÃ¢n")."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from .boms import bom_encoding, bom_name

# A character written in UTF-8 as more than one byte; Windows-1252 text all but never holds one.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class CsvTextError(ValueError):
    """Why the file cannot be read as text, in words that follow "could not be read: "."""


def decode_csv(data: bytes) -> str:
    """The file's text, without its byte-order mark."""
    encoding = bom_encoding(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            name = bom_name(encoding)
            where = f" (line {_line(data, exc.start)})" if encoding == "utf-8-sig" else ""
            raise CsvTextError(f"it starts as {name} text but is not {name} throughout{where}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(data):
            raise CsvTextError(
                f"line {_line(data, exc.start)} is not valid UTF-8, though the rest of the file is (a "
                "damaged character): correct it, or save the file again as “CSV UTF-8”"
            ) from None
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise CsvTextError(
            "it is not text a spreadsheet saves (UTF-8, UTF-16 or Windows-1252): save it as “CSV UTF-8”"
        ) from None


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


@dataclass
class CsvTable:
    """A CSV file's header (names stripped) and its rows by those names, each with the line it starts on
    (a line break inside a quoted cell stays in the cell, so one row can span lines). A cell the row
    lacks is ""; words in cells past the header are not read but noted (`overfull`), for the caller to
    refuse that row; blank lines are skipped."""

    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    # Rows with words in cells past the header, by line: a comma inside a value not put in quotes.
    overfull: dict[int, int]

    def too_many_cells(self, line: int) -> str:
        """Why the row on `line` cannot be read as its columns, or ""."""
        extra = self.overfull.get(line, 0)
        if not extra:
            return ""
        return (
            f"line {line} has {extra} more {'cell' if extra == 1 else 'cells'} than the first line names "
            "(a comma inside a value? put that value in double quotes)"
        )


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """The rows of CSV text, each with the line it starts on, blank lines skipped: read whole before any
    is used, so a file that is not CSV throughout is refused before anything is done with it. Lines may
    end as any system ends them (Excel for Mac wrote a carriage return alone)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    starts = 1
    try:
        for cells in reader:
            if cells:
                rows.append((starts, cells))
            starts = reader.line_num + 1
    except csv.Error as exc:
        raise CsvTextError(csv_problem(reader.line_num, exc)) from None
    return rows


def csv_table(text: str) -> CsvTable:
    """The text as a header and rows by column name (see `CsvTable`)."""
    rows = csv_rows(text)
    if not rows:
        return CsvTable([], [], {})
    header = [name.strip() for name in rows[0][1]]
    return CsvTable(
        header,
        [
            (line, {name: cells[at] if at < len(cells) else "" for at, name in enumerate(header)})
            for line, cells in rows[1:]
        ],
        {
            line: len(cells) - len(header)
            for line, cells in rows[1:]
            if any(cell.strip() for cell in cells[len(header) :])
        },
    )


def csv_problem(line: int, exc: csv.Error) -> str:
    """What Python's CSV reader refused on a line, in words that follow "could not be read: "."""
    if "field larger than field limit" in str(exc):
        return f"line {line} has a cell longer than {csv.field_size_limit():,} characters"
    return f"line {line} is not CSV ({exc})"
