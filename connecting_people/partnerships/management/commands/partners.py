from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from connecting_people.accounts.models import Organisation
from connecting_people.lib.console import FileCommand
from connecting_people.partnerships.forms import PeriodForm
from connecting_people.partnerships.report import build, report_csv, report_pdf


class Command(FileCommand):
    help = "Partnerships: the commissioner report for a period, as CSV or PDF (as the web page gives it)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("report", help="Write the commissioner report for a period.")
        p.add_argument("--organisation", required=True, help="The organisation's name.")
        p.add_argument(
            "--from", dest="start", required=True, metavar="DATE", help="The first day, 2026-01-31."
        )
        p.add_argument("--to", dest="end", required=True, metavar="DATE", help="The last day, 2026-06-30.")
        p.add_argument("--format", required=True, choices=["csv", "pdf"])
        p.add_argument("--out", required=True, metavar="PATH")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"do_{action}")(**options)

    def do_report(self, organisation: str, start: str, end: str, format: str, out: str, **_: Any) -> None:
        owner = Organisation.objects.filter(name__iexact=organisation).first()
        if owner is None:
            raise CommandError(f"No organisation called {organisation!r}.")
        form = PeriodForm({"start": start, "end": end})
        if not form.is_valid():
            problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
            raise CommandError(f"The period was refused ({problems}).")
        period: dict[str, dt.date] = form.cleaned_data
        report = build(owner, period["start"], period["end"])
        path = Path(out)
        if format == "csv":
            path.write_text(report_csv(report), encoding="utf-8", newline="")
        else:
            path.write_bytes(report_pdf(report))
        self.stdout.write(
            f"Wrote the commissioner report of {owner.name} for {period['start']} to {period['end']} to "
            f"{path}."
        )
