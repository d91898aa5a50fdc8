"""Changes to an organisation's partners and co-production log, each with its audit entry in the same
transaction."""

from __future__ import annotations

from django.db import transaction

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit.saving import save_with_audit

from .models import CoProduction, Partner, Relationship
from .names import name_problem, names_in


class Refused(ValueError):
    """A change that cannot be saved as it is; the message says why."""


def do_save_partner(acting_user: User | None, organisation: Organisation, partner: Partner) -> Partner:
    if (
        partner.directory_organization is not None
        and partner.directory_organization.owner_id != organisation.pk
    ):
        raise Refused("That directory entry is not in this organisation's directory.")
    unknown = [r for r in partner.relationships if r not in Relationship.values]
    if unknown:
        raise Refused(f"Not a kind of relationship: {', '.join(unknown)}.")
    if partner.ended_on is not None and partner.ended_on < partner.since:
        raise Refused("A partnership cannot end before it began.")
    clash = Partner.objects.filter(organisation=organisation, name__iexact=partner.name.strip())
    if clash.exclude(pk=partner.pk).exists():
        raise Refused(f"There is already a partner called “{partner.name.strip()}”.")
    with transaction.atomic():
        partner.organisation = organisation
        partner.name = partner.name.strip()
        return save_with_audit(acting_user, partner, Partner.AUDITED_FIELDS)


def activity_texts(activity: CoProduction) -> list[tuple[str, str]]:
    return [
        ("Title", activity.title),
        ("What was decided", activity.decided),
        ("What came of it", activity.came_of_it),
    ]


def do_save_activity(
    acting_user: User | None, organisation: Organisation, activity: CoProduction, partners: list[Partner]
) -> CoProduction:
    """Save an activity of the co-production log. Refused when its text names someone (by the name check)
    or it involves another organisation's partner."""
    if any(p.organisation_id != organisation.pk for p in partners):
        raise Refused("Only this organisation's partners can be involved.")
    found = names_in(organisation.pk, activity_texts(activity), [("Who took part", activity.took_part)])
    if found:
        raise Refused(name_problem(found))
    with transaction.atomic():
        activity.organisation = organisation
        if activity.pk is None and acting_user is not None and acting_user.pk:
            activity.recorded_by = acting_user
        return save_with_audit(acting_user, activity, CoProduction.AUDITED_FIELDS, m2m={"partners": partners})
