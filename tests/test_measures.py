"""Outcome measures in use (issue 16): an organisation's schedule, what is due and overdue on the start page
and the caseload as time passes, completing a measure (the worker's form with the person, the person on
their own account or a personal link, pausing and carrying on), answers refused outside their range,
prorated scores through the view, audited reads, the subject-access copy and erasure, and change over time
for the person and the organisation."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.measures import actions
from connecting_people.measures.actions import do_complete, do_load_instrument, do_schedule
from connecting_people.measures.models import Completion, Instrument, MeasureLink
from connecting_people.measures.schedule import add_months
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person
from connecting_people.practice.rights import do_erase_person, export_person

from .conftest import Cast

DATA = Path(__file__).resolve().parent.parent / "connecting_people" / "measures" / "data"
LONDON = ZoneInfo("Europe/London")
STARTED = dt.date(2026, 1, 10)

# Ours and fictitious: a whole-number item, to see the range refused through the view.
VISITS = """\
schema: cpi-instrument/1
key: visits-test
title: Visits test
version: "1"
licence: {ours: true, note: "A test instrument written for these tests."}
completed_by: [person, worker, proxy]
response_sets:
  yes-no:
    - {value: 1, label: "Yes"}
    - {value: 0, label: "No"}
items:
  - {key: visits, text: "How many times did you go out to meet people this month?", range: {min: 0, max: 31}}
  - {key: enjoyed, text: "Did you enjoy it?", responses: yes-no}
scores:
  - {key: visits, label: Visits, rule: sum, items: [visits]}
