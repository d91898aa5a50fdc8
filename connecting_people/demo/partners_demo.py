"""The demo's partnerships: partner agencies and a co-production log for Open Door Voices, the
service-user-led group, and for Harbourside Connections (whose partners are tied to the groups of its
directory, so its agencies' network and commissioner report have something to show); one of a Harbourside
worker's own contacts, who agreed to be kept here, suggested to a person. Every agency, activity and person
here is invented, and says so."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from connecting_people.community.actions import do_save_contact
from connecting_people.community.models import ConsentHow, OpportunityType, Organization, WorkerContact
from connecting_people.partnerships.actions import do_save_activity, do_save_partner
from connecting_people.partnerships.models import CoProduction, Partner
from connecting_people.practice.actions import do_move_link, do_save_person, do_suggest_link

from .state import World

# name, kind, relationships, named contact, years ago it began, years ago it ended, its directory entry
PartnerRow = tuple[str, str, list[str], str, int, int | None, str | None]
# days ago, title, stage, partners (by the start of their names), who took part, decided, what came of it
ActivityRow = tuple[int, str, str, list[str], str, str, str]

# fmt: off
PARTNERS: dict[str, list[PartnerRow]] = {
    "opendoor": [
        ("Eastgate Library (fictitious)", "statutory", ["shared_premises", "co_delivered", "co_produced"],
         "The community librarian", 4, None, None),
        ("Riverside Tenants' Association (fictitious)", "community", ["referral_in", "co_delivered"],
         "The association's secretary", 2, None, None),
        ("St Columba's Church Hall (fictitious)", "faith", ["shared_premises"],
         "The hall's booking secretary", 5, None, None),
        ("Eastgate Community Mental Health Team (fictitious)", "statutory",
         ["referral_in", "referral_out", "joint_training"], "The team's duty worker", 3, None, None),
        ("Canalside Café (fictitious)", "business", ["co_delivered"], "The café's owner", 2, None, None),
        ("Borough Volunteer Centre (fictitious)", "voluntary", ["joint_training"], "", 6, 2, None),
    ],
    "harbourside": [
        ("Carrowmouth Community Trust (fictitious)", "voluntary", ["referral_out", "co_delivered"],
         "The trust's groups co-ordinator", 5, None, "Carrowmouth Community Trust (fictitious)"),
        ("Carrowshire Council Libraries (fictitious)", "statutory", ["referral_out", "shared_premises"],
         "The outreach librarian", 3, None, "Carrowshire Council Libraries (fictitious)"),
        ("Harbour Lights Peer Network (fictitious)", "community",
         ["referral_in", "referral_out", "co_produced"], "The network's peer lead", 2, None,
         "Harbour Lights Peer Network (fictitious)"),
        ("Carrowmouth Community Mental Health Team (fictitious)", "statutory",
         ["referral_in", "joint_training"], "The team's duty worker", 6, None, None),
    ],
}

ACTIVITIES: dict[str, list[ActivityRow]] = {
    "opendoor": [
        (400, "Planning a peer-run library group", "designed", ["Eastgate Library", "Canalside Café"],
         "Five members with lived experience, the community librarian and our co-ordinator",
         "Meet fortnightly in the library's community room, with cakes from the café; members choose the "
         "books and chair in turn.",
         "The group has met since the spring, with between six and ten people each time."),
        (250, "Tenants' welcome afternoon", "delivered", ["Riverside Tenants", "Eastgate Library"],
         "Three peer volunteers, the association's secretary and two librarians",
         "Hold it on a Saturday in the library, with a table for each group.",
         "Two tenants joined the Tuesday group; the association asked to make it yearly."),
        (120, "Writing the crisis card together", "both", ["Eastgate Community Mental Health", "St Columba"],
         "Four members with lived experience, two workers from the mental health team and the hall's "
         "secretary",
         "A pocket card in plain words: who to call, what to say, what happens next.",
         "The card is given out at the team's first appointments and at the hall."),
        (30, "Joint training on peer support", "delivered", ["Eastgate Community Mental Health"],
         "Two peer trainers and eight staff from the mental health team",
         "Peer trainers lead half of each session; staff bring a real situation they found hard.",
         ""),
    ],
    "harbourside": [
        (300, "Shaping the Tuesday walks", "designed", ["Carrowmouth Community Trust", "Harbour Lights"],
         "Four people who use the service, two peer leads and a support worker",
         "Shorter walks with a café stop; a peer lead meets newcomers at the bus stop.",
         "The walks now have a regular group of about eight."),
        (90, "Library wellbeing week", "delivered", ["Carrowshire Council Libraries", "Harbour Lights"],
         "Three peer volunteers, two librarians and the service manager",
         "A stall each day and a quiet room on the Wednesday.",
         "Five people asked about the reading group; two have joined."),
    ],
}
# fmt: on


def _years_ago(today: dt.date, years: int) -> dt.date:
    return today.replace(year=today.year - years, day=min(today.day, 28))


def partners(world: World) -> None:
    today = timezone.localdate()
    for key, rows in PARTNERS.items():
        organisation = world.organisations[key]
        for name, kind, relationships, contact, began, ended, provider in rows:
            listed = (
                Organization.objects.filter(owner=organisation, name=provider).first() if provider else None
            )
            do_save_partner(
                None,
                organisation,
                Partner(
                    name=name,
                    kind=kind,
                    relationships=relationships,
                    contact_name=contact,
                    since=_years_ago(today, began),
                    ended_on=_years_ago(today, ended) if ended else None,
                    directory_organization=listed,
                ),
            )
        known = list(Partner.objects.filter(organisation=organisation))
        for days, title, stage, involved, took_part, decided, came_of_it in ACTIVITIES[key]:
            chosen = [p for p in known if any(p.name.startswith(start) for start in involved)]
            activity = CoProduction(
                held_on=today - dt.timedelta(days=days),
                title=title,
                stage=stage,
                took_part=took_part,
                decided=decided,
                came_of_it=came_of_it,
            )
            do_save_activity(None, organisation, activity, chosen)
    # The mental health team referred one of Harbourside's people.
    referred = world.people["HAR-0002"]
    referred.referred_by = Partner.objects.get(name__startswith="Carrowmouth Community Mental Health")
    do_save_person(None, referred)


def contact(world: World) -> None:
    """A worker's own contact, who agreed in person to be kept here, suggested to one of their people."""
    worker = world.users["worker"]
    kept = do_save_contact(
        worker,
        WorkerContact(
            name="Jory Penwarden (fictitious)",
            how_to_reach="Through the five-a-side club on Thursday evenings",
            could_offer="A buddy for someone new to five-a-side football; he plays every Thursday.",
            consent_on=timezone.localdate() - dt.timedelta(days=60),
            consent_how=ConsentHow.IN_PERSON,
            opportunity_type=OpportunityType.GROUP,
        ),
    )
    link = do_suggest_link(worker, world.people["HAR-0002"], contact=kept, note="Likes football")
    do_move_link(worker, link, "introduced")
