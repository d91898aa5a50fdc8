"""The organisation's partners and co-production log (issue 15): managers keep them, workers read them,
another organisation sees nothing; the log refuses names of people supported and given names, keeping
nothing of a refused entry; every change is audited."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.community.models import Organization, WorkerContact
from connecting_people.fieldwork.actions import do_save_site
from connecting_people.partnerships.models import CoProduction, Partner

from .conftest import Cast, guide_with_drafts

pytestmark = pytest.mark.django_db

PARTNER = {
    "name": "Saltmarsh Food Bank",
    "kind": "voluntary",
    "relationships": ["referral_out", "co_delivered"],
    "contact_name": "The volunteer coordinator",
    "contact_details": "01632 960001",
    "since": "2024-03-01",
}


def _partner(cast: Cast, **changes: object) -> Partner:
    response = cast.client("manager").post(reverse("partners:new"), PARTNER | changes)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Partner.objects.latest("id")


def _activity(partners: list[Partner], **changes: object) -> dict[str, object]:
    return {
        "held_on": "2026-09-14",
        "title": "Planning the winter drop-in",
        "stage": "designed",
        "partners": [p.pk for p in partners],
        "took_part": "Four people who use the service, two workers and the food bank's coordinator",
        "decided": "Open on Wednesdays, with a peer host at the door.",
        "came_of_it": "",
    } | changes


def test_managers_keep_partners_and_workers_read_them(cast: Cast) -> None:
    owner = cast.orgs["harbourside"]
    listed = Organization.objects.create(owner=owner, oruk_id="org-9", name="Saltmarsh Food Bank CIO")
    partner = _partner(cast, directory_organization=listed.pk)
    assert partner.organisation == owner and partner.relationships == ["referral_out", "co_delivered"]
    assert partner.directory_organization == listed
    page = cast.client("worker").get(reverse("partners:home")).content.decode()
    assert "Saltmarsh Food Bank" in page and "We refer people to them; Co-delivered activity" in page
    assert "1 March 2024" in page and "In your directory as Saltmarsh Food Bank CIO" in page
    assert 'href="/partners/new/"' not in page
    assert cast.client("worker").get(reverse("partners:new")).status_code == 403
    assert cast.client("worker").get(reverse("partners:edit", args=[partner.pk])).status_code == 403
    other = cast.client("other_manager")
    assert "Saltmarsh" not in other.get(reverse("partners:home")).content.decode()
    assert other.get(reverse("partners:edit", args=[partner.pk])).status_code == 404
    for actor in ("individual", "researcher", "admin"):
        assert cast.client(actor).get(reverse("partners:home")).status_code == 403
    entry = AuditEntry.objects.get(object_type="partnerships.partner", object_id=str(partner.pk))
    assert entry.action == "create" and entry.changes["kind"] == [None, "voluntary"]


def test_bad_partner_input_gets_a_message_and_nothing_is_saved(cast: Cast) -> None:
    manager = cast.client("manager")
    _partner(cast)
    again = manager.post(reverse("partners:new"), PARTNER | {"name": "saltmarsh food bank"})
    assert "already a partner called" in again.content.decode()
    backwards = manager.post(reverse("partners:new"), PARTNER | {"name": "B", "ended_on": "2020-01-01"})
    assert "cannot end before it began" in backwards.content.decode()
    unknown = manager.post(reverse("partners:new"), PARTNER | {"name": "C", "relationships": ["marriage"]})
    assert "Select a valid choice" in unknown.content.decode()
    other_directory = Organization.objects.create(owner=cast.orgs["northbridge"], oruk_id="o", name="Theirs")
    theirs = manager.post(
        reverse("partners:new"), PARTNER | {"name": "D", "directory_organization": other_directory.pk}
    )
    assert "Select a valid choice" in theirs.content.decode()
    assert Partner.objects.count() == 1


def test_the_log_records_an_activity_by_role_with_its_partners(cast: Cast) -> None:
    bank, church = _partner(cast), _partner(cast, name="St Brannock's Church", kind="faith")
    response = cast.client("manager").post(reverse("partners:activity_new"), _activity([bank, church]))
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = CoProduction.objects.get()
    assert set(activity.partners.all()) == {bank, church} and activity.recorded_by == cast.users["manager"]
    page = cast.client("worker").get(reverse("partners:activities")).content.decode()
    assert (
        "Planning the winter drop-in" in page and "14 September 2026" in page and "Designed together" in page
    )
    assert "Saltmarsh Food Bank, St Brannock" in page or "St Brannock&#x27;s Church, Saltmarsh" in page
    assert cast.client("worker").get(reverse("partners:activity_new")).status_code == 403
    entry = AuditEntry.objects.get(object_type="partnerships.coproduction", object_id=str(activity.pk))
    assert sorted(entry.changes["partners"][1]) == sorted([str(bank.pk), str(church.pk)])


@pytest.mark.parametrize(
    "field, text, word",
    [
        ("took_part", "Alys and two workers", "Alys"),  # a person supported, by first name
        ("decided", "We asked Bryn Carew to host.", "Bryn Carew"),  # by full name
        ("took_part", "Margaret and three volunteers", "Margaret"),  # a given name nobody registered
        ("title", "Coffee with Penrose", "Penrose"),  # a supported person's surname
    ],
)
def test_the_log_refuses_names_and_keeps_nothing(cast: Cast, field: str, text: str, word: str) -> None:
    bank = _partner(cast)
    before = AuditEntry.objects.count()
    response = cast.client("manager").post(
        reverse("partners:activity_new"), _activity([bank], **{field: text})
    )
    body = response.content.decode()
    assert response.status_code == 200 and f"“{word}”" in body and "by their role" in body
    assert not CoProduction.objects.exists() and AuditEntry.objects.count() == before


def test_roles_and_partner_names_are_not_taken_for_names(cast: Cast) -> None:
    church = _partner(cast, name="St Agnes Community Church", kind="faith")
    response = cast.client("manager").post(
        reverse("partners:activity_new"),
        _activity(
            [church],
            title="Summer Fair planning",  # words of the names list, but not where roles are written
            took_part="Three peer supporters and the St Agnes minister",
            came_of_it="Bryn's idea was not used",  # a supported person's name is refused anywhere
        ),
    )
    assert "“Bryn”" in response.content.decode()
    response = cast.client("manager").post(
        reverse("partners:activity_new"),
        _activity(
            [church],
            title="Summer Fair planning",
            took_part="Five Peer supporters and the St Agnes minister",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def test_the_lists_cost_the_same_whatever_they_hold(cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    owner = cast.orgs["harbourside"]
    partners = [
        Partner.objects.create(
            organisation=owner, name=f"Agency {n}", kind="community", since=dt.date(2024, 1, 1)
        )
        for n in range(30)
    ]
    for n in range(30):
        activity = CoProduction.objects.create(
            organisation=owner,
            held_on=dt.date(2026, 1, 1),
            title=f"Activity {n}",
            stage="designed",
            took_part="x",
        )
        activity.partners.set(partners[n : n + 3])
    for n in range(30):
        WorkerContact.objects.create(
            organisation=owner,
            worker=cast.users["worker"],
            name=f"Contact {n}",
            how_to_reach="x",
            could_offer="x",
            consent_on=dt.date(2026, 1, 1),
            consent_how="phone",
            shared_with_team=n % 2 == 0,
        )
    worker, manager = cast.client("worker"), cast.client("manager")
    # The session, the user, the rows (and their partners, or the audit entry of reading the contacts).
    with django_assert_max_num_queries(6):
        assert manager.get(reverse("partners:home")).content.decode().count("Agency ") == 30
    with django_assert_max_num_queries(6):
        assert manager.get(reverse("partners:activities")).content.decode().count('<h2 id="activity-') == 30
    with django_assert_max_num_queries(6):
        assert (
            worker.get(reverse("directory:contacts"))
            .content.decode()
            .count('<section class="panel" id="contact-')
            == 30
        )
    with django_assert_max_num_queries(6):
        assert (
            manager.get(reverse("directory:contacts"))
            .content.decode()
            .count('<section class="panel" id="contact-')
            == 15
        )


def test_the_self_assessment_reads_partnerships_as_evidence_for_the_agency_part(cast: Cast) -> None:
    guide_with_drafts(cast)
    manager = cast.client("manager")
    url = reverse("guide:self_assessment")
    assert "Evidence from your partnerships" not in manager.get(url).content.decode()  # no partners yet
    food_bank = _partner(cast)
    _partner(cast, name="Carrowmouth Library", kind="statutory", relationships=["shared_premises"])
    _partner(cast, name="Old Mill Trust", since="2020-01-01", ended_on="2023-06-30")  # ended: not counted
    today = dt.date.today()
    held = (today - dt.timedelta(days=20)).isoformat()
    assert (
        manager.post(reverse("partners:activity_new"), _activity([food_bank], held_on=held)).status_code
        == 302
    )
    page = manager.get(url).content.decode()

    def evidence(key: str) -> str:
        return html.unescape(page.split(f'id="evidence-{key}"')[1].split("</details>")[0])

    # Each agency component gets the lines that speak to it.
    links = evidence("community-and-agency-links")
    assert "2 partner agencies now: 1 statutory, 1 voluntary." in links
    assert "How you work with them: co-delivered activity (1); shared premises (1); we refer people" in links
    assert "In the last twelve months: 0 community links to partners' groups, and 0 community" in links
    care = evidence("fit-with-care-planning")
    assert "1 statutory partner; 0 partners refer people to you and you refer people to 1 partner." in care
    assert "2 partner agencies" not in care
    environment = evidence("supportive-environment")
    assert "Joint training with 0 partners; shared premises with 1 partner." in environment
    assert "1 co-produced activity (1 designed together)" in environment
    # Other parts have none.
    assert 'id="evidence-build-relationship"' not in page
    # Another organisation's manager sees none of it.
    other = cast.client("other_manager").get(url).content.decode()
    assert "Food Bank" not in other and "Evidence from your partnerships" not in other


def test_the_gold_standard_reads_a_sites_partnerships_once_its_organisation_shares(cast: Cast) -> None:
    """Rating the agency part for the gold standard, researchers see what the partnership records say of
    each of their sites that keeps its records here, once a manager there agreed to share with them."""
    objects = guide_with_drafts(cast)
    _partner(cast)
    site = cast.fieldwork["site"]
    site.practice_organisation = cast.orgs["harbourside"]
    do_save_site(cast.users["researcher"], site)
    researcher = cast.client("researcher")
    agency = reverse("guide:gold_component", args=[objects["guide"].pk, "community-and-agency-links"])
    assert "From the sites' partnership records" not in researcher.get(agency).content.decode()  # asked only

    cast.client("manager").post(reverse("partners:research_answer", args=[site.pk]), {"answer": "agree"})
    page = researcher.get(agency).content.decode()
    panel = page.split('id="site-partnerships"')[1].split("</section>")[0]
    assert site.name in panel and "1 partner agency now: 1 voluntary." in panel
    assert "Food Bank" not in panel  # counts, never a partner's name
    care = reverse("guide:gold_component", args=[objects["guide"].pk, "fit-with-care-planning"])
    care_panel = (
        researcher.get(care).content.decode().split('id="site-partnerships"')[1].split("</section>")[0]
    )
    assert "0 statutory partners; 0 partners refer people to you" in care_panel
    assert "partner agency now" not in care_panel  # only what speaks to this component
    other = reverse("guide:gold_component", args=[objects["guide"].pk, "build-relationship"])
    assert "From the sites' partnership records" not in researcher.get(other).content.decode()

    manager = cast.client("manager")
    for nonsense in ({"answer": "maybe"}, {}):  # a stale form or a hand-made request stops nothing
        page = manager.post(reverse("partners:research_answer", args=[site.pk]), nonsense, follow=True)
        assert "Nothing changed: choose to share with" in page.content.decode()
        assert "From the sites' partnership records" in researcher.get(agency).content.decode()
    manager.post(reverse("partners:research_answer", args=[site.pk]), {"answer": "stop"})
    assert "From the sites' partnership records" not in researcher.get(agency).content.decode()
