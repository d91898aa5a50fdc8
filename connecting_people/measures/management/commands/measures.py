from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from connecting_people.lib.console import console_for
from connecting_people.lib.rounding import shown
from connecting_people.lib.yamlfile import decode
from connecting_people.measures.instrument import FILE_MAX_BYTES, Instrument, InstrumentFileError, parse
from connecting_people.measures.scoring import score_range

RULE_WORDS = {"sum": "total of the answers", "mean": "average answer"}


def _figure(value: Fraction) -> str:
    return shown(value, 0 if value.denominator == 1 else 2)


class Command(BaseCommand):
    help = "Outcome measures: check an instrument file (items, responses, scores, licence) before loading it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "check", help="Read an instrument file and show what it scores, or every problem by line."
        )
        p.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        self.console = console_for(self.stdout, highlight=False, soft_wrap=True)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            instrument = parse(decode(path.read_bytes(), FILE_MAX_BYTES, InstrumentFileError))
        except InstrumentFileError as exc:
            raise CommandError(
                f"{path} cannot be used:\n" + "\n".join(f"  {p}" for p in exc.problems)
            ) from None
        self._show(instrument)

    def _show(self, instrument: Instrument) -> None:
        c = self.console
        c.print(f"[bold]{instrument.title}[/bold] ({instrument.key}, version {instrument.version})")
        c.print(
            "Written by the Connecting People project."
            if instrument.ours
            else "Licensed: loading it needs a confirmation that the organisation holds a licence."
        )
        c.print(f"Licence: {instrument.licence}")
        c.print(f"Completed by: {', '.join(instrument.completed_by)}. Items: {len(instrument.items)}.")
        table = Table("Score", "Rule", "Items", "Range", "Missing items allowed")
        for s in instrument.scores:
            low, high = score_range(instrument, s)
            rule = RULE_WORDS.get(s.rule, "")
            if s.rule == "count":
                first = instrument.item(s.items[0])
                counted = next((r.label for r in first.responses if r.value == s.counts), str(s.counts))
                rule = f"count of “{counted}” answers"
            table.add_row(
                s.label, rule, str(len(s.items)), f"{_figure(low)} to {_figure(high)}", str(s.missing_allowed)
            )
        c.print(table)
