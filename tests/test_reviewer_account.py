"""A reviewer with an account rates and comments signed in, from their start page or /consult/mine/, on
the same pages as their personal link (progress, messages, withdrawal and closing, audit), with the site's
header; only their own invitation opens, and the personal link keeps working for people without one."""

from __future__ import annotations

import datetime as dt
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.models import User
from connecting_people.audit.models import AuditEntry
from connecting_people.consult.models import Comment, Rating, Reviewer, Round
from connecting_people.consult.text import section_titles, sections_of

from .conftest import Cast
from .test_consult import _invite, _round


def _signed_in_reviewer(cast: Cast, round_: Round, email: str = "ravi@example.org") -> tuple[Reviewer, str]:
    """The cast's reviewer account, invited to `round_` at the address on its account."""
    reviewer, token = _invite(cast, round_, email, name="Ravi Ostrander")
    User.objects.filter(pk=cast.users["reviewer"].pk).update(email=email.upper())  # found whatever the case
    return reviewer, token


def _words(round_: Round, key: str) -> tuple[int, int]:
    """The first few words of a section's text, as a selection would give them."""
    text = next(s for s in sections_of(round_) if s.key == key).text
    match = re.search(r"\w+(?:\W+\w+){2}", text)
    assert match
    return match.start(), match.end()


