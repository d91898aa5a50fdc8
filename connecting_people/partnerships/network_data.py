"""The agencies' network of one organisation on a date, read from the database for network.py: the
partners whose partnership had begun and not ended, ties from the co-production log up to that date, and
for each partner the links people were helped to make to its groups and the people it referred, over the
year up to that date."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from django.db.models import Count, Q

from connecting_people.accounts.models import Organisation, User
from connecting_people.accounts.roles import Role
from connecting_people.practice.models import CommunityLink, Person

from .models import CoProduction, Partner
from .network import AgencyNetwork, PartnerPoint

WINDOW = dt.timedelta(days=365)


def active_partners(organisation: Organisation, on: dt.date) -> list[Partner]:
    return list(
        Partner.objects.filter(organisation=organisation, since__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=on)
        )
    )


def link_counts(
    organisation: Organisation, partners: list[Partner], start: dt.date, end: dt.date
) -> dict[int, tuple[int, int]]:
    """Per partner id: (links made to its directory organisation's services, workers who made them)."""
    by_directory = {p.directory_organization_id: p.pk for p in partners if p.directory_organization_id}
    rows = (
        CommunityLink.objects.filter(
            person__organisation=organisation,
            created_at__date__gte=start,
            created_at__date__lte=end,
            service__organization_id__in=list(by_directory),
        )
        .values("service__organization_id")
        .annotate(n=Count("id"), workers=Count("created_by", distinct=True))
    )
    return {by_directory[r["service__organization_id"]]: (r["n"], r["workers"]) for r in rows}


def referral_counts(
    organisation: Organisation, partners: list[Partner], start: dt.date, end: dt.date
) -> dict[int, int]:
    """Per partner id: the people it referred whose records began in the period."""
    rows = (
        Person.objects.filter(
            organisation=organisation,
            referred_by__in=[p.pk for p in partners],
            created_at__date__gte=start,
            created_at__date__lte=end,
        )
        .values("referred_by")
        .annotate(n=Count("id"))
    )
    return {r["referred_by"]: r["n"] for r in rows}


def team_size(organisation: Organisation) -> int:
    makers = [role for role in Role if role.can_create_person_records]
    return User.objects.filter(organisation=organisation, role__in=makers, is_active=True).count()


def agency_network(organisation: Organisation, on: dt.date) -> AgencyNetwork:
    partners = active_partners(organisation, on)
    keys = {p.pk: f"p{p.pk}" for p in partners}
    links = link_counts(organisation, partners, on - WINDOW, on)
    referrals = referral_counts(organisation, partners, on - WINDOW, on)
    ties: set[tuple[str, str]] = set()
    together = CoProduction.partners.through.objects.filter(
        coproduction__organisation=organisation, coproduction__held_on__lte=on, partner_id__in=list(keys)
    ).values_list("coproduction_id", "partner_id")
    by_activity: dict[int, list[int]] = {}
    for activity_id, partner_id in together:
        by_activity.setdefault(activity_id, []).append(partner_id)
    for members in by_activity.values():
        for a, b in combinations(sorted(members), 2):
            ties.add((keys[a], keys[b]))
    return AgencyNetwork(
        on=on,
        centre=organisation.name,
        partners=tuple(
            PartnerPoint(
                key=keys[p.pk],
                name=p.name,
                kind=p.get_kind_display(),
                links=links.get(p.pk, (0, 0))[0],
                referrals_in=referrals.get(p.pk, 0),
                workers=links.get(p.pk, (0, 0))[1],
            )
            for p in sorted(partners, key=lambda p: (p.kind, p.name))
        ),
        ties=tuple(sorted(ties)),
        team=team_size(organisation),
    )
