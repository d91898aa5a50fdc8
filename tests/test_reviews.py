"""Reviews every few weeks, the person's single timeline, and ties between members of a map."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from connecting_people.audit import log
from connecting_people.audit.models import AuditEntry
from connecting_people.community.actions import do_save_contact
from connecting_people.community.models import WorkerContact
from connecting_people.interventions.models import Component
from connecting_people.practice.actions import (
    do_move_link,
    do_record_review,
    do_save_action,
    do_save_goal,
    do_save_person,
    do_save_session,
    do_suggest_link,
)
from connecting_people.practice.maps import do_new_map, do_save_member
from connecting_people.practice.models import (
    Goal,
    GoalAction,
    MapMember,
    MapTie,
    Person,
    PracticeStory,
    Review,
    Session,
)
from connecting_people.practice.rights import do_erase_person, subject_access

from .conftest import Cast

D = dt.date


def _worked_example(cast: Cast) -> Person:
    """Jules (HAR-2): six-weekly reviews, work agreed on 5 January 2026."""
    person, worker = cast.people["HAR-2"], cast.users["manager"]
    person.consent_to_work_on, person.review_every_weeks = D(2026, 1, 5), 6
    person.save()
    a = Component.objects.get(version=cast.published, key="find-opportunities")
    b = Component.objects.get(version=cast.published, key="try-something-new")
    do_save_session(worker, Session(person=person, date=D(2026, 1, 10), minutes=60), [a, b])
    do_save_session(worker, Session(person=person, date=D(2026, 2, 1), minutes=45), [a])
    do_save_session(worker, Session(person=person, date=D(2026, 2, 8), status="cancelled"), [])
    do_save_session(worker, Session(person=person, date=D(2026, 3, 1), status="planned"), [])
    walk = do_save_goal(worker, Goal(person=person, title="Walk", own_words="a walk on Sundays"))
    cook = do_save_goal(worker, Goal(person=person, title="Cook", own_words="cook for a friend"))
    Goal.objects.filter(pk=walk.pk).update(
        created_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC),
        status="achieved",
        status_changed_on=D(2026, 2, 5),
    )
    Goal.objects.filter(pk=cook.pk).update(created_at=dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC))
    do_save_action(
        worker,
        GoalAction(
            goal=walk,
            description="Find a route",
            owner="person",
            done_at=dt.datetime(2026, 1, 25, 12, tzinfo=dt.UTC),
        ),
    )
    do_save_action(worker, GoalAction(goal=cook, description="Buy a cookbook", owner="worker"))
    first = do_new_map(worker, person, D(2026, 1, 10))
    do_save_member(
        worker, MapMember(map=first, label="Ann", relationship="friend", circle=2, frequency="monthly")
    )
    second = do_new_map(worker, person, D(2026, 2, 10))
    ann = second.members.get()
    ann.circle, ann.frequency = 1, "weekly"
    do_save_member(worker, ann)
    do_save_member(
        worker, MapMember(map=second, label="Bob", relationship="neighbour", circle=3, frequency="monthly")
    )
    return person


def test_review_summary_against_a_hand_worked_example(cast: Cast) -> None:
    person = _worked_example(cast)
    # six weeks after the work began, kept on the person's row by the actions
    assert Person.objects.get(pk=person.pk).review_due == D(2026, 2, 16)
    review = do_record_review(cast.users["manager"], person, D(2026, 2, 15), "Keep walking.")
    assert review.covers_from == D(2026, 1, 5) and review.next_review_on == D(2026, 3, 29)
    assert review.summary == [
        "We met twice, for 1 h 45 min in all.",
        "We worked most on Find opportunities and Try something new.",
        "1 session was cancelled.",
        "We agreed 2 new goals: Walk and Cook.",
        "1 goal was achieved: Walk.",
        "1 goal is still being worked on.",
        "1 next step was done, 1 of them yours or shared.",
        "We redrew your network map (10/01/2026 and 10/02/2026 compared):",
        "You have 1 person or place on your map who was not there before: Bob.",
        "1 person or place moved closer to you: Ann.",
        "You now have 1 more person you see every week or more.",
        "1 more of your connections are outside services.",
    ]
    assert Person.objects.get(pk=person.pk).review_due == D(2026, 3, 29)
    # The next review covers only what happened since this one, and the summary is frozen.
    later = do_record_review(cast.users["manager"], person, D(2026, 3, 29), "", D(2026, 4, 20))
    assert later.covers_from == D(2026, 2, 15) and later.next_review_on == D(2026, 4, 20)
    assert later.summary == ["We did not meet in this period.", "1 goal is still being worked on."]
    Session.objects.filter(person=person).update(minutes=5)
    review.refresh_from_db()
    assert review.summary[0] == "We met twice, for 1 h 45 min in all."


def test_review_summary_says_which_links_were_made_lasted_and_stopped(cast: Cast) -> None:
    """A hand-worked example: the review of 1 July 2026 covers from 1 March, when the work began."""
    person, worker = cast.people["HAR-2"], cast.users["manager"]
    person.consent_to_work_on = D(2026, 3, 1)
    person.save()

    def on(day: dt.date) -> time_machine.travel:
        return time_machine.travel(dt.datetime.combine(day, dt.time(11), tzinfo=dt.UTC), tick=False)

    with on(D(2025, 12, 1)):  # before the period: went on 1 January, so 3 months on 1 April, 6 on 1 July
        choir = do_suggest_link(worker, person, name="Community choir")
    with on(D(2026, 1, 1)):
        do_move_link(worker, choir, "attended")
    with on(D(2026, 3, 10)):  # suggested in the period, went on 20 March: three months on 20 June
        allotment = do_suggest_link(worker, person, name="Allotment group")
        walking = do_suggest_link(worker, person, name="Walking group")
        quiz = do_suggest_link(worker, person, name="Quiz night")
    with on(D(2026, 3, 20)):
        do_move_link(worker, allotment, "accompanied")
        do_move_link(worker, allotment, "continuing")
    with on(D(2026, 4, 2)):  # never went: it did not go ahead
        do_move_link(worker, walking, "stopped", stop_reason="transport")
    with on(D(2026, 4, 9)):
        do_move_link(worker, quiz, "attended")
    with on(D(2026, 5, 1)):  # went, then stopped before three months
        do_move_link(worker, quiz, "stopped", stop_reason="not_welcoming")
    with on(D(2026, 3, 12)):  # a worker's own contact: met on 1 April, kept in touch for three months
        sam = do_save_contact(
            worker,
            WorkerContact(
                name="Sam", how_to_reach="by phone", consent_on=D(2026, 3, 12), consent_how="in_person"
            ),
        )
        buddy = do_suggest_link(worker, person, contact=sam)
    with on(D(2026, 4, 1)):
        do_move_link(worker, buddy, "attended")
    with on(D(2026, 7, 2)):  # after the review date: not in it
        do_move_link(worker, choir, "stopped", stop_reason="other", note="private reasons")
    review = do_record_review(worker, person, D(2026, 7, 1), "")
    assert review.covers_from == D(2026, 3, 1)
    assert [line for line in review.summary if any(w in line for w in ("going", "try", "ahead", "Sam"))] == [
        "We found 4 new things to try: Allotment group, Walking group, Quiz night and Sam.",
        "You started going to Allotment group and Quiz night.",
        "You met Sam.",
        "You have kept going to Community choir and Allotment group for three months.",
        "You have kept in touch with Sam for three months.",
        "You have kept going to Community choir for six months.",
        "Walking group did not go ahead: transport.",
        "You stopped going to Quiz night: it did not feel welcoming.",
    ]


def test_review_through_the_web(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    client = cast.client("worker")
    page = client.get(reverse("practice:review_new", args=[person.pk])).content.decode()
    assert "The last review was on 10 November 2026" in page and "What changed since 10 November 2026" in page
    bad = client.post(
        reverse("practice:review_new", args=[person.pk]),
        {"held_on": "20/11/2026", "agreed": "x", "next_review_on": "01/11/2026"},
    )
    assert bad.status_code == 400 and "The next review must come after this one." in bad.content.decode()
    assert person.reviews.count() == 1
    response = client.post(
        reverse("practice:review_new", args=[person.pk]),
        {"held_on": "20/11/2026", "agreed": "Try the Tuesday choir too."},
    )
    review = person.reviews.first()
    assert response["Location"] == reverse("practice:review", args=[review.pk])
    assert review.next_review_on == D(2026, 11, 20) + dt.timedelta(weeks=12)
    assert AuditEntry.objects.filter(
        object_type="practice.review", object_id=str(review.pk), action="create"
    ).exists()
    # The person reads their reviews; they cannot write one; another organisation cannot see them.
    own = cast.client("individual").get(reverse("practice:review", args=[review.pk])).content.decode()
    assert "Try the Tuesday choir too." in own
    assert cast.client("individual").get(reverse("practice:review_new", args=[person.pk])).status_code == 403
    assert cast.client("other_manager").get(reverse("practice:review", args=[review.pk])).status_code == 404


def test_one_timeline_of_everything_newest_first(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    page = cast.client("worker").get(reverse("practice:person", args=[person.pk])).content.decode()
    timeline = page[page.index('id="timeline-heading"') :]
    order = [
        timeline.index(s)
        for s in (
            "10 November 2026 · <a",
            "2 November 2026 · Session",
            "1 November 2026 · <a",
            "1 June 2026 · <a",
        )
    ]
    assert order == sorted(order)  # review, session, redrawn map, first map
    assert "Goal agreed: Singing" in timeline and "PRIVATE: seemed low today" in timeline
    maps_only = (
        cast.client("worker").get(reverse("practice:person", args=[person.pk]) + "?show=map").content.decode()
    )
    listed = maps_only[maps_only.index('id="timeline-heading"') :]
    assert "Network map drawn again" in listed and "· Session" not in listed and "Goal agreed" not in listed
    own = cast.client("individual").get(reverse("practice:person", args=[person.pk])).content.decode()
    assert "2 November 2026 · Session" in own and "PRIVATE" not in own
    assert "Review the work together" not in own


def test_caseload_shows_when_a_review_is_due(cast: Cast) -> None:
    person = cast.people["HAR-2"]  # no review yet, no sessions: due 12 weeks after the record was made
    client = cast.client("manager")
    page = client.get(reverse("practice:people")).content.decode()
    due = (person.created_at.date() + dt.timedelta(weeks=12)).strftime("%d/%m/%Y")
    assert due in page
    assert (D(2026, 11, 10) + dt.timedelta(weeks=12)).strftime("%d/%m/%Y") in page  # HAR-1's agreed date
    person.consent_to_work_on = D(2025, 1, 1)
    do_save_person(cast.users["manager"], person)  # the action keeps the due date on the person's row
    assert "01/01/2025 (due)" not in page
    assert "26/03/2025 (due)" in client.get(reverse("practice:people")).content.decode()


def test_ties_are_edited_in_the_web_and_change_density(cast: Cast) -> None:
    client = cast.client("worker")
    network_map = cast.practice["map"]
    bea = cast.practice["member"]
    for label in ("Cal", "Dot"):
        client.post(
            reverse("practice:member_new", args=[network_map.pk]),
            {
                "new-label": label,
                "new-kind": "person",
                "new-relationship": "friend",
                "new-circle": "2",
                "new-frequency": "weekly",
                "new-quality": "strong",
            },
        )
    cal, dot = (MapMember.objects.get(map=network_map, label=x) for x in ("Cal", "Dot"))
    page = client.get(reverse("practice:member", args=[bea.pk])).content.decode()
    assert "Who Aunt Bea knows on this map" in page and f'value="{cal.pk}"' in page
    client.post(reverse("practice:member_ties", args=[bea.pk]), {"knows": [cal.pk, dot.pk]})
    assert MapTie.objects.filter(map=network_map).count() == 2
    entry = AuditEntry.objects.filter(object_type="practice.mapmember", object_id=str(bea.pk)).latest("at")
    assert entry.changes == {} and entry.fields == [
        "knows"
    ]  # members' names only sealed with the person's key
    assert dict(log.opened([entry]))[entry] == {"knows": [[], ["Cal", "Dot"]]}
    assert (
        "0.67" in client.get(reverse("practice:map", args=[network_map.pk])).content.decode()
    )  # 2 of 3 pairs
    # Unticking removes; ids from another map are ignored; Cal's own page shows the tie from the other side.
    client.post(reverse("practice:member_ties", args=[bea.pk]), {"knows": [dot.pk, 999999]})
    assert MapTie.objects.filter(map=network_map).count() == 1
    assert (
        f'value="{dot.pk}" checked' in client.get(reverse("practice:member", args=[bea.pk])).content.decode()
    )
    assert (
        f'value="{bea.pk}" checked'
        not in client.get(reverse("practice:member", args=[cal.pk])).content.decode()
    )
    assert (
        f'value="{bea.pk}" checked' in client.get(reverse("practice:member", args=[dot.pk])).content.decode()
    )
    assert (
        cast.client("other_worker")
        .post(reverse("practice:member_ties", args=[bea.pk]), {"knows": []})
        .status_code
        == 404
    )
    assert MapTie.objects.filter(map=network_map).count() == 1
    # Ties are carried forward to the next map.
    newer = do_new_map(cast.users["worker"], cast.people["HAR-1"], D(2026, 11, 20))
    assert MapTie.objects.filter(map=newer).count() == 1


def test_erasure_removes_reviews(cast: Cast) -> None:
    person = cast.people["HAR-1"]
    assert subject_access(person)["reviews"][0]["agreed"] == "Keep going to the choir."
    do_erase_person(cast.users["manager"], person)
    assert not Review.objects.exists()
    assert not AuditEntry.objects.filter(changes__icontains="Keep going to the choir").exists()


def test_person_page_query_count_does_not_grow(cast: Cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    person, worker = cast.people["HAR-1"], cast.users["worker"]
    client = cast.client("worker")
    url = reverse("practice:person", args=[person.pk])
    client.get(url)  # session and user caches warm

    def grow(start: int) -> None:
        component = Component.objects.get(version=cast.published, key="try-something-new")
        for i in range(start, start + 5):
            do_save_session(worker, Session(person=person, date=D(2026, 3, i + 1), minutes=30), [component])
            goal = do_save_goal(worker, Goal(person=person, title=f"Goal {i}", own_words="in my words"))
            do_save_action(
                worker,
                GoalAction(
                    goal=goal,
                    description=f"Step {i}",
                    owner="both",
                    done_at=dt.datetime(2026, 3, i + 1, tzinfo=dt.UTC),
                ),
            )
            do_new_map(worker, person, D(2026, 3, i + 1))
            do_record_review(worker, person, D(2026, 3, i + 1), "")
            link = do_suggest_link(worker, person, name=f"Group {i}")
            do_move_link(worker, link, "attended")
            PracticeStory.objects.create(person=person, what_helped=f"Story {i}", written_by=worker)

    # The user, the record, the audit entry of the view (savepoint, insert, release), the workers, and
    # the community links with their steps and the sessions that worked on them, and the practice stories
    # (read afresh, never cached); and when the record has changed since its part of the page was
    # cached, its goals, their steps, maps, how many are in each circle of the maps, sessions, the
    # components and the community links they worked on and the reviews.
    def timeline() -> str:
        page = client.get(url).content.decode()
        return page[
            page.index('<ol class="timeline"') : page.index("</ol>", page.index('<ol class="timeline"'))
        ]

    grow(0)
    with django_assert_num_queries(18):
        first = timeline()
    with django_assert_num_queries(10):  # the record's part of the page comes from the cache
        assert timeline() == first
    grow(10)
    with django_assert_num_queries(18):
        changed = timeline()
    assert "Step 14" in changed and "Step 14" not in first
    with django_assert_num_queries(10):
        assert timeline() == changed
