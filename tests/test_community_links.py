"""Each person's community links (issue 15): the life cycle through the views, with its history of who
moved a link on and when; stopping with a reason; another worker's person is a 404; follow-ups on the start
page; links in the subject-access copy and gone with erasure."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from connecting_people.audit.models import AuditEntry
from connecting_people.practice import lasting
from connecting_people.practice.actions import do_move_link, do_suggest_link
from connecting_people.practice.maps import do_new_map, do_save_member
from connecting_people.practice.models import CommunityLink, LinkStep, MapMember, Person

from .conftest import Cast

D = dt.date

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_link_moves_through_every_state_with_its_history(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    worker = cast.client("worker")
    page = worker.get(reverse("practice:link_new", args=[person.pk]))
    assert page.status_code == 200
    follow_up = timezone.localdate() + dt.timedelta(days=3)
    response = worker.post(
        reverse("practice:link_new", args=[person.pk]),
        {
            "name": "Harbour wall walking group",
            "opportunity_type": "group",
            "follow_up_on": follow_up.isoformat(),
            "note": "Likes the sea",
        },
    )
    link = CommunityLink.objects.get(person=person)
    assert response.status_code == 302 and response["Location"].endswith(f"#link-{link.pk}")
    assert link.state == "suggested" and link.follow_up_on == follow_up and link.service is None

    text = _text(worker.get(reverse("practice:person", args=[person.pk])).content.decode())
    assert "Harbour wall walking group Suggested A group or club." in text
    assert "Move on to" in text and "It stopped" in text

    for state in ("introduced", "accompanied", "attended", "continuing"):
        response = worker.post(reverse("practice:link_move", args=[link.pk]), {"state": state})
        assert response.status_code == 302
        link.refresh_from_db()
        assert link.state == state
    assert link.follow_up_on is None  # each move sets the follow-up anew; none was given
    steps = list(LinkStep.objects.filter(link=link))
    assert [s.state for s in steps] == ["suggested", "introduced", "accompanied", "attended", "continuing"]
    assert {s.by_id for s in steps} == {cast.users["worker"].pk} and all(s.at for s in steps)
    entries = AuditEntry.objects.filter(object_type="practice.communitylink", object_id=str(link.pk))
    assert entries.count() == 5
    assert "moved to continuing" in set(entries.values_list("note", flat=True))

    # Backwards is refused; continuing is the last step, so the page offers only stopping.
    worker.post(reverse("practice:link_move", args=[link.pk]), {"state": "introduced"})
    link.refresh_from_db()
    assert link.state == "continuing"
    page = worker.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert f'action="{reverse("practice:link_move", args=[link.pk])}"' not in page
    assert f'action="{reverse("practice:link_stop", args=[link.pk])}"' in page


def test_a_link_says_what_type_of_opportunity_it_leads_to(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    worker = cast.client("worker")
    url = reverse("practice:link_new", args=[person.pk])
    untyped = worker.post(url, {"name": "Harbour choir"})
    assert "Choose the type of opportunity." in untyped.content.decode()
    wrong = worker.post(url, {"name": "Harbour choir", "opportunity_type": "picnic"})
    assert "Select a valid choice" in wrong.content.decode() and not CommunityLink.objects.exists()
    worker.post(url, {"name": "Harbour choir", "opportunity_type": "course"})
    link = CommunityLink.objects.get(person=person)
    assert link.opportunity_type == "course"

    # A link made without a type (as a suggestion from the directory is) is "not recorded" until the
    # worker says; the person's page asks for it.
    from_directory = do_suggest_link(cast.users["worker"], person, name="Pier quiz")
    page = _text(worker.get(reverse("practice:person", args=[person.pk])).content.decode())
    assert "Say what type of opportunity it is" in page and "Change its type of opportunity" in page
    response = worker.post(
        reverse("practice:link_type", args=[from_directory.pk]), {"opportunity_type": "event"}, follow=True
    )
    assert "“Pier quiz”: type of opportunity an event or drop-in." in _text(response.content.decode())
    from_directory.refresh_from_db()
    assert from_directory.opportunity_type == "event"
    entry = AuditEntry.objects.filter(object_id=str(from_directory.pk), note="type of opportunity").get()
    assert entry.fields == ["opportunity_type"] and entry.sealed  # the value sealed, as the person's data
    refused = worker.post(
        reverse("practice:link_type", args=[from_directory.pk]), {"opportunity_type": "picnic"}, follow=True
    )
    assert "Nothing was changed for “Pier quiz”" in _text(refused.content.decode())
    from_directory.refresh_from_db()
    assert from_directory.opportunity_type == "event"
    # Another organisation's worker cannot touch it.
    other = cast.client("other_worker")
    assert (
        other.post(reverse("practice:link_type", args=[link.pk]), {"opportunity_type": ""}).status_code == 404
    )


def test_a_session_names_the_links_it_worked_on(cast: Cast) -> None:
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    choir = do_suggest_link(worker, person, name="Quayside choir")
    stopped = do_suggest_link(worker, person, name="Darts league")
    do_move_link(worker, stopped, "stopped", stop_reason="cost")
    elsewhere = do_suggest_link(None, cast.people["HAR-2"], name="Someone else's group")
    client = cast.client("worker")
    url = reverse("practice:session_new", args=[person.pk])
    form = client.get(url).content.decode()
    assert "Community links worked on" in form and "Quayside choir (suggested)" in form
    assert "Darts league" not in form and "Someone else" not in form  # stopped, or not this person's
    base = {"date": "2026-11-20", "status": "held", "minutes": "60"}
    before = set(person.sessions.values_list("pk", flat=True))
    refused = client.post(url, base | {"links": [str(elsewhere.pk)]})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert set(person.sessions.values_list("pk", flat=True)) == before  # only the person's own links
    response = client.post(url, base | {"links": [str(choir.pk)]})
    assert response.status_code == 302
    session = person.sessions.exclude(pk__in=before).get()
    assert list(session.links.all()) == [choir]
    entry = AuditEntry.objects.get(object_type="practice.session", object_id=str(session.pk))
    assert "links" in entry.fields  # the values are sealed with the person's key
    text = _text(client.get(reverse("practice:person", args=[person.pk])).content.decode())
    assert "Community links: Quayside choir" in text  # on the timeline
    assert "Worked on in the session of 20 November 2026." in text  # on the link
    # Editing a session keeps a link it names even once the link has stopped.
    do_move_link(worker, choir, "stopped", stop_reason="transport")
    edit = client.get(reverse("practice:session", args=[session.pk])).content.decode()
    assert "Quayside choir (stopped)" in edit and "checked" in edit.split("Quayside choir")[0][-200:]


def test_a_links_group_joins_the_next_network_map(cast: Cast) -> None:
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    choir = do_suggest_link(worker, person, name="Quayside choir")
    do_move_link(worker, choir, "continuing")
    darts = do_suggest_link(worker, person, name="Darts league")
    first = do_new_map(worker, person, D(2027, 1, 10))  # after any map the test cast drew
    do_save_member(worker, MapMember(map=first, label="Quayside Choir", kind="group", circle=2))
    client = cast.client("worker")
    on_map = reverse("practice:link_on_map", args=[choir.pk])
    page = client.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert f'action="{on_map}"' in page and "Add to the next network map" in page
    for link in (choir, darts):
        response = client.post(reverse("practice:link_on_map", args=[link.pk]), {"wanted": "1"})
        assert response.status_code == 302 and response["Location"].endswith(f"#link-{link.pk}")
    assert (
        "The group will be on the next network map."
        in client.get(reverse("practice:person", args=[person.pk])).content.decode()
    )
    darts.refresh_from_db()
    do_move_link(worker, darts, "stopped", stop_reason="cost")  # stopped before the map: not added
    second = do_new_map(worker, person, D(2027, 2, 10))
    members = {m.label: m for m in second.members.all()}
    # The choir is on the map already by that name (in any case), so it is not added twice.
    assert "Quayside Choir" in members and "Quayside choir" not in members and "Darts league" not in members
    quiz = do_suggest_link(worker, person, name="Quiz night")
    client.post(reverse("practice:link_on_map", args=[quiz.pk]), {"wanted": "1"})
    third = do_new_map(worker, person, D(2027, 3, 10))
    added = third.members.get(label="Quiz night")
    assert (added.kind, added.relationship, added.circle, added.frequency) == (
        "group",
        "group_member",
        third.circles,
        "monthly",
    )
    assert not CommunityLink.objects.filter(person=person, on_next_map=True).exists()  # marks cleared
    notes = AuditEntry.objects.filter(object_type="practice.communitylink", object_id=str(quiz.pk))
    assert {"to go on the next map", f"added to map {third.pk}"} <= set(notes.values_list("note", flat=True))
    # Taking the mark off, and a stopped link cannot be marked.
    client.post(reverse("practice:link_on_map", args=[quiz.pk]), {"wanted": "1"})
    client.post(reverse("practice:link_on_map", args=[quiz.pk]), {"wanted": "0"})
    assert not CommunityLink.objects.get(pk=quiz.pk).on_next_map
    refused = client.post(reverse("practice:link_on_map", args=[darts.pk]), {"wanted": "1"}, follow=True)
    assert "This link has stopped; it cannot go on the next map." in refused.content.decode()


def test_a_step_may_be_skipped_and_a_link_stops_with_a_reason(cast: Cast) -> None:
    person, worker = cast.people["HAR-1"], cast.client("worker")
    link = do_suggest_link(cast.users["worker"], person, name="Tuesday choir")
    later = timezone.localdate() + dt.timedelta(days=10)
    worker.post(
        reverse("practice:link_move", args=[link.pk]),
        {"state": "attended", "follow_up_on": later.isoformat()},
    )
    link.refresh_from_db()
    assert link.state == "attended" and link.follow_up_on == later

    # "Another reason" needs a few words; without them nothing changes.
    response = worker.post(
        reverse("practice:link_stop", args=[link.pk]), {"stop_reason": "other"}, follow=True
    )
    assert "was not stopped" in response.content.decode()
    link.refresh_from_db()
    assert link.state == "attended"

    worker.post(reverse("practice:link_stop", args=[link.pk]), {"stop_reason": "cost", "note": "£4 a week"})
    link.refresh_from_db()
    assert (link.state, link.stop_reason, link.note, link.follow_up_on) == (
        "stopped",
        "cost",
        "£4 a week",
        None,
    )
    assert [s.state for s in link.steps.all()] == ["suggested", "attended", "stopped"]
    text = _text(worker.get(reverse("practice:person", args=[person.pk])).content.decode())
    assert "Stopped (1)" in text and "cost (“£4 a week”)" in text

    # A stopped link stays stopped.
    worker.post(reverse("practice:link_move", args=[link.pk]), {"state": "continuing"})
    link.refresh_from_db()
    assert link.state == "stopped"


def test_nobody_touches_a_link_of_someone_not_on_their_caseload(cast: Cast) -> None:
    own = do_suggest_link(cast.users["worker"], cast.people["HAR-1"], name="Allotment society")
    unassigned = do_suggest_link(None, cast.people["HAR-2"], name="Chess club")
    other_org = do_suggest_link(None, cast.people["NOR-1"], name="Bowls club")
    worker = cast.client("worker")
    for link in (unassigned, other_org):
        assert (
            worker.post(reverse("practice:link_move", args=[link.pk]), {"state": "introduced"}).status_code
            == 404
        )
        assert (
            worker.post(reverse("practice:link_stop", args=[link.pk]), {"stop_reason": "cost"}).status_code
            == 404
        )
    assert worker.get(reverse("practice:link_new", args=[cast.people["NOR-1"].pk])).status_code == 404
    other = cast.client("other_worker")
    assert (
        other.post(reverse("practice:link_move", args=[own.pk]), {"state": "introduced"}).status_code == 404
    )
    # The person reads their links but does not move them; the administrator reads no care records.
    individual = cast.client("individual")
    assert (
        individual.post(reverse("practice:link_move", args=[own.pk]), {"state": "introduced"}).status_code
        == 403
    )
    page = _text(individual.get(reverse("practice:person", args=[cast.people["HAR-1"].pk])).content.decode())
    assert "Allotment society Suggested" in page and "Move on to" not in page
    assert cast.client("admin").post(
        reverse("practice:link_move", args=[own.pk]), {"state": "introduced"}
    ).status_code in (403, 404)
    assert all(CommunityLink.objects.get(pk=k.pk).state == "suggested" for k in (own, unassigned, other_org))


def test_follow_ups_appear_on_the_workers_start_page(cast: Cast) -> None:
    today = timezone.localdate()
    do_suggest_link(
        cast.users["worker"],
        cast.people["HAR-1"],
        name="Knit and natter",
        follow_up_on=today - dt.timedelta(days=2),
    )
    do_suggest_link(
        cast.users["worker"],
        cast.people["HAR-1"],
        name="Later group",
        follow_up_on=today + dt.timedelta(days=30),
    )
    do_suggest_link(None, cast.people["NOR-1"], name="Bowls club", follow_up_on=today)
    text = _text(cast.client("worker").get("/").content.decode())
    assert "Community links to follow up" in text
    assert "Knit and natter Overdue" in text and "HAR-1" in text
    assert "Later group" not in text and "Bowls club" not in text
    other = _text(cast.client("other_worker").get("/").content.decode())
    assert "Bowls club Today" in other and "Knit and natter" not in other
    # The caseload keeps the earliest follow-up of a link that has not stopped, shows only those due when
    # asked, and sorts by it; stopping the link clears it.
    people = cast.client("worker").get(reverse("practice:people"), {"show": "links_due"}).content.decode()
    row = _text(people)
    assert "Links to follow up" in row and f"{today - dt.timedelta(days=2):%d/%m/%Y} (due)" in row
    assert Person.objects.get(reference="HAR-1").link_follow_up == today - dt.timedelta(days=2)
    knit = CommunityLink.objects.get(name="Knit and natter")
    do_move_link(cast.users["worker"], knit, "stopped", stop_reason="cost")
    assert Person.objects.get(reference="HAR-1").link_follow_up == today + dt.timedelta(days=30)
    people = cast.client("worker").get(reverse("practice:people"), {"show": "links_due"}).content.decode()
    assert "No one has a community link to follow up in the next week." in people


def test_links_are_in_the_copy_and_go_with_erasure(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    link = do_suggest_link(
        cast.users["worker"], person, name="Quennell Street lunch club", note="Near the bus"
    )
    cast.client("worker").post(reverse("practice:link_stop", args=[link.pk]), {"stop_reason": "transport"})
    manager = cast.client("manager")
    archive = zipfile.ZipFile(
        io.BytesIO(manager.get(reverse("practice:person_export", args=[person.pk])).content)
    )
    data = json.loads(archive.read("person.json"))
    assert [(k["name"], k["state"], k["stop_reason"]) for k in data["community_links"]] == [
        ("Quennell Street lunch club", "Stopped", "Transport")
    ]
    assert [s["state"] for s in data["community_link_steps"]] == ["Suggested", "Stopped"]
    manager.post(reverse("practice:person_erase", args=[person.pk]), {"confirm": "HAR-1"})
    assert not CommunityLink.objects.filter(pk=link.pk).exists()
    assert not LinkStep.objects.filter(link_id=link.pk).exists()


def test_one_rule_for_lasting_counts_from_the_first_time_the_person_went() -> None:
    """practice/lasting.py, used by the review summary and the commissioner report alike."""
    day = dt.date
    never_went = [(day(2026, 1, 5), "suggested"), (day(2026, 1, 9), "introduced")]
    assert lasting.point(never_went, 3) is None
    went = [(day(2026, 1, 5), "introduced"), (day(2026, 1, 31), "attended")]
    assert lasting.point(went, 3) == lasting.Point(day(2026, 4, 30), True)  # 31 January + 3 months
    stopped_early = [*went, (day(2026, 4, 29), "stopped")]
    assert lasting.point(stopped_early, 3) == lasting.Point(day(2026, 4, 30), False)
    stopped_on_the_day = [*went, (day(2026, 4, 30), "stopped")]
    assert lasting.point(stopped_on_the_day, 3) == lasting.Point(day(2026, 4, 30), True)
    assert lasting.point(stopped_on_the_day, 6) == lasting.Point(day(2026, 7, 31), False)
