from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from connecting_people.backup.actions import do_backup
from connecting_people.backup.archive import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database and its media files into one file with a manifest and checksums (safe while "
        "serving)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            required=True,
            metavar="FILE",
            help="the backup file to write, e.g. cpi-2026-11-29.tar.gz",
        )

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        try:
            report = do_backup(None, Path(out))
        except BackupError as exc:
            raise CommandError(f"No backup was written. {exc}") from None
        self.stdout.write(
            f"Wrote {out} ({filesizeformat(report.size)}): the {report.vendor} database and "
            f"{report.media} media file{'s' if report.media != 1 else ''}."
        )
        if report.missing:
            self.stdout.write(
                f"{len(report.missing)} file{'s were' if len(report.missing) != 1 else ' was'} deleted "
                "while the backup ran and is not in it."
            )
        self.stdout.write(
            "It holds personal data: keep it encrypted. Copy the erasure log off-site too, apart "
            "from the backups: a restore needs it to erase again whoever was erased since."
        )
