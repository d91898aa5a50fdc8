"""Rich output for the `cpi` commands."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import OutputWrapper
from rich.console import Console


def console_for(stdout: OutputWrapper, **options: Any) -> Console:
    """A rich `Console` writing to a management command's stdout.

    Django's `OutputWrapper` is a text stream (it has the `write` and `flush` rich calls), but it is typed as
    `TextIOBase`, not `IO[str]`, hence the cast."""
    return Console(file=cast(IO[str], stdout), **options)
