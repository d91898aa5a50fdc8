"""Start pages per role (what each sees and must not see, and their query counts), the navigation they
lead to, the agreement overview, a reviewer account's own rounds, and the way back from a draft."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.consult.models import Comment, OutboxMessage, Reviewer, Round
from connecting_people.consult.tokens import digest
from connecting_people.fieldwork.importing import ImportItem, import_one
from connecting_people.fieldwork.models import DoubleCoding, ImportJob, ImportState, Source
from connecting_people.guide.actions import do_make_draft, do_release
from connecting_people.practice.actions import do_save_action, do_save_goal, do_save_session
from connecting_people.practice.models import Goal, GoalAction, Person, Session
from connecting_people.practice.summary import refresh_summary

from .conftest import Cast


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _due_everywhere(cast: Cast) -> dict[str, Any]:
    """A session today and an overdue step for HAR-1 (the worker's), an overdue review for HAR-2 (no
    worker) and for NOR-1 (another organisation)."""
    today = timezone.localdate()
    worker = cast.users["worker"]
    har1, har2, nor1 = (cast.people[r] for r in ("HAR-1", "HAR-2", "NOR-1"))
    do_save_session(worker, Session(person=har1, date=today, status="planned"), [])
    goal = cast.practice["goal"]
    step = do_save_action(
        worker,
        GoalAction(
            goal=goal,
            description="Ring the allotment society",
            owner="worker",
            due_on=today - dt.timedelta(days=3),
        ),
    )
    do_save_goal(
        worker,
        Goal(person=har2, title="Swim", own_words="swim again", review_on=today - dt.timedelta(days=1)),
    )
    do_save_goal(
        None, Goal(person=nor1, title="Other org goal", own_words="x", review_on=today - dt.timedelta(days=1))
    )
    long_ago = today - dt.timedelta(weeks=30)
    Person.objects.filter(pk__in=[har2.pk, nor1.pk]).update(consent_to_work_on=long_ago)
    refresh_summary([har2.pk, nor1.pk])
    return {"today": today, "step": step}


def test_visitors_get_the_brochure_and_signed_in_users_their_start_page(cast: Cast) -> None:
    page = cast.client("anonymous").get("/").content.decode()
    assert "Who it is for" in page and "Sign in" in page
    for actor in ("admin", "researcher", "manager", "worker", "reviewer", "individual"):
        page = cast.client(actor).get("/").content.decode()
        assert "Who it is for" not in page, actor
        assert 'role="search"' in page and 'name="q"' in page, actor  # the header's search box


def test_each_role_is_named_with_a_or_an_as_it_sounds(cast: Cast) -> None:
    assert "What needs doing next, as an administrator at" in _text(
        cast.client("admin").get("/").content.decode()
    )
    assert "What needs doing next, as a researcher at" in _text(
        cast.client("researcher").get("/").content.decode()
    )


def test_worker_sees_their_own_caseload_only(cast: Cast) -> None:
    _due_everywhere(cast)
    page = cast.client("worker").get("/").content.decode()
    text = _text(page)
    assert "HAR-1" in text and "Today" in text  # the session planned today
    assert "Ring the allotment society" in text and "Overdue" in text
    assert 'class="task task-overdue"' in page  # overdue stands out, as a word and a border
    # HAR-2 is in the worker's organisation but not assigned to them; NOR-1 is another organisation's.
    assert "HAR-2" not in text and "NOR-1" not in text and "Other org goal" not in text and "Swim" not in text
    assert "Your caseload (1 person)" in text
    assert "No reviews due in the next fortnight." in text


def test_manager_sees_the_organisation_and_the_team(cast: Cast) -> None:
    _due_everywhere(cast)
    text = _text(cast.client("manager").get("/").content.decode())
    assert "HAR-1" in text and "HAR-2" in text and "Swim" in text
    assert "NOR-1" not in text and "Other org goal" not in text
    assert "Your team's caseloads" in text and "Wil Carden" in text
    assert "1 review overdue across the organisation" in text
    assert "1 person has no worker" in text  # HAR-2
    assert "Self-assessment against the gold standard" in text
    assert "No guide has been released yet" in text  # nothing to compare with yet


def test_manager_self_assessment_state(cast: Cast, guide: dict[str, Any]) -> None:
    do_release(cast.users["researcher"], do_make_draft(cast.users["researcher"], guide["guide"]))
    text = _text(cast.client("manager").get("/").content.decode())
    assert "You have not rated your organisation yet" in text


def test_individual_sees_their_own_record_and_steps(cast: Cast) -> None:
    today = timezone.localdate()
    do_save_action(
        cast.users["worker"],
        GoalAction(goal=cast.practice["goal"], description="Buy walking boots", owner="person", due_on=today),
    )
    page = cast.client("individual").get("/").content.decode()
    text = _text(page)
    assert reverse("practice:person", args=[cast.people["HAR-1"].pk]) in page
    assert "Buy walking boots" in text and "Your step" in text
    assert "HAR-2" not in text and "caseload" not in text.lower()


def test_start_page_query_counts_are_fixed(cast: Cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _due_everywhere(cast)
    User.objects.filter(pk=cast.users["reviewer"].pk).update(email="ravi@example.org")
    _round(cast)
    counts = {
        # user, people counted, sessions, reviews, steps, goals, community links, measures (none scheduled
        # here: see tests/test_measures.py for the count with measures due)
        "worker": 8,
        # ... and the team's assignments, the organisation's totals, the latest release (none here), the
        # directory's entries reported or due a check
        "manager": 12,
        # user, imports, the inbox and the transcripts with nobody linked (one count), coverage (the latest
        # version, its components, the totals), rounds, double codings
        "researcher": 8,
        # user, invitations
        "reviewer": 2,
        # user, the seven lists, the own record
        "individual": 9,
        "admin": 1,
    }
    for actor, n in counts.items():
        client = cast.client(actor)
        client.get("/")  # the session is in the cache from now on
        with django_assert_num_queries(n):
            assert client.get("/").status_code == 200, actor
    for n in range(30):  # a longer caseload costs the same
        person = Person.objects.create(
            reference=f"HAR-Z{n:02d}", full_name=f"Person {n}", organisation=cast.orgs["harbourside"]
        )
        person.workers.add(cast.users["worker"])
        do_save_session(None, Session(person=person, date=timezone.localdate(), status="planned"), [])
    for actor in ("worker", "manager"):
        client = cast.client(actor)
        with django_assert_num_queries(counts[actor]):
            page = client.get("/").content.decode()
        assert 'show=session_due">All of them, soonest first' in page


def _round(cast: Cast, team: str = "fernhill", email: str = "ravi@example.org") -> Reviewer:
    now = timezone.now()
    round_ = Round.objects.create(
        team=cast.orgs[team],
        title=f"Round of {team}",
        version=cast.published,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
    )
    return Reviewer.objects.create(
        round=round_,
        name="Ravi",
        email=email,
        perspective="worker",
        token_hash=digest(f"token-{team}-{email}"),
    )


def test_researcher_sees_imports_coverage_rounds_and_agreement(cast: Cast) -> None:
    researcher = cast.users["researcher"]
    ImportJob.objects.create(
        team=cast.orgs["fernhill"], started_by=researcher, total=3, state=ImportState.RUNNING
    )
    ours = _round(cast)
    Comment.objects.create(reviewer=ours, section="x", exact="words", text="Please clarify")
    _round(cast, team="northbridge")
    colleague = User.objects.create(
        username="colleague", organisation=cast.orgs["fernhill"], role="researcher"
    )
    DoubleCoding.objects.create(source_id=cast.fieldwork["source"], coder_a=researcher, coder_b=colleague)
    text = _text(cast.client("researcher").get("/").content.decode())
    assert "Import of 3 files" in text and "Importing" in text
    assert "gap" in text and "See the coverage and where to look next" in text
    assert "Round of fernhill" in text and "1 comment waiting for an answer" in text
    assert "Round of northbridge" not in text
    assert "Riverside p1 Your coding" in text  # the source waiting for the researcher's own coding
    assert "Agreement overview" in text


def test_researcher_sees_the_inbox_and_the_transcripts_with_nobody_linked(
    cast: Cast, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    researcher, team = cast.users["researcher"], cast.orgs["fernhill"]
    transcript = b"Interviewer: Where did you meet?\n\nP9: At the library.\n"
    for name, data, site, people in [
        ("inbox-transcript.txt", transcript, None, []),  # both: no site and nobody linked
        (
            "inbox-notes.txt",
            b"Notes from the drop-in.",
            None,
            [],
        ),  # in the inbox; no turns, so no one to link
        ("unlinked.txt", transcript.replace(b"library", b"park"), cast.fieldwork["site"], []),
        (
            "linked.txt",
            transcript.replace(b"library", b"pool"),
            cast.fieldwork["site"],
            [cast.fieldwork["participant"]],
        ),
    ]:
        import_one(researcher, team, ImportItem(name, lambda data=data: data, site=site, participants=people))
    import_one(None, cast.orgs["northbridge"], ImportItem("theirs.txt", lambda: transcript))  # another team's
    client = cast.client("researcher")
    client.get("/")
    with django_assert_num_queries(8):
        page = client.get("/").content.decode()
    text = _text(page)
    assert "2 sources in the inbox" in text and "2 transcripts with nobody linked" in text
    assert 'href="/fieldwork/sources/?inbox=1">2 sources in the inbox</a>' in page
    assert 'href="/fieldwork/sources/?linked=none">2 transcripts with nobody linked</a>' in page
    # The links open the lists that were counted, built from the same filters.
    inbox = _text(client.get("/fieldwork/sources/?inbox=1").content.decode())
    assert "Inbox transcript" in inbox and "Inbox notes" in inbox and "Unlinked" not in inbox
    unlinked = client.get("/fieldwork/sources/?linked=none").content.decode()
    listed = re.findall(r'<td><a href="/fieldwork/sources/\d+/">([^<]+)</a></td>', unlinked)
    assert sorted(listed) == ["Inbox transcript", "Unlinked"]
    assert "<h1>Transcripts with nobody linked</h1>" in unlinked
    home = _text(client.get("/fieldwork/").content.decode())
    assert "2 in the inbox waiting for a site" in home  # the Fieldwork page counts the same inbox
    # Once they are sorted, the start page says so.
    Source.objects.filter(team=team).update(site=cast.fieldwork["site"])
    for source in Source.objects.filter(team=team):
        source.participants.add(cast.fieldwork["participant"])
    text = _text(client.get("/").content.decode())
    assert "in the inbox" not in text and "nobody linked" not in text
    assert "the inbox is empty and every transcript has a participant linked" in text


def test_agreement_overview_lists_the_team_pairs(cast: Cast) -> None:
    researcher = cast.users["researcher"]
    colleague = User.objects.create(
        username="colleague", organisation=cast.orgs["fernhill"], role="researcher"
    )
    DoubleCoding.objects.create(source_id=cast.fieldwork["source"], coder_a=researcher, coder_b=colleague)
    outsider = User.objects.create(
        username="outsider", organisation=cast.orgs["northbridge"], role="researcher"
    )
    other = User.objects.create(
        username="outsider2", organisation=cast.orgs["northbridge"], role="researcher"
    )
    DoubleCoding.objects.create(source_id=cast.fieldwork["other_source"], coder_a=outsider, coder_b=other)
    page = cast.client("researcher").get(reverse("fieldwork:agreement"))
    text = _text(page.content.decode())
    assert "Waiting for your coding" in text and "Riverside p1" in text and "Both still coding" in text
    assert "hilltop" not in text.lower()
    nav = re.search(r'<nav aria-label="Main">.*?</nav>', page.content.decode(), re.S)
    assert nav and 'href="/fieldwork/agreement/" aria-current="page"' in nav.group(0)
    assert 'href="/fieldwork/" aria-current' not in nav.group(0)


def test_navigation_gives_the_worker_the_guide(cast: Cast) -> None:
    page = cast.client("worker").get("/").content.decode()
    assert f'href="{reverse("guide:public")}">Guide</a>' in page
    assert 'aria-current="page">Start</a>' in page
    assert "Agreement" not in page


def test_reviewer_account_sees_and_opens_their_rounds(cast: Cast) -> None:
    reviewer = cast.users["reviewer"]
    client = cast.client("reviewer")
    assert "You have no consultation rounds" in _text(client.get("/").content.decode())
    User.objects.filter(pk=reviewer.pk).update(email="Ravi@Example.org")
    mine = _round(cast)
    _round(cast, email="someone-else@example.org")
    withdrawn = _round(cast, team="northbridge")
    Reviewer.objects.filter(pk=withdrawn.pk).update(revoked_at=timezone.now())
    page = client.get("/").content.decode()
    text = _text(page)
    assert "Round of fernhill" in text and "Email me my personal link" in text
    assert "Round of northbridge" not in text  # its link was withdrawn
    # Not someone else's invitation to the same kind of round: one round listed, to open signed in.
    assert page.count('<span class="task-title">Round of fernhill</span>') == 1
    assert page.count(f'href="{reverse("consult:my_review", args=[mine.pk])}"') == 1
    # /consult/ said "Not allowed" to a reviewer's account; it now leads to their rounds.
    response = client.get(reverse("consult:home"))
    assert response.status_code == 302 and response["Location"] == reverse("consult:mine")
    assert "Round of fernhill" in client.get(reverse("consult:mine")).content.decode()
    response = client.post(reverse("consult:my_link", args=[mine.pk]), {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    message = OutboxMessage.objects.get(reviewer=mine)
    assert message.to == mine.email
    mine.refresh_from_db()
    assert mine.token_hash != digest("token-fernhill-ravi@example.org")  # the new link replaced the old one
    # Another account's invitation is not found.
    assert cast.client("researcher").post(reverse("consult:my_link", args=[mine.pk])).status_code in (
        403,
        404,
    )
    other = Reviewer.objects.get(email="someone-else@example.org")
    assert client.post(reverse("consult:my_link", args=[other.pk])).status_code == 404


def test_reading_a_draft_has_a_way_back(cast: Cast, guide: dict[str, Any]) -> None:
    draft = do_make_draft(cast.users["researcher"], guide["guide"])
    client = cast.client("reviewer")
    read = reverse("guide:draft_read", args=[draft.pk])
    page = client.get(read, {"back": "/"}).content.decode()
    assert 'class="draft-bar"' in page and 'href="/">Back to your start page</a>' in page
    # The other pages of the draft keep the way back, remembered for this reader.
    section = re.search(r'href="([\w-]+\.html)"', page.split('class="guide-nav"', 1)[1])
    assert section
    inner = client.get(reverse("guide:draft_read_page", args=[draft.pk, section.group(1)])).content.decode()
    assert 'href="/">Back to your start page</a>' in inner
    # An address elsewhere is refused; the draft's own page is the way back then.
    page = cast.client("researcher").get(read, {"back": "https://evil.example/"}).content.decode()
    assert f'href="{reverse("guide:draft", args=[draft.pk])}">Back to the draft&#x27;s page</a>' in page
    round_page = reverse("consult:round", args=[_round(cast).round_id])
    page = cast.client("researcher").get(read, {"back": round_page}).content.decode()
    assert f'href="{round_page}">Back to the consultation</a>' in page
