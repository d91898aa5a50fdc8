"""Practice: sessions and goals through the person's record, the caseload summary, and the person's
own view, which never shows the worker's private reflections or lets them tick the worker's steps."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.interventions.models import Component
from connecting_people.practice.models import GoalAction, Session

from .conftest import Cast


def test_worker_records_a_session_and_the_caseload_shows_it(cast: Cast) -> None:
    client = cast.client("worker")
    person = cast.people["HAR-1"]
    page = client.get(reverse("practice:session_new", args=[person.pk])).content.decode()
    assert "Ask how the choir taster went" in page  # remember-for-next-time comes to the top
    review = Component.objects.get(version=cast.published, key="review-together")
    reflect = Component.objects.get(version=cast.published, key="reflect-on-progress")
    response = client.post(
        reverse("practice:session_new", args=[person.pk]),
        {
            "date": "20/11/2026",
            "status": "held",
            "minutes": "45",
            "place": "Park",
            "who_took_part": "Alys and Worker",
            "components": [review.pk, reflect.pk],
            "shared_notes": "We looked back over the month.",
            "private_reflections": "Seemed brighter.",
            "remember_next": "Her sister visits in December",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(date="2026-11-20")
    assert sorted(c.key for c in session.components.all()) == ["reflect-on-progress", "review-together"]
    assert AuditEntry.objects.filter(
        object_type="practice.session", object_id=str(session.pk), action="create"
    ).exists()
    caseload = client.get(reverse("practice:people")).content.decode()
    assert (
        "20/11/2026" in caseload
        and "7/8 Review together" in caseload
        and "7/8 Reflect on my progress" in caseload
    )
    # The stage is kept on the record and follows edits: the session cancelled, the earlier stage is back.
    client.post(
        reverse("practice:session", args=[session.pk]),
        {"date": "20/11/2026", "status": "cancelled", "components": [review.pk, reflect.pk]},
    )
    caseload = client.get(reverse("practice:people")).content.decode()
    assert "4/8 Find opportunities" in caseload and "Review together" not in caseload
    planned = client.post(
        reverse("practice:session_new", args=[person.pk]), {"date": "01/01/2099", "status": "planned"}
    )
    assert (
        planned.status_code == 302 and "01/01/2099" in client.get(reverse("practice:people")).content.decode()
    )


def test_goals_and_steps(cast: Cast) -> None:
    client = cast.client("worker")
    person = cast.people["HAR-1"]
    client.post(
        reverse("practice:goal_new", args=[person.pk]),
        {"own_words": "I'd like a walk with someone on Sundays", "title": "Sunday walks", "status": "active"},
    )
    goal = person.goals.get(title="Sunday walks")
    client.post(
        reverse("practice:goal", args=[goal.pk]),
        {"add_action": "1", "action-description": "Look up the walking group", "action-owner": "both"},
    )
    assert [a.description for a in goal.actions.all()] == ["Look up the walking group"]
    page = client.get(reverse("practice:person", args=[person.pk])).content.decode()
    assert "I&#x27;d like a walk with someone on Sundays" in page and "Look up the walking group" in page
    assert "Open goals" in client.get(reverse("practice:people")).content.decode()


def test_the_persons_own_view(cast: Cast) -> None:
    me = cast.client("individual")
    person = cast.people["HAR-1"]
    response = me.get(reverse("practice:people"))
    assert response["Location"] == reverse("practice:person", args=[person.pk])
    page = me.get(response["Location"]).content.decode()
    assert "My plan" in page and "We looked at the choir timetable together." in page
    assert (
        "PRIVATE" not in page and "Private reflections" not in page and "Remember for this time" not in page
    )
    assert "I want to sing with other people again" in page
    own, workers = cast.practice["person_action"], cast.practice["worker_action"]
    assert me.post(reverse("practice:action_toggle", args=[own.pk])).status_code == 302
    assert GoalAction.objects.get(pk=own.pk).done_by == cast.users["individual"]
    assert me.post(reverse("practice:action_toggle", args=[workers.pk])).status_code == 403
    assert GoalAction.objects.get(pk=workers.pk).done_at is None
    for name, kwargs in [
        ("practice:session_new", {"pk": person.pk}),
        ("practice:goal", {"pk": cast.practice["goal"].pk}),
        ("practice:session", {"pk": cast.practice["session"].pk}),
    ]:
        assert me.get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_command_line_list_has_no_names(cast: Cast) -> None:
    out = StringIO()
    call_command("practice", "list", stdout=out)
    text = out.getvalue()
    assert "HAR-1" in text and "NOR-1" in text and "Alys" not in text and "02/11/2026" in text
