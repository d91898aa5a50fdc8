"""Consultation: reviewer links (scope, revocation, expiry), the open call's limits, anchoring comments
across drafts, aggregation and consensus against worked examples, Delphi feedback, the report, and the
outbox with reminders in frozen time."""

from __future__ import annotations

import datetime as dt
import io
import re
from fractions import Fraction
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from connecting_people.consult import actions
from connecting_people.consult.actions import (
    ConsultError,
    do_invite,
    do_resolve,
    do_save_round,
    do_send_reminders,
)
from connecting_people.consult.aggregate import aggregate, summarise
from connecting_people.consult.anchoring import Selector, locate, selector_for
from connecting_people.consult.models import Comment, Offer, OutboxMessage, Rating, Reviewer, Round
from connecting_people.consult.report import build_report
from connecting_people.consult.text import section_titles, sections_of
from connecting_people.guide.actions import do_make_draft, do_release
from connecting_people.guide.builds import document_of
from connecting_people.interventions.actions import do_save_component
from connecting_people.interventions.models import Component

from .conftest import ARTIFACTS, Cast, guide_with_drafts
from .pdfcheck import assert_tagged

LONDON = dt.UTC


def _round(
    cast: Cast,
    *,
    draft: Any = None,
    follows: Round | None = None,
    days: int = 14,
    title: str = "Round one",
    minimum: int = 5,
) -> Round:
    objects = guide_with_drafts(cast)
    now = timezone.now()
    opens = now - dt.timedelta(minutes=1) if follows else now - dt.timedelta(days=1)
    return do_save_round(
        cast.users["researcher"],
        Round(
            team=cast.orgs["fernhill"],
            title=title,
            draft=draft or objects["release"],
            follows=follows,
            opens_at=opens,
            closes_at=now + dt.timedelta(days=days),
            minimum_ratings=minimum,
        ),
    )


def _invite(
    cast: Cast, round_: Round, email: str, perspective: str = "worker", name: str = "Rhian Vaughan"
) -> tuple[Reviewer, str]:
    mail.outbox.clear()
    reviewer = do_invite(cast.users["researcher"], round_, name, email, perspective)
    token = re.search(r"/consult/r/([\w-]+)/", mail.outbox[-1].body).group(1)
    return reviewer, token


def test_link_gives_one_round_only_and_stops_when_revoked_or_expired(cast: Cast) -> None:
    first = _round(cast)
    reviewer, token = _invite(cast, first, "rhian@example.org")
    assert (
        token not in reviewer.token_hash
        and Reviewer.objects.filter(token_hash__contains=token[:10]).count() == 0
    )
    outbox = OutboxMessage.objects.get(reviewer=reviewer)
    assert token not in outbox.body and "never kept" in outbox.body  # the outbox cannot open their page
    anyone = cast.client("anonymous")
    page = anyone.get(reverse("consult:section", args=[token, "build-relationship"]))
    assert page.status_code == 200 and "We always meet at the same time each week" in page.content.decode()
    assert "Rhian Vaughan" in anyone.get(reverse("consult:review", args=[token])).content.decode()
    # Nothing else: another reviewer's comment, a wrong token, the research pages.
    other, other_token = _invite(cast, first, "other@example.org", name="Other Person")
    anyone.post(
        reverse("consult:comment", args=[other_token]),
        {"section": "build-relationship", "quote": "We always meet", "text": "Theirs"},
    )
    theirs = Comment.objects.get(reviewer=other)
    assert anyone.post(reverse("consult:comment_delete", args=[token, theirs.pk])).status_code == 404
    assert (
        "Theirs"
        not in anyone.get(reverse("consult:section", args=[token, "build-relationship"])).content.decode()
    )
    assert "Other Person" not in anyone.get(reverse("consult:review", args=[token])).content.decode()
    assert anyone.get(reverse("consult:review", args=["not-a-real-token"])).status_code == 404
    assert anyone.get(reverse("consult:round", args=[first.pk])).status_code == 302  # sign in first
    # Revoked: a clear message, nothing else.
    cast.client("researcher").post(reverse("consult:revoke", args=[reviewer.pk]))
    closed = anyone.get(reverse("consult:review", args=[token]))
    assert closed.status_code == 410 and "withdrawn by the research team" in closed.content.decode()
    # Expired at the deadline.
    with time_machine.travel(first.closes_at + dt.timedelta(minutes=1)):
        late = anyone.get(reverse("consult:review", args=[other_token]))
    assert late.status_code == 410 and "This consultation closed on" in late.content.decode()


