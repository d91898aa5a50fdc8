from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from connecting_people.backup.actions import do_restore
from connecting_people.backup.archive import BackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `cpi backup`, then re-apply the erasures and withdrawals made since it "
        "was taken."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a backup written by `cpi backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that already holds data (everything in it is lost)",
        )

    def handle(self, *args: Any, file: str, force: bool, **options: Any) -> None:
        try:
            report = do_restore(None, Path(file), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the backup taken {report.taken_at}: the database and {report.media} media "
            f"file{'s' if report.media != 1 else ''}."
        )
        if report.orphans:
            self.stdout.write(
                f"Deleted {report.orphans} original file{'s' if report.orphans != 1 else ''} "
                "the restored database does not reference."
            )
        erased, withdrawn = len(report.erased), len(report.withdrawn)
        self.stdout.write(
            f"Applied again from the erasure log: {erased} erasure{'s' if erased != 1 else ''}"
            + (f" ({', '.join(report.erased)})" if report.erased else "")
            + f" and {withdrawn} withdrawal{'s' if withdrawn != 1 else ''}."
        )