def test_a_signed_in_reviewer_rates_and_comments_on_two_sections_and_sees_progress(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, _token = _signed_in_reviewer(cast, round_)
    client = cast.client("reviewer")
    titles = section_titles(round_)
    (first, first_title), (second, second_title) = titles[0], titles[1]
    # The start page and "Your consultations" both open the round signed in.
    contents = reverse("consult:my_review", args=[reviewer.pk])
    for address in (reverse("core:home"), reverse("consult:mine")):
        assert f'href="{contents}"' in client.get(address).content.decode()
    page = client.get(contents).content.decode()
    assert (
        f"0 of {len(titles)} sections rated" in page and "Thank you for reading this, Ravi Ostrander" in page
    )
    assert f"Start with “{first_title}”" in page
    # Signed in: the site's header, with the account, not a sign-in; every page of the round stays signed in.
    assert "Sign out" in page and "Sign in" not in page
    assert reverse("consult:my_section", args=[reviewer.pk, first]) in page
    assert "/consult/r/" not in page
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # The first section: a comment on words selected, then one rating for the whole section.
    start, end = _words(round_, first)
    response = client.post(
        reverse("consult:my_comment", args=[reviewer.pk]),
        {"section": first, "start": start, "end": end, "text": "Say who arranges this."},
    )
    assert response["Location"] == reverse("consult:my_section", args=[reviewer.pk, first]) + "#comment-form"
    section_page = client.get(response["Location"]).content.decode()
    assert f"Comment saved on “{first_title}”." in section_page and "Say who arranges this." in section_page
    assert "rating-bar" in section_page and "Rate the whole section" in section_page
    assert "Sign out" in section_page
    response = client.post(
        reverse("consult:my_rate_section", args=[reviewer.pk]),
        {"section": first, "value": "4"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["next"] == reverse("consult:my_section", args=[reviewer.pk, second])

    # The second section: rated question by question with a note, and a comment found from words copied.
    quote = next(s for s in sections_of(round_) if s.key == second).text.split("\n")[0][:40].strip()
    response = client.post(
        reverse("consult:my_comment", args=[reviewer.pk]),
        {"section": second, "quote": quote, "text": "Too long."},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["comment"]["remove"].startswith(f"/consult/mine/{reviewer.pk}/comments/")
    questions = round_.question_keys
    answers = {f"q-{q}": "5" for q in questions[:-1]} | {f"q-{questions[-1]}": "na"}
    response = client.post(
        reverse("consult:my_rate", args=[reviewer.pk]), {"section": second, **answers, "note": "Clear."}
    )
    assert response["Location"].endswith("#rating-form")
    assert f"Saved your ratings for “{second_title}”." in client.get(response["Location"]).content.decode()
    # A rating off the scale is refused with the link's message, and nothing changes.
    refused = client.post(
        reverse("consult:my_rate", args=[reviewer.pk]),
        {"section": second, f"q-{questions[0]}": "9"},
        HTTP_ACCEPT="application/json",
    )
    assert refused.status_code == 400 and refused.json() == {"error": "Ratings go from 1 to 5."}

    assert dict(Rating.objects.filter(reviewer=reviewer, section=first).values_list("question", "value")) == {
        q: 4 for q in questions
    }
    assert Rating.objects.filter(reviewer=reviewer, section=second, value=5).count() == len(questions) - 1
    assert Comment.objects.filter(reviewer=reviewer).count() == 2
    page = client.get(contents).content.decode()
    assert f"2 of {len(titles)} sections rated" in page and page.count("Not rated yet") == len(titles) - 2
    assert f"Carry on with “{titles[2][1]}”" in page
    submit = client.get(reverse("consult:my_submit", args=[reviewer.pk])).content.decode()
    assert "You have left 2 comments." in submit and f"{len(titles) - 2} sections not rated" in submit

    # Audited as through the link, in the round's team's trail, with the account as the one who acted.
    entries = list(AuditEntry.objects.filter(pk__gt=before).order_by("id"))
    assert [e.object_type for e in entries] == ["consult.comment"] + ["consult.rating"] * len(questions) + [
        "consult.comment"
    ] + ["consult.rating"] * len(questions) + ["consult.sectionnote"]
    assert all(e.actor_id == cast.users["reviewer"].pk for e in entries)
    assert all(e.note.endswith(f"by reviewer {reviewer.pk}") for e in entries)
    assert {e.organisation_id for e in entries} == {round_.team_id}
    reviewer.refresh_from_db()
    assert reviewer.last_seen_at is not None

    # Removing a comment and submitting, signed in; then the response can no longer be changed.
    mine = Comment.objects.filter(reviewer=reviewer).order_by("pk").first()
    assert mine
    response = client.post(reverse("consult:my_comment_delete", args=[reviewer.pk, mine.pk]))
    assert response.status_code == 302 and not Comment.objects.filter(pk=mine.pk).exists()
    response = client.post(reverse("consult:my_submit", args=[reviewer.pk]), {"confirm": "yes"})
    assert response["Location"] == contents
    reviewer.refresh_from_db()
    assert reviewer.submitted_at is not None
    assert AuditEntry.objects.filter(
        object_type="consult.reviewer", object_id=str(reviewer.pk), actor=cast.users["reviewer"]
    ).exists()
    late = client.post(
        reverse("consult:my_rate_section", args=[reviewer.pk]),
        {"section": first, "value": "2"},
        HTTP_ACCEPT="application/json",
    )
    assert late.status_code == 400 and "can no longer be changed" in late.json()["error"]
    start_page = client.get(reverse("core:home")).content.decode()
    assert "Read your response" in start_page and "Email me my personal link" not in start_page


def test_only_the_accounts_own_invitation_opens(cast: Cast) -> None:
    round_ = _round(cast)
    mine, _ = _signed_in_reviewer(cast, round_)
    theirs, their_token = _invite(cast, round_, "someone@example.org", name="Someone Else")
    other_account = do_create_user(
        None,
        password=None,
        username="second-reviewer",
        organisation=cast.orgs["fernhill"],
        role="reviewer",
        email="someone@example.org",
    )
    Client().post(  # their comment, through their link
        reverse("consult:comment", args=[their_token]),
        {"section": section_titles(round_)[0][0], "quote": "", "start": 0, "end": 5, "text": "Theirs"},
    )
    their_comment = Comment.objects.get(reviewer=theirs)
    client = cast.client("reviewer")
    for name, method, args in [
        ("consult:my_review", "get", [theirs.pk]),
        ("consult:my_section", "get", [theirs.pk, section_titles(round_)[0][0]]),
        ("consult:my_submit", "post", [theirs.pk]),
        ("consult:my_comment_delete", "post", [mine.pk, their_comment.pk]),  # not through one's own either
        ("consult:my_review", "get", [999999]),
    ]:
        assert getattr(client, method)(reverse(name, args=args)).status_code == 404, name
    assert Comment.objects.filter(pk=their_comment.pk).exists()
    # Each account opens its own; staff of the team, and anyone not signed in, do not open a reviewer's.
    other = Client()
    other.force_login(other_account)
    assert other.get(reverse("consult:my_review", args=[theirs.pk])).status_code == 200
    assert other.get(reverse("consult:my_review", args=[mine.pk])).status_code == 404
    assert cast.client("researcher").get(reverse("consult:my_review", args=[mine.pk])).status_code == 404
    response = cast.client("anonymous").get(reverse("consult:my_review", args=[mine.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_withdrawn_closed_and_not_yet_open_answer_as_the_link_does(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _signed_in_reviewer(cast, round_)
    client, anyone = cast.client("reviewer"), cast.client("anonymous")
    signed_in = reverse("consult:my_review", args=[reviewer.pk])
    by_link = reverse("consult:review", args=[token])
    # Closed: the same 410 and words both ways, and nothing can be rated.
    Round.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    round_.refresh_from_db()
    page = client.get(signed_in)
    link = anyone.get(by_link)
    rated = client.post(
        reverse("consult:my_rate_section", args=[reviewer.pk]),
        {"section": section_titles(round_)[0][0], "value": "3"},
    )
    start_page = client.get(reverse("core:home")).content.decode()
    assert page.status_code == link.status_code == rated.status_code == 410
    closed = f"This consultation closed on {timezone.localtime(round_.closes_at):%d %B %Y at %H:%M}"
    assert closed in page.content.decode() and closed in link.content.decode()
    assert "Sign out" in page.content.decode()  # signed in, the site's header
    assert "Sign out" not in link.content.decode() and "Sign in" not in link.content.decode()
    assert not Rating.objects.filter(reviewer=reviewer).exists()
    assert f'href="{signed_in}"' not in start_page  # a closed round is not offered to rate
    # Not open yet.
    Round.objects.filter(pk=round_.pk).update(
        opens_at=timezone.now() + dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=9)
    )
    page, link = client.get(signed_in), anyone.get(by_link)
    assert page.status_code == link.status_code == 410
    assert "This consultation opens on" in page.content.decode() and "opens on" in link.content.decode()
    Round.objects.filter(pk=round_.pk).update(opens_at=timezone.now() - dt.timedelta(days=1))
    # Withdrawn by the research team: said so, signed in as by the link.
    cast.client("researcher").post(reverse("consult:revoke", args=[reviewer.pk]))
    page, link = client.get(signed_in), anyone.get(by_link)
    assert page.status_code == link.status_code == 410
    assert "withdrawn by the research team" in page.content.decode()
    assert "withdrawn by the research team" in link.content.decode()
    assert "This link" not in page.content.decode()  # signed in, it was no link that was withdrawn
    comment = client.post(
        reverse("consult:my_comment", args=[reviewer.pk]),
        {"section": section_titles(round_)[0][0], "start": 0, "end": 5, "text": "Late"},
    )
    assert comment.status_code == 410 and not Comment.objects.filter(reviewer=reviewer).exists()


def test_the_personal_link_keeps_its_own_layout_even_when_signed_in(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _signed_in_reviewer(cast, round_)
    key = section_titles(round_)[0][0]
    # Someone signed in who opens the personal link stays on the link's pages: no header, link addresses.
    page = cast.client("reviewer").get(reverse("consult:section", args=[token, key])).content.decode()
    assert "Sign out" not in page and "Sign in" not in page
    assert reverse("consult:rate_section", args=[token]) in page and "/consult/mine/" not in page
    # And the link alone, with no account, rates as before, with no actor in the trail.
    response = Client().post(
        reverse("consult:rate_section", args=[token]),
        {"section": key, "value": "3"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["next"].startswith(f"/consult/r/{token}/")
    entry = AuditEntry.objects.filter(object_type="consult.rating").order_by("-id").first()
    assert entry and entry.actor_id is None and entry.note.endswith(f"by reviewer {reviewer.pk}")