def test_rating_commenting_and_submitting(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    section = next(s for s in sections_of(round_) if s.key == "build-relationship")
    start = section.text.index("same time each week")
    response = client.post(
        reverse("consult:comment", args=[token]),
        {
            "section": "build-relationship",
            "start": start,
            "end": start + len("same time each week"),
            "text": "Some people cannot keep to a fixed time.",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get(reviewer=reviewer)
    assert comment.exact == "same time each week" and comment.prefix.endswith("We always meet at the ")

    actions.MAX_COMMENTS_PER_REVIEWER, limit = 1, actions.MAX_COMMENTS_PER_REVIEWER
    try:
        flood = client.post(
            reverse("consult:comment", args=[token]),
            {"section": "build-relationship", "start": start, "end": start + 4, "text": "Again"},
            HTTP_ACCEPT="application/json",
        )
        assert flood.status_code == 400 and "the most one reviewer can leave" in flood.json()["error"]
    finally:
        actions.MAX_COMMENTS_PER_REVIEWER = limit
    bad = client.post(
        reverse("consult:comment", args=[token]),
        {"section": "build-relationship", "start": 5, "end": 2, "text": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert bad.status_code == 400 and "Select the words" in bad.json()["error"]
    saved = client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "4", "q-useful": "na"},
        HTTP_ACCEPT="application/json",
    )
    assert saved.json() == {"ok": "Saved your ratings for “Build a relationship”."}
    assert dict(Rating.objects.filter(reviewer=reviewer).values_list("question", "value")) == {
        "clear": 4,
        "useful": None,
    }
    assert (
        client.post(
            reverse("consult:rate", args=[token]),
            {"section": "build-relationship", "q-clear": "9"},
            HTTP_ACCEPT="application/json",
        ).status_code
        == 400
    )
    client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    late = client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert late.status_code == 400 and "can no longer be changed" in late.json()["error"]
    assert Rating.objects.get(reviewer=reviewer, question="clear").value == 4


def test_invite_from_csv_reports_each_row(cast: Cast) -> None:
    round_ = _round(cast)
    data = (
        b"name,email,perspective\nAmal Price,amal@example.org,academic\nNo Email,,worker\n"
        b"Bea Stone,bea@example.org,astronaut\nAmal Again,AMAL@example.org,academic\n"
        b"Cal\x00 Burr,cal@example.org,academic\n"  # a damaged cell: PostgreSQL cannot store a NUL
        + b"Dee "
        + b"Long" * 60
        + b",dee@example.org,academic\n"  # longer than the 200 characters kept
        + b"Eve Park,eve@"
        + b"e" * 250
        + b".org,academic\n"  # longer than any email address
    )
    response = cast.client("researcher").post(
        reverse("consult:round", args=[round_.pk]), {"upload": "1", "file": io.BytesIO(data)}
    )
    page = response.content.decode()
    assert "invited" in page and "is not an email address" in page and "is not a perspective" in page
    assert "already invited to this round" in page
    assert "not invited: name holds a NUL character (a zero byte), which is not text" in page
    assert "is longer than 200 characters" in page
    assert f"“eve@{'e' * 250}.org” is not an email address" in page
    assert list(round_.reviewers.values_list("email", flat=True)) == ["amal@example.org"]
    wrong = cast.client("researcher").post(
        reverse("consult:round", args=[round_.pk]),
        {"upload": "1", "file": io.BytesIO("naam;e-mail\n".encode("utf-16"))},
    )
    assert wrong.status_code == 400 and "The first row must name the columns" in wrong.content.decode()
    binary = cast.client("researcher").post(
        reverse("consult:round", args=[round_.pk]),
        {"upload": "1", "file": io.BytesIO(b"name,email,perspective\nx\x81\x8d\x8f,y,z\n")},
    )
    assert binary.status_code == 400 and "not text a spreadsheet saves" in binary.content.decode()


def test_an_invitation_list_saved_by_excel_as_plain_csv_keeps_its_accents(cast: Cast) -> None:
    """Excel's "CSV (Comma delimited)" on a UK computer is Windows-1252 with CRLF."""
    round_ = _round(cast)
    data = "name,email,perspective\r\nSiân Ó Ceallaigh,sian@example.org,academic\r\n".encode("cp1252")
    response = cast.client("researcher").post(
        reverse("consult:round", args=[round_.pk]), {"upload": "1", "file": io.BytesIO(data)}
    )
    assert response.status_code == 200
    assert list(round_.reviewers.values_list("name", flat=True)) == ["Siân Ó Ceallaigh"]


def test_an_invitation_list_with_carriage_returns_alone_or_a_giant_cell(cast: Cast) -> None:
    """Excel for Mac ended lines with a carriage return alone; a cell longer than Python's CSV reader
    takes refuses the whole list, before anyone is invited."""
    round_ = _round(cast)
    client = cast.client("researcher")
    mac = b"name,email,perspective\rAmal Price,amal@example.org,academic\rBea Stone,bea@example.org,worker\r"
    response = client.post(
        reverse("consult:round", args=[round_.pk]), {"upload": "1", "file": io.BytesIO(mac)}
    )
    assert response.status_code == 200
    assert sorted(round_.reviewers.values_list("email", flat=True)) == ["amal@example.org", "bea@example.org"]
    giant = (
        b"name,email,perspective\nCal Burr,cal@example.org,academic\n" + b"x" * 140_000 + b",d@e.org,worker\n"
    )
    refused = client.post(
        reverse("consult:round", args=[round_.pk]), {"upload": "1", "file": io.BytesIO(giant)}
    )
    assert refused.status_code == 400
    assert "line 3 has a cell longer than 131,072 characters" in refused.content.decode()
    assert round_.reviewers.count() == 2


def test_an_invitation_row_with_an_unquoted_comma_is_not_sent(cast: Cast) -> None:
    round_ = _round(cast)
    data = b"name,email,perspective\nBurr, Cal,cal@example.org,academic\nDee Park,dee@example.org,worker\n"
    page = (
        cast.client("researcher")
        .post(reverse("consult:round", args=[round_.pk]), {"upload": "1", "file": io.BytesIO(data)})
        .content.decode()
    )
    assert "not invited: line 2 has 1 more cell than the first line names" in page
    assert list(round_.reviewers.values_list("email", flat=True)) == ["dee@example.org"]


def test_open_call_limits(cast: Cast) -> None:
    client = cast.client("anonymous")
    round_ = _round(cast)  # an offer answers an open round
    offer = {
        "round": round_.pk,
        "name": "Kit Marsh",
        "email": "kit@example.org",
        "perspective": "lived_experience",
        "about": "I use services.",
    }
    assert (
        client.post(reverse("consult:offer_new"), {**offer, "website": "http://spam.example"}).status_code
        == 200
    )
    assert not Offer.objects.exists()  # the honeypot: thanked, nothing kept
    too_long = client.post(reverse("consult:offer_new"), {**offer, "about": "x" * 1500})
    assert too_long.status_code == 400 and "1,000 characters" in too_long.content.decode()
    huge = client.post(reverse("consult:offer_new"), {**offer, "about": "x" * 30_000})
    assert huge.status_code == 400 and "too much text" in huge.content.decode()
    for _ in range(3):
        assert client.post(reverse("consult:offer_new"), offer).status_code == 200
    limited = client.post(reverse("consult:offer_new"), offer)
    assert limited.status_code == 429 and Offer.objects.count() == 3
    # A researcher accepts one: an invitation goes out.
    first = Offer.objects.first()
    mail.outbox.clear()
    cast.client("researcher").post(
        reverse("consult:offers"), {"offer": first.pk, "decision": "accept", "round": round_.pk}
    )
    assert round_.reviewers.filter(email="kit@example.org").exists() and len(mail.outbox) == 1


def test_anchors_survive_a_later_draft() -> None:
    text = (
        "Meet at the same time each week so people know where they stand. Share a little about yourself. "
        "Find one thing you both enjoy."
    )
    start = text.index("Share a little")
    selector = selector_for(text, start, start + len("Share a little about yourself."))
    assert locate(text, selector).how == "exact"
    moved = "A new first sentence comes first now. " + text
    found = locate(moved, selector)
    assert found.how == "moved" and moved[found.start : found.end] == "Share a little about yourself."
    edited = text.replace("Share a little about yourself.", "Share a little about your own life.")
    found = locate(edited, selector)
    assert found.how == "edited" and edited[found.start : found.end].startswith("Share a little about your")
    removed = text.replace("Share a little about yourself. ", "")
    assert locate(removed, selector).how == "orphaned"
    # Of two identical passages, the one whose surroundings match wins.
    twice = "Be kind. Turn up on time. Listen. Be kind. Say thank you."
    second = twice.rindex("Be kind")
    assert locate("Intro. " + twice, selector_for(twice, second, second + 7)).start == second + len("Intro. ")
    assert locate(text, Selector("   ")).how == "orphaned"


def test_aggregation_against_a_worked_example() -> None:
    # Ten ratings of one question: 1 2 3 3 4 4 4 5 5 5 -> median 4, Q1 3, Q3 4.75, 6 of 10 rate 4-5.
    summary = summarise([4, 5, 3, 4, 1, 5, 2, 3, 4, 5], not_applicable=2)
    assert (summary.n, summary.median, summary.q1, summary.q3, summary.agree, summary.not_applicable) == (
        10,
        4.0,
        3.0,
        4.75,
        Fraction(3, 5),
        2,
    )
    assert summary.iqr == 1.75
    assert summarise([]).median is None and summarise([3]).q1 == 3.0
    rows = (
        [("a", "clear", "worker", v) for v in (4, 5, 5, 4, 3)]
        + [("a", "clear", "academic", v) for v in (5, 4)]
        + [("a", "useful", "worker", v) for v in (4, 4, 5)]
        + [("a", "useful", "worker", None)]
        + [("b", "clear", "worker", v) for v in (5, 5, 2, 3)]
    )
    result = aggregate(rows, ["clear", "useful", "true"], minimum=3)
    a, b = result["a"], result["b"]
    assert a.questions["clear"].agree == pytest.approx(6 / 7) and a.questions["useful"].not_applicable == 1
    assert a.by_perspective["academic"]["clear"].median == 4.5
    assert a.agreed and not b.agreed  # b: 2 of 4 rate 4-5, below 70%
    assert a.questions["true"].n == 0  # unrated questions do not block consensus
    assert aggregate(rows, ["clear"], threshold=0.5, minimum=3)[
        "b"
    ].agreed  # the rule is a setting: 50% is met


def test_delphi_round_shows_group_median_and_own_rating_and_the_report_shows_movement(cast: Cast) -> None:
    first = _round(cast)
    people = []
    for n, values in enumerate([(4, 5), (2, 3), (5, 4), (3, 2)]):
        reviewer, token = _invite(cast, first, f"r{n}@example.org", name=f"Reviewer {n}")
        client = cast.client("anonymous")
        client.post(
            reverse("consult:rate", args=[token]),
            {"section": "build-relationship", "q-clear": values[0], "q-useful": values[1]},
        )
        client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
        people.append(reviewer)
    # Round one closes; round two follows it on the same draft.
    Round.objects.filter(pk=first.pk).update(
        closes_at=timezone.now() - dt.timedelta(hours=1), opens_at=timezone.now() - dt.timedelta(days=3)
    )
    first.refresh_from_db()
    second = _round(cast, follows=first, title="Round two")
    _reviewer, token = _invite(cast, second, "r1@example.org", name="Reviewer 1")
    page = (
        cast.client("anonymous")
        .get(reverse("consult:section", args=[token, "build-relationship"]))
        .content.decode()
    )
    # clear: 2, 3, 4, 5 -> median 3.5; Reviewer 1 gave 2.
    assert "Group's median last round: 3.5. Your rating then: 2." in page
    cast.client("anonymous").post(
        reverse("consult:rate", args=[token]), {"section": "build-relationship", "q-clear": "4"}
    )
    cast.client("anonymous").post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    report = cast.client("researcher").get(reverse("consult:report", args=[second.pk])).content.decode()
    movement = report.split('id="movement"')[1]
    assert "<td>median 3.5 → 4; 4 or 5: 50% → 100%</td>" in movement


def test_report_web_csv_pdf_and_resolving_comments(cast: Cast, tmp_path) -> None:  # type: ignore[no-untyped-def]
    round_ = _round(cast, minimum=1)
    _reviewer, token = _invite(cast, round_, "rhian@example.org", perspective="lived_experience")
    client = cast.client("anonymous")
    client.post(
        reverse("consult:comment", args=[token]),
        {
            "section": "build-relationship",
            "quote": "same time each week",
            "text": "Not everyone can keep a fixed time.",
        },
    )
    client.post(
        reverse("consult:rate", args=[token]),
        {
            "section": "build-relationship",
            "q-clear": "5",
            "q-useful": "4",
            "q-true": "4",
            "note": "A helpful section.",
        },
    )
    client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    comment = Comment.objects.get()
    with pytest.raises(ConsultError, match="Give the reason"):
        do_resolve(cast.users["researcher"], comment, "not_changed")
    researcher = cast.client("researcher")
    researcher.post(
        reverse("consult:comment_update", args=[comment.pk]), {"status": "changed", "changed_in": "0.3"}
    )
    researcher.post(
        reverse("consult:comment_update", args=[comment.pk]),
        {"reply": "Thank you: we now say 'a regular time'."},
    )
    comment.refresh_from_db()
    assert comment.status == "changed" and comment.changed_in == "0.3" and comment.replies.count() == 1
    listed = researcher.get(
        reverse("consult:comments", args=[round_.pk]) + "?perspective=lived_experience&status=changed"
    )
    assert "Not everyone can keep a fixed time." in listed.content.decode()
    assert (
        "Not everyone"
        not in researcher.get(reverse("consult:comments", args=[round_.pk]) + "?status=open").content.decode()
    )
    # The comment is looked for in the newest draft (0.2 has the same passage).
    assert "in draft 0.2: exact" in listed.content.decode()
    report = researcher.get(reverse("consult:report", args=[round_.pk])).content.decode()
    assert 'Build a relationship <span class="tag tag-done">Agreed</span>' in report
    assert "Changed in draft 0.3." in report and "A helpful section." in report
    csv_text = researcher.get(reverse("consult:report", args=[round_.pk]) + "?format=csv").content.decode()
    assert "Build a relationship,rating,Clear,all,1,0,5.0,5.00,5.00,0.00,100,agreed" in csv_text
    out = io.StringIO()
    call_command(
        "consult", "report", str(round_.pk), "--format", "pdf", "--out", str(tmp_path / "r.pdf"), stdout=out
    )
    assert (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    assert_tagged((tmp_path / "r.pdf").read_bytes(), "Response to consultation: Round one")
    listing = io.StringIO()
    call_command("consult", "list", stdout=listing)
    assert f"{round_.pk}  open" in listing.getvalue() and "1 of 1 submitted" in listing.getvalue()


def test_reminders_in_frozen_time(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, 0, tzinfo=LONDON), tick=False):
        round_ = do_save_round(
            cast.users["researcher"],
            Round(
                team=cast.orgs["fernhill"],
                title="December round",
                draft=guide_with_drafts(cast)["release"],
                opens_at=timezone.now(),
                closes_at=timezone.now() + dt.timedelta(days=10),
                reminder_days=3,
            ),
        )
        done, done_token = _invite(cast, round_, "done@example.org", name="Done Person")
        waiting, _ = _invite(cast, round_, "waiting@example.org", name="Waiting Person")
        cast.client("anonymous").post(reverse("consult:submit", args=[done_token]), {"confirm": "yes"})
        mail.outbox.clear()
        assert do_send_reminders() == 0  # ten days out: too early
        quiet = do_save_round(
            cast.users["researcher"],
            Round(
                team=cast.orgs["fernhill"],
                title="Another round",
                draft=round_.draft,
                opens_at=timezone.now(),
                closes_at=timezone.now() + dt.timedelta(days=30),
            ),
        )
    with time_machine.travel(dt.datetime(2026, 12, 8, 9, 30, tzinfo=LONDON), tick=False):
        assert do_send_reminders(round_=quiet) == 0  # the button on one round's page reminds that round only
        assert do_send_reminders() == 1
        assert [m.to for m in mail.outbox] == [["waiting@example.org"]]
        assert "closes on 11 December 2026" in mail.outbox[0].subject
        assert do_send_reminders() == 0  # once only
        new_token = re.search(r"/consult/r/([\w-]+)/", mail.outbox[0].body).group(1)
        assert cast.client("anonymous").get(reverse("consult:review", args=[new_token])).status_code == 200
    kinds = list(
        OutboxMessage.objects.filter(round=round_).order_by("sent_at", "id").values_list("kind", "to")
    )
    assert kinds == [
        ("invitation", "done@example.org"),
        ("invitation", "waiting@example.org"),
        ("reminder", "waiting@example.org"),
    ]
    page = cast.client("researcher").get(reverse("consult:outbox")).content.decode()
    assert "Reminder: December round closes on" in page and new_token not in page
    del done, waiting


def _model_round(cast: Cast, title: str) -> Any:
    return cast.client("researcher").post(
        reverse("consult:home"),
        {
            "title": title,
            "version": cast.draft.pk,
            "opens_at": "20/11/2026 09:00",
            "closes_at": "20/12/2026 17:00",
            "consensus": "0.7",
            "reminder_days": "3",
            "question_lines": "Clear",
        },
    )


def test_a_round_on_a_model_version_that_names_someone_is_refused_and_its_text_is_kept(cast: Cast) -> None:
    """A draft version's text goes to outside reviewers, so it gets the guide's name check; and it is
    kept with the round, so a later edit of the draft neither reaches them nor moves their comments."""
    component = Component.objects.get(version=cast.draft, key="find-opportunities")
    told = component.description
    component.description = told + "\n\nAs Gwen Ashdown told us at the allotment, it takes a few weeks."
    do_save_component(None, component)
    refused = _model_round(cast, "Names someone")
    page = refused.content.decode()
    assert refused.status_code == 400 and not Round.objects.filter(title="Names someone").exists()
    assert f"Version {cast.draft.label} cannot go out for consultation" in page
    assert "Gwen Ashdown" in page and "real name of participant P1" in page  # told to the team, not reviewers
    component.description = told
    do_save_component(None, component)
    assert _model_round(cast, "Clean").status_code == 302
    round_ = Round.objects.get(title="Clean")
    _reviewer, token = _invite(cast, round_, "kai@example.org")
    component.description = told + "\n\nA sentence added after the round went out."
    do_save_component(None, component)
    section = cast.client("anonymous").get(reverse("consult:section", args=[token, "find-opportunities"]))
    assert section.status_code == 200 and "added after the round went out" not in section.content.decode()
    assert [key for key, _title in section_titles(round_)] == [
        c.key for c in cast.draft.components_in_order()
    ]


def test_a_round_on_a_model_version_and_comments_shown_safely(cast: Cast) -> None:
    researcher = cast.client("researcher")
    both = researcher.post(
        reverse("consult:home"),
        {
            "title": "Both",
            "draft": guide_with_drafts(cast)["release"].pk,
            "version": cast.draft.pk,
            "opens_at": "01/12/2026 09:00",
            "closes_at": "20/12/2026 17:00",
            "consensus": "0.7",
            "reminder_days": "3",
            "question_lines": "Clear",
        },
    )
    assert (
        both.status_code == 400
        and "Choose either a draft of the guide or a version of the model" in both.content.decode()
    )
    response = researcher.post(
        reverse("consult:home"),
        {
            "title": "Model 1.1",
            "version": cast.draft.pk,
            "opens_at": "20/11/2026 09:00",
            "closes_at": "20/12/2026 17:00",
            "consensus": "0.7",
            "reminder_days": "3",
            "question_lines": "Clear\nWorth keeping in the model\n",
        },
    )
    round_ = Round.objects.get(title="Model 1.1")
    assert response.status_code == 302 and round_.version == cast.draft
    assert round_.questions == [
        {"key": "clear", "label": "Clear"},
        {"key": "worth-keeping-in-the-model", "label": "Worth keeping in the model"},
    ]
    _reviewer, token = _invite(cast, round_, "kai@example.org")
    page = (
        cast.client("anonymous")
        .get(reverse("consult:section", args=[token, "build-relationship"]))
        .content.decode()
    )
    assert (
        "Build a relationship" in page
        and "Questions to ask" in page
        and "<legend>Worth keeping in the model</legend>" in page
    )
    cast.client("anonymous").post(
        reverse("consult:comment", args=[token]),
        {
            "section": "build-relationship",
            "quote": "relationship",
            "text": "<script>alert('x')</script> Good.",
        },
    )
    assert (
        "alert" not in researcher.get(reverse("consult:comments", args=[round_.pk])).content.decode()
    )  # not submitted
    cast.client("anonymous").post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    listed = researcher.get(reverse("consult:comments", args=[round_.pk])).content.decode()
    assert (
        "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Good." in listed and "<script>alert" not in listed
    )


def test_the_response_is_published_with_the_next_release(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    client.post(
        reverse("consult:comment", args=[token]),
        {
            "section": "build-relationship",
            "quote": "same time each week",
            "text": "PRIVATE-WORDS of the reviewer.",
        },
    )
    client.post(
        reverse("consult:rate", args=[token]),
        {"section": "build-relationship", "q-clear": "5", "q-useful": "5", "q-true": "4"},
    )
    client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    do_resolve(
        cast.users["researcher"],
        Comment.objects.get(),
        "not_changed",
        reason="A regular time is what helped most.",
    )
    cast.client("researcher").post(reverse("consult:round", args=[round_.pk]), {"publish": "on"})
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    objects = guide_with_drafts(cast)
    release = do_release(cast.users["researcher"], do_make_draft(cast.users["researcher"], objects["guide"]))
    doc = document_of(release)
    ((title, lines),) = doc.responses
    assert title == "Round one (1 reviewer)"
    assert [line.split(":")[0] for line in lines[:3]] == ["Method", "Consensus rule", "Summary"]
    assert lines[0].startswith("Method: We consulted on draft 0.1 of “The Connecting People guide”")
    assert lines[3:] == (
        "Build a relationship: not enough ratings (1 rating per question; 5 needed). 1 comment: 1 not "
        "changed. Not changed because: A regular time is what helped most.",
    )
    page = (
        cast.client("anonymous")
        .get(reverse("guide:public_page", args=["consultation.html"]))
        .content.decode()
    )
    assert (
        "A regular time is what helped most." in page and "PRIVATE-WORDS" not in page and "Rhian" not in page
    )


def test_report_draws_diverging_bars_with_the_threshold_and_not_enough_ratings(cast: Cast) -> None:
    round_ = _round(cast, minimum=2)
    first, second = (key for key, _title in section_titles(round_)[:2])
    for n, (clear, useful, true) in enumerate([(5, 4, 4), (4, 5, 5)]):
        _reviewer, token = _invite(cast, round_, f"r{n}@example.org", name=f"Reviewer {n}")
        reviewer = cast.client("anonymous")
        reviewer.post(
            reverse("consult:rate", args=[token]),
            {"section": first, "q-clear": clear, "q-useful": useful, "q-true": true},
        )
        if n == 0:
            reviewer.post(reverse("consult:rate", args=[token]), {"section": second, "q-clear": "2"})
        reviewer.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    sections = build_report(round_)
    page = cast.client("researcher").get(reverse("consult:report", args=[round_.pk])).content.decode()
    # One summary chart, a named and described image, drawn beside its labels and (for a phone) below
    # them; CSS shows one. Its figures are in the summary table after it.
    assert page.count('role="img"') == 2 and 'id="ratings-summary-narrow" role="img"' in page
    assert '<title id="ratings-summary-title">Ratings per section, all questions together</title>' in page
    assert page.count('class="threshold"') == 2 and page.count("Consensus: 70% rating 4 or 5") == 2
    # A bar per rated section: the first with enough ratings, the second below the round's minimum of
    # 2 ("not enough ratings"); sections nobody rated are listed, not drawn.
    assert page.count('<g class="bar">') == 2 and page.count('<g class="bar short">') == 2
    assert "n 6<" in page and "n 1: not enough ratings" in page
    # Only a section with a verdict gets detail; the other has one line, and is never "not agreed".
    tags = dict(re.findall(r'<h3 id="r-([\w-]+)">[^<]*<span class="tag[^"]*">([^<]+)</span>', page))
    assert tags == {first: "Agreed"}
    titles = dict(section_titles(round_))
    assert (
        f"Not enough ratings for a verdict (fewer than 2 on a question): {escape(titles[second])} (1)."
        in page
    )
    assert f"Not rated by anyone: {escape(sections[2].title)}; {escape(sections[3].title)};" in page
    assert 'class="tag">Not agreed' not in page
    # The pooled bar is the aggregate's: (5, 4, 4) and (4, 5, 5) are three 4s and three 5s.
    summary = next(s for s in sections if s.key == first).result.questions["clear"]
    assert summary.distribution == (0, 0, 0, 1, 1)
    assert f"{escape(titles[first])}: n 6 (1: 0, 2: 0, 3: 0, 4: 3, 5: 3)" in page
    row = re.search(rf'<th scope="row">{re.escape(escape(titles[first]))}</th>(.*?)</tr>', page)
    assert row is not None
    assert re.findall(r"<td>([^<]*)", row.group(1)) == [
        "Agreed",
        "median 4.5; 100% rated 4 or 5",
        "median 4.5; 100% rated 4 or 5",
        "median 4.5; 100% rated 4 or 5",
    ]
    # The same chart in the PDF, with its figures as text.
    pdf = cast.client("researcher").get(reverse("consult:report", args=[round_.pk]), {"format": "pdf"})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "charts-report.pdf").write_bytes(pdf.content)  # to look at
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert text.count("Consensus: 70% rating 4 or 5") == 1 and "n 1: not enough ratings" in text
