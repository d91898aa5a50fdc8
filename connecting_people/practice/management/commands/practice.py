from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from connecting_people.practice.caseload import with_summary
from connecting_people.practice.models import Person


class Command(BaseCommand):
    help = "Practice: list the people supported, export everything held about one, or erase them."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("list", help="People by reference, organisation and workers (no names).")
        p.add_argument("--organisation", help="only this organisation (name)")
        p = sub.add_parser("export-person", help="Everything held about one person (JSON and PDF in a zip).")
        p.add_argument("reference")
        p.add_argument("--out", required=True, metavar="FILE.zip")
        p.add_argument("--include-private-reflections", action="store_true",
                       help="include the worker's private reflections (decide on review; off by default)")
        p = sub.add_parser("erase", help="Erase a person: their record and everything about them, audit redacted.")
        p.add_argument("reference")
        p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"].replace("-", "_"))(**options)

    def _person(self, reference: str) -> Person:
        person = Person.objects.filter(reference=reference).first()
        if person is None:
            raise CommandError(f"No person with the reference {reference!r}.")
        return person

    def do_export_person(self, reference: str, out: str, include_private_reflections: bool, **_: Any) -> None:
        from pathlib import Path

        from connecting_people.practice.rights import export_person

        Path(out).write_bytes(export_person(None, self._person(reference), include_private=include_private_reflections))
        self.stdout.write(f"Wrote {out}")

    def do_erase(self, reference: str, yes: bool, **_: Any) -> None:
        from connecting_people.practice.rights import do_erase_person

        person = self._person(reference)
        if not yes:
            answer = input(f"Erase {reference} and everything about them? This cannot be undone. Type the reference to confirm: ")
            if answer.strip() != reference:
                raise CommandError("Not confirmed; nothing was erased.")
        counts = do_erase_person(None, person)
        self.stdout.write(f"Erased {reference}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) + ".")

    def do_list(self, **options: Any) -> None:
        people = with_summary(Person.objects.select_related("organisation").prefetch_related("workers")).order_by("reference")
        if options.get("organisation"):
            people = people.filter(organisation__name__iexact=options["organisation"])
        table = Table("Reference", "Organisation", "Workers", "Last contact", "Open goals", title=f"{people.count()} people")
        for person in people:
            table.add_row(
                escape(person.reference), escape(person.organisation.name),
                escape(", ".join(w.username for w in person.workers.all()) or "none"),
                person.last_contact.strftime("%d/%m/%Y") if person.last_contact else "",
                str(person.open_goals),
            )
        Console(file=self.stdout, highlight=False, width=160).print(table)
