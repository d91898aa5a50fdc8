"""What an organisation's partnership records say about its work with other agencies, as evidence for each
component of the agency part of the model: partners now, by kind and by how the organisation works with
them, and the last twelve months' links to partners' groups and community organisations reached, for the
links with the community and other organisations; statutory partners and the referral routes both ways,
for the fit with care planning; joint training, shared premises and co-produced activities, for the
supportive environment workers need. An agency component this module does not know (a later model's) gets
every line. Counts only, never a partner's name (the gold standard shows them to another organisation's
researchers); small numbers as "fewer than 5", as in the commissioner report, which the year's figures
come from."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import Q

from connecting_people.accounts.models import Organisation

from .models import Partner, PartnerKind, Relationship, Stage
from .report import Figure, Report, build

YEAR = dt.timedelta(days=365)

# Which lines speak to which component of the default model (by its stable key).
PARTNERS, REFERRALS, ENVIRONMENT = "partners", "referrals", "environment"
THEMES = {
    "community-and-agency-links": (PARTNERS, REFERRALS, ENVIRONMENT),
    "fit-with-care-planning": (REFERRALS,),
    "supportive-environment": (ENVIRONMENT,),
}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _partner_lines(partners: list[Partner], year: Report) -> list[str]:
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
    lines.append(
        f"In the last twelve months: {Figure(sum(row.links.n for row in year.partners))} community links to "
        f"partners' groups, and "
        f"{_plural(len(year.reached), 'community organisation', 'community organisations')} reached."
    )
    return lines


def _referral_lines(partners: list[Partner], year: Report) -> list[str]:
    statutory = sum(1 for p in partners if p.kind == PartnerKind.STATUTORY)
    refer_in = sum(1 for p in partners if Relationship.REFERRAL_IN in p.relationships)
    refer_out = sum(1 for p in partners if Relationship.REFERRAL_OUT in p.relationships)
    return [
        f"{_plural(statutory, 'statutory partner', 'statutory partners')}; "
        f"{_plural(refer_in, 'partner refers', 'partners refer')} people to you and you refer people to "
        f"{_plural(refer_out, 'partner', 'partners')}.",
        f"In the last twelve months: {Figure(sum(row.referrals.n for row in year.partners))} people "
        "referred by partners.",
    ]


def _environment_lines(partners: list[Partner], year: Report) -> list[str]:
    training = sum(1 for p in partners if Relationship.JOINT_TRAINING in p.relationships)
    premises = sum(1 for p in partners if Relationship.SHARED_PREMISES in p.relationships)
    stages = Counter(a.stage for a in year.activities)
    done = [f"{stages[s.label]} {s.label[:1].lower() + s.label[1:]}" for s in Stage if stages[s.label]]
    return [
        f"Joint training with {_plural(training, 'partner', 'partners')}; shared premises with "
        f"{_plural(premises, 'partner', 'partners')}.",
        f"In the last twelve months: "
        f"{_plural(len(year.activities), 'co-produced activity', 'co-produced activities')}"
        + (f" ({', '.join(done)})." if done else "."),
    ]


def agency_evidence(
    organisation: Organisation, today: dt.date, components: Iterable[str]
) -> dict[str, list[str]]:
    """Component key -> the lines that speak to it, for each of `components` (the agency part's keys); empty
    when the organisation has no partners now."""
    partners = list(
        Partner.objects.filter(organisation=organisation).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=today)
        )
    )
    if not partners:
        return {}
    year = build(organisation, today - YEAR, today)
    by_theme = {
        PARTNERS: _partner_lines(partners, year),
        REFERRALS: _referral_lines(partners, year),
        ENVIRONMENT: _environment_lines(partners, year),
    }
    return {
        key: [line for theme in THEMES.get(key, tuple(by_theme)) for line in by_theme[theme]]
        for key in components
    }
