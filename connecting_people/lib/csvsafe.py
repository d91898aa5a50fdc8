"""The one CSV writer for every export. A cell that a spreadsheet would read as a formula (text beginning
with =, +, -, @, a tab or a carriage return: the OWASP rule) is written with a leading apostrophe, so it
shows as text and never runs. Numbers we computed ourselves are written as they are."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def restore_cell(text: str) -> str:
    """A cell of one of our own exports as it was before `safe_cell`, for reading the file back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(TRIGGERS) else text


class SafeWriter:
    """csv.writer with every text cell neutralised; writerow returns what the stream's write returned,
    so a streaming response can yield it."""

    def __init__(self, stream: _Writable) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([safe_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)
