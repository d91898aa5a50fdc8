"""The reviewer's flow through HTTP: a contents page with progress, one section per page, messages
beside the form they concern, comments saved without a reload, words copied by hand found whatever their
line breaks, and a summary naming the unrated sections before a submission that must be confirmed."""

from __future__ import annotations

import re

from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.consult.models import Comment, Rating, Reviewer, Round
from connecting_people.consult.text import section_titles

from .conftest import Cast
from .test_consult import _invite, _round

SECTION = "build-relationship"


def _all_rated(round_: Round) -> dict[str, str]:
    """Every question of the round answered for SECTION (the last one "not applicable")."""
    keys = round_.question_keys
    return {"section": SECTION, **{f"q-{k}": "4" for k in keys[:-1]}, f"q-{keys[-1]}": "na"}


def test_contents_page_lists_every_section_with_progress_and_offers_no_sign_in(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    titles = section_titles(round_)
    client.post(reverse("consult:rate", args=[token]), _all_rated(round_))
    page = client.get(reverse("consult:review", args=[token])).content.decode()
    assert f"1 of {len(titles)} sections rated" in page
    assert page.count("Not rated yet") == len(titles) - 1
    assert all(reverse("consult:section", args=[token, key]) in page for key, _ in titles)
    # The next section not yet rated is where to carry on; a link holder has no account to sign in to.
    first_unrated = next(title for key, title in titles if key != SECTION)
    assert f"Carry on with “{first_unrated}”" in page
    assert (
        "Sign in" not in page
        and "Sign in" not in client.get(reverse("consult:section", args=[token, SECTION])).content.decode()
    )


def test_one_section_per_page_with_its_neighbours(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    titles = section_titles(round_)
    at = [key for key, _ in titles].index(SECTION)
    page = cast.client("anonymous").get(reverse("consult:section", args=[token, SECTION])).content.decode()
    assert f"Section {at + 1} of {len(titles)}" in page
    assert page.count('class="review-text"') == 1
    if at > 0:
        assert reverse("consult:section", args=[token, titles[at - 1][0]]) in page
    if at + 1 < len(titles):
        assert reverse("consult:section", args=[token, titles[at + 1][0]]) in page
    assert (
        cast.client("anonymous").get(reverse("consult:section", args=[token, "no-such"])).status_code == 404
    )


def test_without_javascript_messages_come_back_beside_their_form(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    wrong = client.post(
        reverse("consult:comment", args=[token]),
        {"section": SECTION, "quote": "", "text": "Hmm"},
        follow=True,
    )
    assert wrong.redirect_chain[-1][0].endswith(
        reverse("consult:section", args=[token, SECTION]) + "#comment-form"
    )
    html = wrong.content.decode()
    status = re.search(r"<div data-comment-status>(.*?)</div>", html, re.S).group(1)
    assert "Select the words you are commenting on first." in status
    assert html.count("Select the words you are commenting on first.") == 1  # not also at the top
    rated = client.post(
        reverse("consult:rate", args=[token]), {"section": SECTION, "q-clear": "9"}, follow=True
    )
    box = re.search(r"<div data-status>(.*?)</div>", rated.content.decode(), re.S).group(1)
    assert "message-error" in box and box.strip()


def test_words_copied_by_hand_are_found_across_line_breaks_and_spaces(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    cast.client("anonymous").post(
        reverse("consult:comment", args=[token]),
        {"section": SECTION, "quote": "We  always\r\nmeet   at the same", "text": "Shift workers cannot."},
    )
    saved = Comment.objects.get(reviewer=reviewer)
    assert saved.exact == "We always meet at the same" and saved.text == "Shift workers cannot."


def test_a_comment_saved_by_the_script_comes_back_as_data_for_the_list(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    answer = cast.client("anonymous").post(
        reverse("consult:comment", args=[token]),
        {"section": SECTION, "quote": "We always meet", "text": "Too rigid."},
        headers={"Accept": "application/json"},
    )
    saved = Comment.objects.get(reviewer=reviewer)
    assert answer.status_code == 200
    assert answer.json() == {
        "ok": "Comment saved on “Build a relationship”.",
        "comment": {
            "words": "We always meet",
            "text": "Too rigid.",
            "remove": reverse("consult:comment_delete", args=[token, saved.pk]),
        },
    }
    refused = cast.client("anonymous").post(
        reverse("consult:comment", args=[token]),
        {"section": SECTION, "quote": "", "text": "No words"},
        headers={"Accept": "application/json"},
    )
    assert refused.status_code == 400 and refused.json() == {
        "error": "Select the words you are commenting on first."
    }
    for start, end in (("abc", "9"), ("-3", "x"), ("", "")):  # a stale or hand-made form: no 500
        odd = cast.client("anonymous").post(
            reverse("consult:comment", args=[token]),
            {"section": SECTION, "start": start, "end": end, "quote": "", "text": "Odd"},
            headers={"Accept": "application/json"},
        )
        assert odd.status_code == 400 and odd.json() == {
            "error": "Select the words you are commenting on first."
        }
    assert Comment.objects.filter(reviewer=reviewer).count() == 1


def test_submitting_shows_what_is_not_rated_and_needs_a_confirmation(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    titles = section_titles(round_)
    client.post(reverse("consult:rate", args=[token]), _all_rated(round_))
    client.post(
        reverse("consult:comment", args=[token]), {"section": SECTION, "quote": "We always", "text": "Ok"}
    )
    summary = client.get(reverse("consult:submit", args=[token])).content.decode()
    unrated = len(titles) - 1
    assert f"{unrated} sections not rated" in summary and "1 comment." in summary
    assert f"Submit with {unrated} sections not rated" in summary
    assert all(
        reverse("consult:section", args=[token, key]) in summary for key, _ in titles if key != SECTION
    )
    # A submission without the confirmation from that page changes nothing.
    client.post(reverse("consult:submit", args=[token]))
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is None
    done = client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"}, follow=True)
    assert Reviewer.objects.get(pk=reviewer.pk).submitted_at is not None
    assert "your response is submitted" in done.content.decode()
    assert "can no longer be changed" in client.get(reverse("consult:submit", args=[token])).content.decode()


def test_one_rating_for_the_whole_section_rates_every_question_and_moves_on(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    keys = [key for key, _ in section_titles(round_)]
    at = keys.index(SECTION)
    section_page = client.get(reverse("consult:section", args=[token, SECTION])).content.decode()
    assert "Rate the whole section" in section_page
    assert reverse("consult:rate_section", args=[token]) in section_page
    # Without JavaScript: the button posts the form and the next section follows, saying what was saved.
    moved = client.post(
        reverse("consult:rate_section", args=[token]), {"section": SECTION, "value": "4"}, follow=True
    )
    assert moved.redirect_chain[-1][0] == reverse("consult:section", args=[token, keys[at + 1]])
    assert "Saved: “Build a relationship” rated 4 on every question." in moved.content.decode()
    given = Rating.objects.filter(reviewer=reviewer, section=SECTION)
    assert sorted(given.values_list("question", "value", "whole_section")) == sorted(
        (key, 4, True) for key in round_.question_keys
    )
    assert AuditEntry.objects.filter(
        object_type="consult.rating", note__contains="whole section"
    ).count() == len(round_.question_keys)
    again = client.get(reverse("consult:section", args=[token, SECTION])).content.decode()
    assert "Your rating for the whole section: 4." in again
    assert '<details class="question-ratings">' in again  # the questions stay folded away
    # Rating one question on its own afterwards marks only that answer as given question by question.
    client.post(reverse("consult:rate", args=[token]), {"section": SECTION, "q-clear": "2"})
    assert dict(given.values_list("question", "whole_section")) == {
        key: key != "clear" for key in round_.question_keys
    }
    unfolded = client.get(reverse("consult:section", args=[token, SECTION])).content.decode()
    assert "Your rating for the whole section" not in unfolded
    assert '<details class="question-ratings" open>' in unfolded


def test_the_script_saves_a_whole_section_rating_and_is_told_where_to_go_next(cast: Cast) -> None:
    round_ = _round(cast)
    reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    titles = section_titles(round_)
    last_key, last_title = titles[-1]
    answer = client.post(
        reverse("consult:rate_section", args=[token]),
        {"section": last_key, "value": "na"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "ok": f"Saved: “{last_title}” rated not applicable on every question.",
        "next": reverse("consult:submit", args=[token]),  # after the last section, the check
    }
    assert set(Rating.objects.filter(reviewer=reviewer).values_list("value", "whole_section")) == {
        (None, True)
    }
    # Bad input: a specific message, beside the control, and nothing written.
    for value in ("9", "", "four"):
        refused = client.post(
            reverse("consult:rate_section", args=[token]),
            {"section": SECTION, "value": value},
            headers={"Accept": "application/json"},
        )
        assert refused.status_code == 400
        assert refused.json()["error"] in (
            "Ratings go from 1 to 5, or not applicable.",
            "Choose a rating from 1 to 5, or not applicable.",
        )
    back = client.post(
        reverse("consult:rate_section", args=[token]), {"section": SECTION, "value": "0"}, follow=True
    )
    assert back.redirect_chain[-1][0].endswith(
        reverse("consult:section", args=[token, SECTION]) + "#whole-form"
    )
    box = re.search(r"<div data-whole-status>(.*?)</div>", back.content.decode(), re.S).group(1)
    assert "Ratings go from 1 to 5, or not applicable." in box
    assert not Rating.objects.filter(reviewer=reviewer, section=SECTION).exists()
    assert (
        client.post(
            reverse("consult:rate_section", args=[token]), {"section": "no-such", "value": "3"}
        ).status_code
        == 404
    )
    # Once submitted, nothing changes.
    client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    closed = client.post(
        reverse("consult:rate_section", args=[token]),
        {"section": SECTION, "value": "5"},
        headers={"Accept": "application/json"},
    )
    assert closed.status_code == 400 and "can no longer be changed" in closed.json()["error"]
    assert not Rating.objects.filter(reviewer=reviewer, section=SECTION).exists()


def test_the_summary_names_sections_left_unrated_after_whole_section_ratings(cast: Cast) -> None:
    round_ = _round(cast)
    _reviewer, token = _invite(cast, round_, "rhian@example.org")
    client = cast.client("anonymous")
    titles = section_titles(round_)
    for key, _title in titles[:-2]:
        client.post(reverse("consult:rate_section", args=[token]), {"section": key, "value": "5"})
    summary = client.get(reverse("consult:submit", args=[token])).content.decode()
    assert "2 sections not rated" in summary
    assert all(reverse("consult:section", args=[token, key]) in summary for key, _ in titles[-2:])
    assert f"{len(titles) - 2} of {len(titles)} sections rated" in summary


def test_the_report_says_how_many_ratings_were_given_for_whole_sections(cast: Cast) -> None:
    round_ = _round(cast)
    client = cast.client("anonymous")
    questions = len(round_.question_keys)
    for n, email in enumerate(("a@example.org", "b@example.org")):
        _reviewer, token = _invite(cast, round_, email, name=f"Reviewer {n}")
        client.post(reverse("consult:rate_section", args=[token]), {"section": SECTION, "value": "4"})
        client.post(
            reverse("consult:rate", args=[token]), {"section": "explore-network-strengths", "q-clear": "3"}
        )
        client.post(reverse("consult:submit", args=[token]), {"confirm": "yes"})
    # A reviewer who has not submitted is not counted.
    _late, token = _invite(cast, round_, "c@example.org", name="Reviewer late")
    client.post(reverse("consult:rate_section", args=[token]), {"section": SECTION, "value": "2"})
    researcher = cast.client("researcher")
    page = researcher.get(reverse("consult:report", args=[round_.pk])).content.decode()
    total = 2 * (questions + 1)
    assert (
        f"Of {total} ratings, {2 * questions} were given for whole sections (one rating for every "
        "question of a section) and 2 question by question." in page
    )
    csv_text = researcher.get(reverse("consult:report", args=[round_.pk]) + "?format=csv").content.decode()
    assert f",ratings,given for whole sections,Everyone,{2 * questions}," in csv_text
