from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from rich.markup import escape
from rich.table import Table

from connecting_people.accounts.models import Organisation
from connecting_people.community.actions import do_import_directory, do_load_postcodes, do_set_publishing
from connecting_people.community.exporting import write_json, write_package
from connecting_people.community.oruk.records import ImportRefused
from connecting_people.community.postcodes import PostcodeFileRefused
from connecting_people.lib.console import FileCommand, console_for


class Command(FileCommand):
    help = (
        "Community directory (Open Referral UK): import, export, publish the read-only API, load postcodes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("import", help="Import a data package (folder or .zip) or an ORUK JSON file.")
        p.add_argument("path", metavar="PATH")
        p.add_argument(
            "--organisation", help="Whose directory (organisation name); needed when there are several."
        )
        p.add_argument(
            "--report", action="store_true", help="List every record's outcome, not only the totals."
        )
        p = sub.add_parser("export", help="Export the directory as a data package or ORUK JSON.")
        p.add_argument("--format", required=True, choices=["datapackage", "oruk-json"])
        p.add_argument(
            "--out", required=True, metavar="PATH", help="A folder or .zip (datapackage), a .json file."
        )
        p.add_argument("--organisation")
        p = sub.add_parser("publish", help="Turn the directory's ORUK API at /api/oruk/NAME/ on or off.")
        p.add_argument("--organisation")
        p.add_argument(
            "--as", dest="api_name", metavar="NAME", help="The directory's name in the API's address."
        )
        p.add_argument("--off", action="store_true", help="Stop publishing.")
        p = sub.add_parser(
            "postcodes",
            help=(
                "Load a postcode file (e.g. the ONS Postcode Directory, CSV or its zip) for finding by "
                "distance."
            ),
        )
        p.add_argument("path", metavar="PATH")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"do_{action}")(**options)

    def _owner(self, name: str | None) -> Organisation:
        if name:
            owner = Organisation.objects.filter(name__iexact=name).first()
            if owner is None:
                raise CommandError(f"No organisation called {name!r}.")
            return owner
        owners = list(Organisation.objects.all()[:2])
        if len(owners) != 1:
            raise CommandError("Name the organisation whose directory this is with --organisation.")
        return owners[0]

    def do_import(self, path: str, organisation: str | None, report: bool, **_: Any) -> None:
        console = console_for(self.stdout, soft_wrap=True)  # a problem per line, whole, for copying
        owner = self._owner(organisation)
        try:
            record, outcome = do_import_directory(None, owner, Path(path))
        except ImportRefused as refused:
            for problem in refused.problems:
                console.print(escape(problem), style="red", highlight=False)
            raise CommandError(
                f"Nothing was imported: {len(refused.problems)} problem(s) to put right."
            ) from None
        for note in outcome.notes:
            console.print(escape(note), style="yellow", highlight=False)
        if report:
            rows = Table("Table", "Id", "Outcome", "Changed", title="Every record")
            for table, oruk_id, what, changed in outcome.report:
                rows.add_row(table, escape(oruk_id), what, ", ".join(changed))
            console.print(rows)
        totals = Table(
            "Outcome", "Records", title=f"Imported {escape(record.source)} into {escape(owner.name)}"
        )
        for what in ("created", "updated", "unchanged"):
            totals.add_row(what, str(record.counts.get(what, 0)))
        console.print(totals)

    def do_export(self, format: str, out: str, organisation: str | None, **_: Any) -> None:
        owner = self._owner(organisation)
        target = Path(out)
        if format == "datapackage":
            files = write_package(owner, target)
            summary = f"{len(files) - 1} table(s) and datapackage.json"
        else:
            summary = f"{write_json(owner, target)} service(s)"
        console_for(self.stdout).print(f"Wrote {escape(str(target))}: {summary}.", highlight=False)

    def do_publish(self, organisation: str | None, api_name: str | None, off: bool, **_: Any) -> None:
        owner = self._owner(organisation)
        try:
            settings = do_set_publishing(None, owner, publish=not off, api_name=api_name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages) + " (name it with --as NAME)") from None
        state = "published" if settings.publish_api else "not published"
        console_for(self.stdout).print(
            f"{escape(owner.name)}'s directory is {state} at /api/oruk/{settings.api_name}/"
        )

    def do_postcodes(self, path: str, **_: Any) -> None:
        console = console_for(self.stdout, soft_wrap=True)
        try:
            reading = do_load_postcodes(None, Path(path))
        except (PostcodeFileRefused, OSError) as refused:
            raise CommandError(f"No postcodes were loaded: {refused}") from None
        for problem in reading.problems[:50]:
            console.print(escape(f"Left out, {problem}"), style="yellow", highlight=False)
        if len(reading.problems) > 50:
            console.print(f"... and {len(reading.problems) - 50} more rows left out.", style="yellow")
        console.print(
            f"Loaded {reading.loaded:,} postcode{'' if reading.loaded == 1 else 's'}; left out "
            f"{reading.terminated:,} no longer in use and {len(reading.problems):,} that could not be read.",
            highlight=False,
        )
