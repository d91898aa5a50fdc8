from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.markup import escape
from rich.table import Table

from connecting_people.accounts.models import Organisation
from connecting_people.lib.console import console_for
from connecting_people.lib.rounding import shown
from connecting_people.lib.yamlfile import decode
from connecting_people.measures import fidelity
from connecting_people.measures.actions import MeasureError, do_export_measures, do_load_measure_file
from connecting_people.measures.analysis import CAUTION, organisation_analysis
from connecting_people.measures.analysis_format import erased_words, figures_of, group_rows, test_rows
from connecting_people.measures.dataset import organisation_dataset
from connecting_people.measures.exports import FORMATS
from connecting_people.measures.instrument import FILE_MAX_BYTES, InstrumentData, InstrumentFileError, parse
from connecting_people.measures.models import Completion, FidelityScale, Instrument
from connecting_people.measures.scoring import score_range

RULE_WORDS = {"sum": "total of the answers", "mean": "average answer"}


def _figure(value: Fraction) -> str:
    return shown(value, 0 if value.denominator == 1 else 2)


class Command(BaseCommand):
    help = (
        "Outcome measures: check an instrument file, load it for an organisation, list what is loaded, "
        "the high-versus-low fidelity analysis and exports for analysts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "check",
            help="Read an instrument or fidelity file and show what it scores, or every problem by line.",
        )
        p.add_argument("file")
        p = sub.add_parser(
            "load",
            help=(
                "Load an instrument or fidelity file for an organisation (nothing is written if it has a "
                "problem)."
            ),
        )
        p.add_argument("file")
        p.add_argument("--organisation", required=True, help="the organisation's name")
        p.add_argument(
            "--licence-held",
            action="store_true",
            help="confirm the organisation holds a licence for a measure not written by this project",
        )
        p = sub.add_parser("list", help="Instruments and fidelity scales loaded, by organisation.")
        p.add_argument("--organisation", help="only this organisation (name)")
        p = sub.add_parser(
            "analysis",
            help=(
                "Outcome change for people rated high against low fidelity (every organisation with "
                "measures, or one)."
            ),
        )
        p.add_argument("--organisation", help="only this organisation (name)")
        p.add_argument("--json", action="store_true", help="every figure unrounded, as JSON")
        p = sub.add_parser(
            "export",
            help="One row per person and time point (each measure's columns side by side), pseudonymised, "
            "with a data dictionary, for analysts.",
        )
        p.add_argument("--format", required=True, choices=FORMATS)
        p.add_argument(
            "--out",
            required=True,
            help="the file to write (CSV, SPSS and Stata get PATH-dictionary.csv beside it)",
        )
        p.add_argument(
            "--organisation", help="only this organisation (name); otherwise every one with measures"
        )
        p.add_argument(
            "--licence-confirmed",
            action="store_true",
            help=(
                "include licensed questionnaires' item texts: only if the recipient may see them under the "
                "licence"
            ),
        )
        p.add_argument(
            "--with-reference",
            action="store_true",
            help="add each person's reference in the organisation (pseudonymous study ids only otherwise)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.console = console_for(self.stdout, highlight=False, soft_wrap=True)
        if options["action"] == "list":
            self._list(options.get("organisation") or "")
            return
        if options["action"] == "analysis":
            self._analysis(self._organisations(options.get("organisation") or ""), options["json"])
            return
        if options["action"] == "export":
            self._export(options)
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            text = decode(path.read_bytes(), FILE_MAX_BYTES, InstrumentFileError)
            is_fidelity = fidelity.schema_of(text) == fidelity.SCHEMA
            if options["action"] == "check":
                if is_fidelity:
                    self._show_fidelity(fidelity.parse(text))
                else:
                    self._show(parse(text))
                return
            organisation = Organisation.objects.filter(name__iexact=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"There is no organisation called “{options['organisation']}”.")
            loaded, new = do_load_measure_file(None, organisation, text, licence_held=options["licence_held"])
        except (InstrumentFileError, fidelity.FidelityFileError) as exc:
            state = (
                "cannot be used" if options["action"] == "check" else "cannot be loaded; nothing was written"
            )
            raise CommandError(f"{path} {state}:\n" + "\n".join(f"  {p}" for p in exc.problems)) from None
        except MeasureError as exc:
            raise CommandError(f"{exc} Nothing was written.") from None
        state = "Loaded" if new else "Already loaded, unchanged:"
        self.console.print(f"{state} {loaded.title}, version {loaded.version}, for {organisation.name}.")

    def _organisations(self, name: str) -> list[Organisation]:
        """The organisation named, or every organisation with a finished or missed measure."""
        if name:
            found = Organisation.objects.filter(name__iexact=name).first()
            if found is None:
                raise CommandError(f"There is no organisation called “{name}”.")
            return [found]
        return list(
            Organisation.objects.filter(
                pk__in=Completion.objects.values("instrument__organisation_id").order_by()
            ).order_by("name")
        )

    def _export(self, options: dict[str, Any]) -> None:
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"{out.parent}: no such folder")
        organisations = self._organisations(options.get("organisation") or "")
        if not organisations:
            raise CommandError("No organisation has any measures to export yet.")
        files = do_export_measures(
            None,
            organisations,
            options["format"],
            licence_confirmed=options["licence_confirmed"],
            with_reference=options["with_reference"],
        )
        written = [out]
        out.write_bytes(files[0].data)
        for extra in files[1:]:
            beside = out.with_name(f"{out.stem}-dictionary.csv")
            beside.write_bytes(extra.data)
            written.append(beside)
        self.console.print("Wrote " + " and ".join(escape(str(p)) for p in written) + ".")

    def _analysis(self, organisations: list[Organisation], as_json: bool) -> None:
        datasets = [organisation_dataset(o, for_analysis=True) for o in organisations]
        results = [(d.organisation, d.erased, organisation_analysis(d)) for d in datasets]
        if as_json:
            self.stdout.write(
                json.dumps(
                    {
                        "caution": CAUTION,
                        "organisations": [
                            {
                                "organisation": name,
                                "erased": erased,  # people erased at their request: in no comparison
                                "comparisons": [figures_of(c) for c in found],
                            }
                            for name, erased, found in results
                        ],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        c = self.console
        for name, erased, found in results:
            c.print(f"[bold]{escape(name)}[/bold]: outcome change, high against low fidelity")
            if not found:
                c.print("No one has a baseline and a follow-up yet.")
                if erased:
                    c.print(erased_words(erased))
            for comparison in found:
                c.print(
                    f"\n[bold]{escape(comparison.instrument)}: {escape(comparison.score)}, "
                    f"{comparison.label}[/bold]"
                )
                table = Table("", "High fidelity", "Low fidelity")
                for what, high, low in group_rows(comparison):
                    table.add_row(escape(what), high, low)
                table.add_row("Scored at both but not rated", str(comparison.not_rated), "")
                c.print(table)
                if erased:
                    c.print(erased_words(erased))
                if comparison.refused:
                    c.print(escape(comparison.refused))
                for what, result in test_rows(comparison):
                    c.print(f"{escape(what)}: {result}")
            c.print()
        c.print(CAUTION)

    def _list(self, organisation: str) -> None:
        instruments = Instrument.objects.select_related("organisation")
        scales = FidelityScale.objects.select_related("organisation")
        if organisation:
            instruments = instruments.filter(organisation__name__iexact=organisation)
            scales = scales.filter(organisation__name__iexact=organisation)
        loaded: list[tuple[str, Instrument | FidelityScale]] = sorted(
            [("instrument", row) for row in instruments] + [("fidelity scale", row) for row in scales],
            key=lambda pair: (pair[1].organisation.name.casefold(), pair[0], pair[1].title, pair[1].version),
        )
        table = Table("Organisation", "Kind", "Title", "Key", "Version", "Licence")
        for column in table.columns[3:5]:
            column.no_wrap = True
        for kind, row in loaded:
            table.add_row(
                escape(row.organisation.name),
                kind,
                escape(row.title),
                row.key,
                row.version,
                row.licence_state,
            )
        self.console.print(table if loaded else "No instruments or fidelity scales loaded.")

    def _show(self, instrument: InstrumentData) -> None:
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

    def _show_fidelity(self, scale: fidelity.FidelityScaleData) -> None:
        c = self.console
        c.print(
            f"[bold]{escape(scale.title)}[/bold] ({scale.key}, version {scale.version}): a fidelity scale"
        )
        c.print("Written by the Connecting People project." if scale.ours else "Not written by this project.")
        c.print(f"Licence: {escape(scale.licence)}")
        c.print(f"Rated by: {', '.join(scale.rated_by)}. Items: {len(scale.items)}.")
        c.print(
            "Rating: "
            + "; ".join(f"{a.value} {escape(a.label)}" for a in scale.anchors)
            + f". Score: average rating ({scale.missing_allowed} unrated allowed); "
            f"high fidelity from {_figure(scale.high_from)}."
        )
        table = Table("Item", "Component")
        for item in scale.items:
            table.add_row(item.key, item.component)
        c.print(table)