"""


def at(day: dt.date):  # type: ignore[no-untyped-def]
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=LONDON), tick=False)


def load(cast: Cast, name: str = "connections_check.yaml", org: str = "harbourside") -> Instrument:
    return do_load_instrument(None, cast.orgs[org], (DATA / name).read_text())[0]


def started(cast: Cast, ref: str = "HAR-1", on: dt.date = STARTED) -> Person:
    person = cast.people[ref]
    person.consent_to_work_on = on
    return do_save_person(None, person)


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    assert add_months(dt.date(2026, 1, 10), 3) == dt.date(2026, 4, 10)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 14) == dt.date(2028, 1, 30)


def test_a_manager_sets_the_schedule_and_others_may_not(cast: Cast) -> None:
    instrument = load(cast)
    started(cast)
    url = reverse("measures:schedule")
    manager = cast.client("manager")
    refused = manager.post(url, {"instrument": instrument.key, "follow_up_months": "3, six"}, follow=True)
    assert "not “six”" in refused.content.decode()
    response = manager.post(url, {"instrument": instrument.key, "follow_up_months": "12, 3; 6"})
    assert response.status_code == 302
    page = manager.get(url).content.decode()
    assert "at the baseline, 3 months, 6 months, 12 months" in page
    assert fresh(cast.people["HAR-1"]).measures_due == STARTED  # the baseline, at the start of the work
    assert AuditEntry.objects.filter(object_type="measures.scheduledmeasure").exists()
    assert (
        cast.client("worker").post(url, {"instrument": instrument.key, "follow_up_months": "3"}).status_code
        == 403
    )
    assert cast.client("other_manager").post(url, {"instrument": instrument.key}).status_code == 404


def test_a_large_organisation_is_refreshed_by_a_background_job(cast: Cast, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    queued = []
    monkeypatch.setattr(actions, "REFRESH_CHUNK", 1)  # Harbourside's two people count as large
    monkeypatch.setattr(actions, "enqueue", lambda func, *args: queued.append((func, args)))
    instrument = load(cast)
    started(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    assert queued == [
        ("connecting_people.measures.actions.refresh_organisation", (cast.orgs["harbourside"].pk,))
    ]
    assert fresh(cast.people["HAR-1"]).measures_due is None  # not yet: the job has not run
    assert actions.refresh_organisation(cast.orgs["harbourside"].pk) == 2
    assert fresh(cast.people["HAR-1"]).measures_due == STARTED


def test_due_and_overdue_as_time_passes(cast: Cast) -> None:
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3, 6])
    person = started(cast)
    worker = cast.client("worker")
    with at(dt.date(2025, 12, 1)):  # more than a fortnight before the start
        page = worker.get("/").content.decode()
        assert "No outcome measures due in the next fortnight." in page
    with at(dt.date(2026, 1, 2)):
        page = worker.get("/").content.decode()
        assert "Measures with HAR-1" in page and "Due Saturday 10 January" in page
        assert "How connected do you feel (baseline)" in page
        assert "Overdue" not in page.split('id="start-measures"')[1].split("</section>")[0]
    with at(dt.date(2026, 1, 20)):
        section = worker.get("/").content.decode().split('id="start-measures"')[1].split("</section>")[0]
        assert "Overdue" in section and "Due since 10 January 2026" in section
        caseload = worker.get(reverse("practice:people") + "?show=measures_due").content.decode()
        assert "HAR-1" in caseload and "(due)" in caseload
        # Filled in together: the baseline is done; the next is due at 3 months.
        response = worker.post(
            reverse("measures:fill", args=[person.pk, instrument.key, 0]),
            {"completed_by": "worker", "finished_on": "2026-01-20"}
            | {f"item-{i.key}": "3" for i in instrument.definition().items},
        )
        assert response.status_code == 302
        assert fresh(person).measures_due == dt.date(2026, 4, 10)
        assert "No outcome measures due" in worker.get("/").content.decode()
        assert "HAR-1" not in worker.get(reverse("practice:people") + "?show=measures_due").content.decode()
    with at(dt.date(2026, 4, 1)):
        assert "Measures with HAR-1" in worker.get("/").content.decode()
        # Not done: recorded with the reason, and the 6 months is next.
        worker.post(
            reverse("measures:missed", args=[person.pk, instrument.key, 3]), {"reason": "In hospital"}
        )
        assert fresh(person).measures_due == dt.date(2026, 7, 10)
        page = worker.get(reverse("measures:person", args=[person.pk])).content.decode()
        assert "Not done: In hospital" in page
    # The individual is told on their own start page.
    with at(dt.date(2026, 7, 1)):
        assert "short questionnaire to fill in" in cast.client("individual").get("/").content.decode()


def test_answers_outside_the_range_are_refused_and_nothing_is_saved(cast: Cast) -> None:
    instrument = do_load_instrument(None, cast.orgs["harbourside"], VISITS)[0]
    do_schedule(None, cast.orgs["harbourside"], instrument, [])
    person = started(cast)
    url = reverse("measures:fill", args=[person.pk, instrument.key, 0])
    response = cast.client("worker").post(
        url, {"completed_by": "worker", "finished_on": "2026-01-12", "item-visits": "40", "item-enjoyed": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing was saved" in page
    assert "40 is outside the range 0 to 31" in page
    assert not Completion.objects.exists()
    # A proxy must say who they are, and is flagged.
    page = (
        cast.client("worker")
        .post(url, {"completed_by": "proxy", "finished_on": "2026-01-12", "item-visits": "4"})
        .content.decode()
    )
    assert "Say who answered for the person." in page
    cast.client("worker").post(
        url, {"completed_by": "proxy", "proxy": "Her sister", "finished_on": "2026-01-12", "item-visits": "4"}
    )
    done = Completion.objects.get()
    assert done.is_proxy and done.proxy == "Her sister" and done.scores == {"visits": "4"}
    page = cast.client("worker").get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "Proxy" in page and "Her sister" in page


def test_prorating_through_the_view(cast: Cast) -> None:
    instrument = load(cast, "resource_checklist.yaml")
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    person = started(cast)
    items = [i.key for i in instrument.definition().items]
    answers = {f"item-{k}": "1" for k in items[:10]} | {f"item-{items[10]}": "0"}  # the last left out
    response = cast.client("worker").post(
        reverse("measures:fill", args=[person.pk, instrument.key, 0]),
        {"completed_by": "worker", "finished_on": "2026-01-12"} | answers,
    )
    assert response.status_code == 302
    scores = Completion.objects.get().score_values()
    assert scores["total"] == Fraction(10 * 12, 11)  # 10 yes of 11 answered, scaled to 12 items
    assert scores["alongside"] is None  # a subscale allows no missing item
    assert scores["at-home"] == 3
    page = cast.client("worker").get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "10.9" in page and "No score" in page


def test_the_person_answers_on_their_own_account_one_question_at_a_time(cast: Cast) -> None:
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    person = started(cast, on=dt.date.today())
    me = cast.client("individual")
    begin = reverse("measures:begin", args=[person.pk, instrument.key, 0])
    response = me.post(begin)
    completion = Completion.objects.get()
    assert response["Location"] == reverse("measures:question", args=[completion.pk, 1])
    first = me.get(response["Location"]).content.decode()
    assert "Question 1 of 6" in first and "I have someone I can call on" in first
    assert me.post(reverse("measures:question", args=[completion.pk, 1]), {"answer": "9"}).status_code == 200
    me.post(reverse("measures:question", args=[completion.pk, 1]), {"answer": "4"})
    paused = me.post(reverse("measures:question", args=[completion.pk, 2]), {"pause": "1"}).content.decode()
    assert "Your answers so far are saved" in paused
    # Carrying on starts at the first question not answered.
    assert me.post(begin)["Location"] == reverse("measures:question", args=[completion.pk, 2])
    for n, value in zip(range(2, 7), ["4", "5", "2", "4", "4"], strict=True):
        me.post(reverse("measures:question", args=[completion.pk, n]), {"answer": value})
    check = me.get(reverse("measures:question", args=[completion.pk, 7])).content.decode()
    assert "You answered 6 of 6 questions." in check
    me.post(reverse("measures:question", args=[completion.pk, 7]))
    completion.refresh_from_db()
    assert completion.finished_on is not None
    # (4 + 4 + 5 + reversed 2 = 4 + 4 + 4) / 6 = 25/6
    assert completion.score_values() == {"connected": Fraction(25, 6)}
    page = me.get(reverse("measures:person", args=[person.pk])).content.decode()
    assert "My questionnaires" in page and "There is only one score so far" in page
    # A worker cannot answer in the person's place on these screens.
    assert cast.client("worker").get(reverse("measures:question", args=[completion.pk, 1])).status_code == 403


def test_a_personal_link_works_until_finished_and_is_audited(cast: Cast) -> None:
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    person = started(cast, on=dt.date.today())
    made = cast.client("worker").post(reverse("measures:begin", args=[person.pk, instrument.key, 0]))
    token = re.search(r"/measures/l/([^/]+)/", made.content.decode()).group(1)  # type: ignore[union-attr]
    assert MeasureLink.objects.get().token_hash != token  # only its hash is kept
    anyone = cast.client("anonymous")
    landing = anyone.get(reverse("measures:link", args=[token]))
    assert landing.status_code == 200 and "6 short questions" in landing.content.decode()
    assert landing["Cache-Control"] == "private, no-store"
    for n in range(1, 7):
        anyone.post(reverse("measures:link_question", args=[token, n]), {"answer": "3"})
    anyone.post(reverse("measures:link_question", args=[token, 7]))
    assert anyone.get(reverse("measures:link", args=[token])).status_code == 410
    assert anyone.get(reverse("measures:link", args=["not-a-real-token"])).status_code == 404
    assert AuditEntry.objects.filter(note="answered through the person's personal link").count() == 7
    assert fresh(person).measures_due == add_months(dt.date.today(), 3)


def test_reads_are_audited_and_the_measures_are_in_the_copy_and_gone_with_erasure(cast: Cast) -> None:
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    person = started(cast)
    do_complete(None, person, instrument, 0, {i.key: 2 for i in instrument.definition().items})
    before = AuditEntry.objects.filter(note="viewed measure scores").count()
    cast.client("manager").get(reverse("measures:person", args=[person.pk]))
    assert AuditEntry.objects.filter(note="viewed measure scores").count() == before + 1
    archive = zipfile.ZipFile(io.BytesIO(export_person(cast.users["manager"], person)))
    data = json.loads(archive.read("person.json"))
    assert data["measures"][0]["answers"]["someone-to-call"] == 2
    assert data["measures"][0]["scores"] == {"connected": "7/3"}  # the reversed item counts 4
    assert data["details"]["measures_due"] == "2026-04-10"
    counts = do_erase_person(cast.users["manager"], person)
    assert counts["measures"] == 1
    assert not Completion.objects.exists()


def test_change_over_time_for_the_person_and_the_organisation(
    cast: Cast, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3])
    keys = [i.key for i in instrument.definition().items]
    alys, bryn = started(cast), started(cast, "HAR-2")
    do_complete(None, alys, instrument, 0, dict.fromkeys(keys, 2), finished_on=STARTED)
    do_complete(None, alys, instrument, 3, dict.fromkeys(keys, 4), finished_on=dt.date(2026, 4, 12))
    do_complete(None, bryn, instrument, 0, dict.fromkeys(keys, 3), finished_on=STARTED)
    manager = cast.client("manager")
    # One person scored twice: how they changed is not shown, only that there are too few to show.
    small = manager.get(reverse("measures:organisation")).content.decode()
    assert "n = 1" in small and "Fewer than 5 people have a score at both times" in small
    assert "Higher than at baseline" not in small and "<svg" not in small and "Mean change" not in small
    for n, later in enumerate((2, 3, 4, 4)):  # more people cost no more queries
        extra = do_save_person(
            None,
            Person(
                reference=f"HAR-X{n}",
                full_name=f"Extra {n}",
                organisation=cast.orgs["harbourside"],
                consent_to_work_on=STARTED,
            ),
            [cast.users["worker"]],
        )
        do_complete(None, extra, instrument, 0, dict.fromkeys(keys, 3), finished_on=STARTED)
        do_complete(None, extra, instrument, 3, dict.fromkeys(keys, later), finished_on=dt.date(2026, 4, 12))
    recent = do_save_person(
        None,
        Person(reference="HAR-NEW", full_name="Newly started", organisation=cast.orgs["harbourside"]),
        [cast.users["worker"]],
    )  # began today: their 3 months is not due, so they are not missing
    do_complete(None, recent, instrument, 0, dict.fromkeys(keys, 3))
    own = cast.client("individual").get(reverse("measures:person", args=[alys.pk])).content.decode()
    assert "At 3 months you scored higher than at the start." in own
    assert "<svg" in own and 'role="img"' in own
    manager.get(reverse("measures:organisation"))
    # user, completions, instruments, people's starts, first sessions of those with no consent date, the
    # count of people erased
    with django_assert_max_num_queries(6):
        page = manager.get(reverse("measures:organisation")).content.decode()
    assert "n = 5" in page and "Fewer than" not in page
    assert "Missing: 1 with a baseline but no score at 3 months" in page and "Not due yet: 1." in page
    assert "Higher than at baseline: 3 · the same: 1 · lower: 1" in page
    for name in ("Alys", "Bryn", "Extra", "Newly", "HAR-"):
        assert name not in page
    assert cast.client("worker").get(reverse("measures:organisation")).status_code == 403


def test_query_counts_are_pinned(cast: Cast, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    instrument = load(cast)
    do_schedule(None, cast.orgs["harbourside"], instrument, [3, 6])
    started(cast)
    worker, manager = cast.client("worker"), cast.client("manager")
    for n in range(12):
        person = do_save_person(
            None,
            Person(reference=f"HAR-Q{n:02d}", full_name=f"Person {n}", organisation=cast.orgs["harbourside"]),
            [cast.users["worker"]],
        )
        if n % 2:
            do_complete(None, person, instrument, 0, {i.key: 3 for i in instrument.definition().items})
    with at(dt.date(2026, 1, 20)):
        worker.get("/")
        # user, people, sessions, reviews, steps, goals, measures; then the people listed, their first
        # sessions, the schedules and what they have done
        with django_assert_max_num_queries(11):
            page = worker.get("/").content.decode()
        assert "Measures with HAR-1" in page
        with django_assert_max_num_queries(8):
            manager.get(reverse("practice:people") + "?show=measures_due&sort=measures_due")
        manager.get(reverse("measures:person", args=[cast.people["HAR-1"].pk]))
        with django_assert_max_num_queries(12):
            manager.get(reverse("measures:person", args=[cast.people["HAR-1"].pk]))


def test_the_organisations_change_counts_every_case_exactly(
    cast: Cast, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The change page counted by score pairs in the database gives the same exact figures as counting person
    by person: versions of one instrument together, a follow-up missed, unscored, started but not finished
    or not due yet, people with no baseline score left out, the median of an even count; and a measure
    finished shows on the page at once."""
    first = load(cast)
    text = (DATA / "connections_check.yaml").read_text()
    second = do_load_instrument(
        None, cast.orgs["harbourside"], text.replace('version: "1.0"', 'version: "2.0"')
    )[0]
    keys = [i.key for i in first.definition().items]
    today = dt.date(2026, 7, 20)  # 3 and 6 months after STARTED are both due

    def person(n: int, on: dt.date = STARTED) -> Person:
        return do_save_person(
            None,
            Person(
                reference=f"HAR-C{n:02d}",
                full_name=f"Changed {n}",
                organisation=cast.orgs["harbourside"],
                consent_to_work_on=on,
            ),
            [cast.users["worker"]],
        )

    def done(who: Person, months: int, value: int, instrument: Instrument = first, skip: int = 0) -> None:
        answers = {k: value for k in keys[skip:]}  # all the same: the score is (4 * value + 6) / 6
        do_complete(None, who, instrument, months, answers, finished_on=add_months(STARTED, months))

    with at(today):
        people = [person(n) for n in range(1, 10)]
        for who in people:
            done(who, 0, 2)  # 7/3 at baseline
        # 3 months: changes 0, 2/3, 4/3, -2/3, 4/3 and 0 (the last with the newer version)
        for who, value in zip(people[:5], (2, 3, 4, 1, 4), strict=True):
            done(who, 3, value)
        done(people[5], 3, 2, second)
        done(people[0], 6, 4)  # alone at 6 months: too few to show how
        actions.do_record_missed(None, people[6], first, 3, "Moved away.")
        done(people[7], 3, 4, skip=2)  # two answers missing: no score, so missing
        unfinished = actions.do_start(None, people[8], first, 3, "worker")  # begun, not finished: missing
        recent = person(10, on=dt.date(2026, 6, 20))
        done(recent, 0, 2)  # neither follow-up is due yet
        no_baseline, unscored_baseline = person(11), person(12)
        actions.do_record_missed(None, no_baseline, first, 0, "Not reached.")
        done(no_baseline, 3, 5)
        done(unscored_baseline, 0, 2, skip=2)
        done(unscored_baseline, 3, 5)
        manager = cast.client("manager")
        manager.get(reverse("measures:organisation"))
        # user, instruments, score pairs, people lacking a follow-up (no first sessions: all consented), the
        # count of people erased
        with django_assert_max_num_queries(5):
            page = manager.get(reverse("measures:organisation")).content.decode()
        three, six = page.split("<section")[1:]
        assert "How connected do you feel: 3 months" in three and "n = 6</strong>" in three
        assert "Missing: 3 with a baseline but no score at 3 months (1 recorded as not done)." in three
        assert "Not due yet: 1." in three
        # the median is halfway between the middle two, 0 and 2/3
        assert "Higher than at baseline: 3 · the same: 2 · lower: 1. Mean change 0.44, median 0.33." in three
        rows = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', three)
        assert rows == [("-1.0 to under 0.0", "1"), ("0.0 to under 1.0", "3"), ("1.0 to under 2.0", "2")]
        assert "6 months" in six and "n = 1</strong>" in six and "Fewer than 5 people" in six
        assert "Missing: 8 with a baseline but no score at 6 months." in six and "Not due yet: 1." in six

        # The one begun is answered and finished: the page shows it at once.
        for key in keys:
            unfinished = actions.do_answer(None, unfinished, key, 3)
        actions.do_finish(None, unfinished, add_months(STARTED, 3))
        three = manager.get(reverse("measures:organisation")).content.decode().split("<section")[1]
        assert "n = 7</strong>" in three and "Missing: 2 with a baseline" in three
        assert "Higher than at baseline: 4 · the same: 2 · lower: 1. Mean change 0.48, median 0.67." in three
