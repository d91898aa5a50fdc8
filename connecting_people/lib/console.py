"""Rich output for the `cpi` commands."""

from __future__ import annotations

from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from rich.console import Console


def console_for(stdout: OutputWrapper, **options: Any) -> Console:
    """A rich `Console` writing to a management command's stdout.

    Django's `OutputWrapper` is a text stream (it has the `write` and `flush` rich calls), but it is typed as
    `TextIOBase`, not `IO[str]`, hence the cast."""
    return Console(file=cast(IO[str], stdout), **options)


class FileCommand(BaseCommand):
    """A `cpi` command that reads or writes files someone names: one that cannot be used (a folder that
    does not exist, a folder where a file goes, a file where a folder goes, no permission) is told in one
    line with its name, not as a stack trace."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except OSError as exc:
            if exc.filename is None:
                raise
            reason = (exc.strerror or str(exc)).rstrip(".").lower()
            raise CommandError(f"Could not use {exc.filename}: {reason}.") from None
