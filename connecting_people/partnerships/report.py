"""The commissioner report of one organisation for a period: the community links people were helped to
make, by type of opportunity (and by where they were found) and by where they have got to; of the links
people started going to, how many were still going three and six months on (`practice.lasting`, the rule
the person's review uses); why links stopped; the community organisations reached; the partnerships and
co-produced activities; and links and referrals per partner. Counts only, never a person, a reference or a
contact's name. A count of people or links from 1 to SMALLEST_GROUP - 1 is shown as "fewer than 5" (the
rule of measures/change.py), and every other count, totals included, is rounded to the nearest 5: a hidden
count cannot then be worked out by taking the counts shown beside it from their total. A share is given
only when SMALLEST_GROUP or more links are on each side of it (still going and stopped), for the same
reason. The web page, the PDF and the CSV are made from one `Report`."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Min, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from connecting_people.accounts.models import Organisation
from connecting_people.community.models import OpportunityType
from connecting_people.lib.csvsafe import SafeWriter
from connecting_people.lib.pdf import write_pdf
from connecting_people.lib.rounding import half_up, percent
from connecting_people.measures.change import SMALLEST_GROUP
from connecting_people.practice import lasting
from connecting_people.practice.models import (
    LINK_ORDER,
    CommunityLink,
    LinkKind,
    LinkState,
    LinkStep,
    Person,
    StopReason,
)

from .models import CoProduction, Partner, Stage

ROUND_TO = 5


@dataclass(frozen=True)
class Figure:
    """A count as it may be shown: 0, "fewer than 5", or the number rounded to the nearest ROUND_TO."""

    n: int

    def __str__(self) -> str:
        if 0 < self.n < SMALLEST_GROUP:
            return f"fewer than {SMALLEST_GROUP}"
        return str(int(half_up(Fraction(self.n, ROUND_TO))) * ROUND_TO)


@dataclass(frozen=True)
class Lasting:
    months: int
    due: Figure  # people started going in the period, with this many months up by the day of the report
    lasted: Figure  # of those, still going then (not stopped before)

    @property
    def share(self) -> str:
        if self.due.n < SMALLEST_GROUP:
            return f"not shown: fewer than {SMALLEST_GROUP} links"
        if self.lasted.n < SMALLEST_GROUP:
            return f"not shown: fewer than {SMALLEST_GROUP} still going"
        if self.due.n - self.lasted.n < SMALLEST_GROUP:
            return f"not shown: fewer than {SMALLEST_GROUP} stopped"
        return percent(Fraction(self.lasted.n, self.due.n))


@dataclass(frozen=True)
class PartnerRow:
    name: str
    kind: str
    relationships: str
    links: Figure  # links made in the period to the partner's groups and activities
    people: Figure  # the people those links were for
    referrals: Figure  # people the partner referred whose records began in the period
    activities: int  # co-produced activities in the period the partner took part in
    new: bool  # the partnership began in the period


@dataclass(frozen=True)
class Activity:
    held_on: dt.date
    title: str
    stage: str
    partners: str


Row = tuple[str, tuple[tuple[str, Figure], ...], Figure]  # label, (state, figure) per state, total


def _grid(
    made: QuerySet[CommunityLink], field: str, rows: list[tuple[str, str]], states: list[str]
) -> tuple[tuple[Row, ...], int]:
    """The links made counted by `field` (one row per (value, label) of `rows`) and by state, and how many
    were made in all (every link has a value of `field` and a state, so the total is the grid's sum)."""
    grid: dict[tuple[str, str], int] = {
        (r[field], r["state"]): r["n"] for r in made.values(field, "state").annotate(n=Count("id"))
    }
    table = tuple(
        (
            label,
            tuple((LinkState(s).label, Figure(grid.get((value, s), 0))) for s in states),
            Figure(sum(grid.get((value, s), 0) for s in states)),
        )
        for value, label in rows
    )
    return table, sum(grid.values())


@dataclass(frozen=True)
class Report:
    organisation: str
    start: dt.date
    end: dt.date
    made_on: dt.date
    states: tuple[str, ...]  # column labels of `made` and `found`
    made: tuple[Row, ...]  # by type of opportunity, "Not recorded" last
    found: tuple[Row, ...]  # by where the opportunity was found (the link's kind)
    made_total: Figure
    lasting: tuple[Lasting, ...]
    stopped: tuple[tuple[str, Figure], ...]  # reason, links
    reached: tuple[str, ...]  # community organisations (directory organisations), by name
    partners: tuple[PartnerRow, ...]
    partner_kinds: tuple[tuple[str, int], ...]
    activities: tuple[Activity, ...]
    activity_stages: tuple[tuple[str, int], ...]

    @property
    def smallest_group(self) -> int:
        return SMALLEST_GROUP

    @property
    def round_to(self) -> int:
        return ROUND_TO


def _in(start: dt.date, end: dt.date, field: str) -> Q:
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def _lasting(steps: dict[int, list[tuple[dt.date, str]]], months: int, today: dt.date) -> Lasting:
    """Of the links whose person started going in the period (`steps`: each one's steps in order), those
    whose `months` were up by `today`, and how many of them lasted (`practice.lasting`, the rule the
    person's review summary uses)."""
    points = [p for s in steps.values() if (p := lasting.point(s, months)) is not None and p.on <= today]
    return Lasting(months, Figure(len(points)), Figure(sum(1 for p in points if p.lasted)))


def build(organisation: Organisation, start: dt.date, end: dt.date) -> Report:
    today = timezone.localdate()
    links = CommunityLink.objects.filter(person__organisation=organisation)
    made = links.filter(_in(start, end, "created_at"))
    states = [*LINK_ORDER, LinkState.STOPPED.value]
    started_going = (
        links.filter(steps__state__in=lasting.WENT)
        .annotate(first=Min("steps__at", filter=Q(steps__state__in=lasting.WENT)))
        .filter(first__date__gte=start, first__date__lte=end)
        .values("id")
    )
    steps: dict[int, list[tuple[dt.date, str]]] = {}
    for link_id, state, at in (
        LinkStep.objects.filter(link_id__in=started_going)
        .order_by("at", "id")
        .values_list("link_id", "state", "at")
    ):
        steps.setdefault(link_id, []).append((timezone.localtime(at).date(), state))
    stopped = dict(
        LinkStep.objects.filter(link__person__organisation=organisation, state=LinkState.STOPPED)
        .filter(_in(start, end, "at"))
        .values("stop_reason")
        .annotate(n=Count("id"))
        .values_list("stop_reason", "n")
    )
    reached = tuple(
        made.filter(service__organization__isnull=False)
        .values_list("service__organization__name", flat=True)
        .distinct()
        .order_by("service__organization__name")
    )
    partners = list(
        Partner.objects.filter(organisation=organisation, since__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .annotate(
            activity_count=Count(
                "activities", filter=Q(activities__held_on__gte=start, activities__held_on__lte=end)
            )
        )
    )
    by_directory = {p.directory_organization_id: p.pk for p in partners if p.directory_organization_id}
    per_directory = {
        r["service__organization_id"]: (r["n"], r["people"])
        for r in made.filter(service__organization_id__in=list(by_directory))
        .values("service__organization_id")
        .annotate(n=Count("id"), people=Count("person", distinct=True))
    }
    referred = dict(
        Person.objects.filter(organisation=organisation, referred_by__in=[p.pk for p in partners])
        .filter(_in(start, end, "created_at"))
        .values("referred_by")
        .annotate(n=Count("id"))
        .values_list("referred_by", "n")
    )
    rows = []
    for p in partners:
        n, people = per_directory.get(p.directory_organization_id, (0, 0))
        rows.append(
            PartnerRow(
                name=p.name,
                kind=p.get_kind_display(),
                relationships="; ".join(p.relationship_labels()),
                links=Figure(n),
                people=Figure(people),
                referrals=Figure(referred.get(p.pk, 0)),
                activities=p.activity_count,
                new=start <= p.since <= end,
            )
        )
    activities = list(
        CoProduction.objects.filter(organisation=organisation, held_on__gte=start, held_on__lte=end)
        .prefetch_related("partners")
        .order_by("held_on", "id")
    )
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row.kind] = kinds.get(row.kind, 0) + 1
    by_type, made_total = _grid(
        made, "opportunity_type", [*OpportunityType.choices, ("", "Not recorded")], states
    )
    by_kind, _ = _grid(made, "kind", list(LinkKind.choices), states)
    return Report(
        organisation=organisation.name,
        start=start,
        end=end,
        made_on=today,
        states=tuple(LinkState(s).label for s in states),
        made=by_type,
        found=by_kind,
        made_total=Figure(made_total),
        lasting=tuple(_lasting(steps, months, today) for months, _words in lasting.MONTHS),
        stopped=tuple((reason.label, Figure(stopped.get(reason.value, 0))) for reason in StopReason),
        reached=reached,
        partners=tuple(rows),
        partner_kinds=tuple(sorted(kinds.items())),
        activities=tuple(
            Activity(a.held_on, a.title, a.get_stage_display(), ", ".join(p.name for p in a.partners.all()))
            for a in activities
        ),
        activity_stages=tuple(
            (stage.label, sum(1 for a in activities if a.stage == stage.value)) for stage in Stage
        ),
    )


def report_csv(report: Report) -> str:
    """Every figure of the report, one a row: section, item, detail, value (small counts as shown)."""
    out = io.StringIO()
    writer = SafeWriter(out)
    writer.writerow(["section", "item", "detail", "value"])
    writer.writerow(["period", "from", "", report.start.isoformat()])
    writer.writerow(["period", "to", "", report.end.isoformat()])
    writer.writerow(["period", "made on", "", report.made_on.isoformat()])
    for section, rows in (("links made", report.made), ("links made, where found", report.found)):
        for label, figures, total in rows:
            for state, figure in figures:
                writer.writerow([section, label, state, str(figure)])
            writer.writerow([section, label, "all", str(total)])
    writer.writerow(["links made", "all", "all", str(report.made_total)])
    for kept in report.lasting:
        writer.writerow(["still going", f"at {kept.months} months", "started going", str(kept.due)])
        writer.writerow(["still going", f"at {kept.months} months", "still going", str(kept.lasted)])
        writer.writerow(["still going", f"at {kept.months} months", "share", kept.share])
    for reason, figure in report.stopped:
        writer.writerow(["reasons for stopping", reason, "", str(figure)])
    writer.writerow(["community organisations reached", "all", "", len(report.reached)])
    for name in report.reached:
        writer.writerow(["community organisations reached", name, "", ""])
    for row in report.partners:
        writer.writerow(["partner", row.name, "kind", row.kind])
        writer.writerow(["partner", row.name, "relationships", row.relationships])
        writer.writerow(["partner", row.name, "new in the period", "yes" if row.new else "no"])
        writer.writerow(["partner", row.name, "links made to its groups", str(row.links)])
        writer.writerow(["partner", row.name, "people linked to its groups", str(row.people)])
        writer.writerow(["partner", row.name, "people it referred", str(row.referrals)])
        writer.writerow(["partner", row.name, "co-produced activities", row.activities])
    for activity in report.activities:
        writer.writerow(
            ["co-produced activity", activity.title, activity.held_on.isoformat(), activity.stage]
        )
    return out.getvalue()


def file_name(report: Report) -> str:
    return f"commissioner-report-{report.start:%Y-%m-%d}-to-{report.end:%Y-%m-%d}"


def report_pdf(report: Report) -> bytes:
    html = render_to_string("partnerships/report_print.html", {"report": report})
    return write_pdf(html, identifier=file_name(report))
