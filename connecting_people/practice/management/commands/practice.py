from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.formats import date_format
from rich.markup import escape
from rich.table import Table

from connecting_people.audit import log
from connecting_people.lib.console import FileCommand, console_for
from connecting_people.practice.disk import compact
from connecting_people.practice.map_exchange import MapImportError, export_csv, export_graphml, import_csv
from connecting_people.practice.models import Person
from connecting_people.practice.rights import do_erase_person, export_person, person_data_tables


class Command(FileCommand):
    help = (
        "Practice: list people, export or import network maps, copy everything held about a person, "
        "erase, compact."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("list", help="People by reference, organisation and workers (no names).")
        p.add_argument("--organisation", help="only this organisation (name)")
        p = sub.add_parser("export-person", help="Everything held about one person (JSON and PDF in a zip).")
        p.add_argument("reference")
        p.add_argument("--out", required=True, metavar="FILE.zip")
        p.add_argument(
            "--include-private-reflections",
            action="store_true",
            help="include the worker's private reflections (decide on review; off by default)",
        )
        p = sub.add_parser(
            "export-maps", help="A person's network maps as CSV tables or GraphML (pseudonymised)."
        )
        p.add_argument("reference")
        p.add_argument("--format", choices=["csv", "graphml"], default="csv")
        p.add_argument("--out", required=True, metavar="DIR")
        p.add_argument("--with-names", action="store_true", help="keep the names of the people on the maps")
        p = sub.add_parser(
            "import-maps", help="Import network maps for a person from ego.csv, alters.csv and edges.csv."
        )
        p.add_argument("reference")
        p.add_argument("folder", metavar="DIR")
        p = sub.add_parser(
            "erase", help="Erase a person: their record and everything about them; their key destroyed."
        )
        p.add_argument("reference")
        p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        sub.add_parser(
            "compact",
            help="Rewrite the tables of people's data so no deleted row stays on disk "
            "(after an erasure that found older transactions open).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(**options)

    def _person(self, reference: str) -> Person:
        person = Person.objects.filter(reference=reference).first()
        if person is None:
            raise CommandError(f"No person with the reference {reference!r}.")
        return person

    def do_export_person(self, reference: str, out: str, include_private_reflections: bool, **_: Any) -> None:
        Path(out).write_bytes(
            export_person(None, self._person(reference), include_private=include_private_reflections)
        )
        self.stdout.write(f"Wrote {out}")

    def do_export_maps(self, reference: str, format: str, out: str, with_names: bool, **_: Any) -> None:
        person = self._person(reference)
        maps = list(person.maps.prefetch_related("members", "ties").order_by("drawn_on"))
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        if format == "csv":
            for name, text in export_csv(maps, with_names=with_names).items():
                (folder / name).write_text(text, encoding="utf-8")
        else:
            (folder / f"{reference}-maps.graphml").write_text(
                export_graphml(maps, with_names=with_names), encoding="utf-8"
            )
        with transaction.atomic():
            log.record(
                None,
                log.Action.EXPORT,
                person,
                note=f"{len(maps)} maps as {format}" + (" with names" if with_names else ""),
            )
        self.stdout.write(f"Wrote {len(maps)} maps to {out}")

    def do_import_maps(self, reference: str, folder: str, **_: Any) -> None:
        try:
            maps = import_csv(None, self._person(reference), Path(folder))
        except MapImportError as exc:
            raise CommandError(f"Nothing was imported: {exc}") from None
        self.stdout.write(f"Imported {len(maps)} maps for {reference}.")

    def do_erase(self, reference: str, yes: bool, **_: Any) -> None:
        person = self._person(reference)
        if not yes:
            answer = input(
                f"Erase {reference} and everything about them? This cannot be undone. Type the reference to "
                "confirm: "
            )
            if answer.strip() != reference:
                raise CommandError("Not confirmed; nothing was erased.")
        counts = do_erase_person(None, person)
        self.stdout.write(
            f"Erased {reference}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) + "."
        )

    def do_compact(self, **_: Any) -> None:
        tables = person_data_tables()
        if not compact(tables):
            raise CommandError(
                "Transactions older than this command were still open; some deleted rows may remain. "
                "Run it again when they have ended."
            )
        self.stdout.write(f"Rewrote {len(tables)} tables; no deleted row of people's data remains in them.")

    def do_list(self, **options: Any) -> None:
        people = (
            Person.objects.select_related("organisation").prefetch_related("workers").order_by("reference")
        )
        if options.get("organisation"):
            people = people.filter(organisation__name__iexact=options["organisation"])
        table = Table(
            "Reference",
            "Organisation",
            "Workers",
            "Last contact",
            "Open goals",
            title=f"{people.count()} people",
        )
        for person in people:
            table.add_row(
                escape(person.reference),
                escape(person.organisation.name),
                escape(", ".join(w.username for w in person.workers.all()) or "none"),
                date_format(person.last_contact, "SHORT_DATE_FORMAT") if person.last_contact else "",
                str(person.open_goals),
            )
        console_for(self.stdout, highlight=False, width=160).print(table)
