from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from connecting_people.practice.caseload import with_summary
from connecting_people.practice.models import Person


class Command(BaseCommand):
    help = "Practice: the people supported (for administrators at the command line)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("list", help="People by reference, organisation and workers (no names).")
        p.add_argument("--organisation", help="only this organisation (name)")

    def handle(self, *args: Any, **options: Any) -> None:
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
