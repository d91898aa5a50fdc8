from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from connecting_people.consult.actions import do_send_reminders
from connecting_people.consult.models import Round
from connecting_people.consult.report import build, report_csv, report_pdf


class Command(BaseCommand):
    help = "Consultation: list rounds, write the response to consultation, send the reminders that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("list", help="Rounds with their ids, states and how many have responded.")
        p = sub.add_parser("report", help="The response to consultation for one round, as CSV or PDF.")
        p.add_argument("round", type=int, metavar="ROUND")
        p.add_argument("--format", choices=["csv", "pdf"], default="csv")
        p.add_argument("--out", required=True, metavar="FILE")
        sub.add_parser(
            "remind", help="Email everyone due a reminder now (`cpi worker` also does this daily)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "do_" + options["action"])(**options)

    def do_list(self, **_: Any) -> None:
        rounds = Round.objects.select_related("draft", "version").order_by("opens_at", "id")
        if not rounds:
            self.stdout.write("No consultation rounds yet.")
        for r in rounds:
            reviewers = r.reviewers.count()
            submitted = r.reviewers.filter(submitted_at__isnull=False).count()
            on = f"draft {r.draft.number}" if r.draft is not None else f"model {r.consulted_version.label}"
            self.stdout.write(
                f"{r.pk:>4}  {r.state:<12} {r.title}  ({on}; closes "
                f"{timezone.localtime(r.closes_at):%d/%m/%Y %H:%M}; {submitted} of {reviewers} submitted)"
            )

    def do_report(self, round: int, format: str, out: str, **_: Any) -> None:
        found = Round.objects.filter(pk=round).first()
        if found is None:
            raise CommandError(f"No round with id {round}; `cpi consult list` shows them.")
        report = build(found)
        if format == "csv":
            Path(out).write_text(report_csv(report), encoding="utf-8")
        else:
            Path(out).write_bytes(report_pdf(report))
        self.stdout.write(f"Wrote {out}")

    def do_remind(self, **_: Any) -> None:
        sent = do_send_reminders()
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} queued; `cpi worker` sends them.")
