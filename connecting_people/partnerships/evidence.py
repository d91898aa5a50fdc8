"""What an organisation's partnership records say about its work with other agencies, in a few sentences
for the self-assessment's agency part: partners now, by kind and by relationship; the last twelve
months' co-produced activities, links to partners' groups, people partners referred (small numbers
shown as "fewer than 5", as in the commissioner report, which these figures come from) and the community
organisations reached."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from connecting_people.accounts.models import Organisation

from .models import Partner, Relationship
from .report import Figure, build

YEAR = dt.timedelta(days=365)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def agency_evidence(organisation: Organisation, today: dt.date) -> list[str]:
    partners = list(
        Partner.objects.filter(organisation=organisation).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=today)
        )
    )
    if not partners:
        return []
    kinds = Counter(p.get_kind_display().lower() for p in partners)
    lines = [
        f"{_plural(len(partners), 'partner agency', 'partner agencies')} now: "
        + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        + "."
    ]
    ties = Counter(Relationship(r).label.lower() for p in partners for r in p.relationships)
    if ties:
        ordered = sorted(ties.items(), key=lambda kv: (-kv[1], kv[0]))
        lines.append("How you work with them: " + "; ".join(f"{label} ({n})" for label, n in ordered) + ".")
    year = build(organisation, today - YEAR, today)
    lines.append(
        f"In the last twelve months: {_plural(len(year.activities), 'co-produced activity', 'co-produced activities')}"
        f", {Figure(sum(row.links.n for row in year.partners))} community links to partners' groups, "
        f"{Figure(sum(row.referrals.n for row in year.partners))} people referred by partners, and "
        f"{_plural(len(year.reached), 'community organisation', 'community organisations')} reached."
    )
    return lines
