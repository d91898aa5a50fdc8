"""NUL characters in imported rows. A zero byte in a CSV cell (a damaged spreadsheet, a binary paste) or
`\\u0000` in JSON is not text anyone wrote, and PostgreSQL cannot keep it in a text or JSON column: an
import that let one through failed there, in the database, for the whole batch. Each import checks its
rows with `fields_with_nul` and reports the row's fields with `PROBLEM`, as it reports any other
problem of a row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PROBLEM = "holds a NUL character (a zero byte), which is not text; remove it and import again"


def holds_nul(value: Any) -> bool:
    """Whether a value, or anything nested in it (JSON's objects and lists, keys too), holds a NUL."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    return isinstance(value, list) and any(holds_nul(item) for item in value)


def fields_with_nul(row: Mapping[str, Any]) -> list[str]:
    """The names of a row's fields that hold a NUL (in the name or the value), the NUL shown as \\0."""
    return [
        str(key).replace("\x00", "\\0") for key, value in row.items() if holds_nul(key) or holds_nul(value)
    ]
