"""The demo consultation: a closed first round on the first draft of the demo guide (a dozen fictitious
reviewers of mixed perspectives, ratings, comments in every state: open, accepted, changed in the next
draft, not changed with the team's reason) and an open second, Delphi round on the release that follows
it, where eight of them have seen the group's ratings and seven have responded, so the report shows the
movement between rounds. Names, emails and words are invented; emails use example.org and are kept in
the outbox without their links."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from connecting_people.consult.actions import (
    do_comment,
    do_invite,
    do_rate,
    do_resolve,
    do_save_round,
    do_submit,
)
from connecting_people.consult.models import Reviewer, Round
from connecting_people.consult.text import sections_of
from connecting_people.guide.models import Draft

from .state import World

REVIEWERS = [
    # name, perspective
    ("Aled Brannigan", "worker"),
    ("Bethan Moyle", "worker"),
    ("Chidi Okafor", "worker"),
    ("Dana Whitlock", "lived_experience"),
    ("Eryl Madoc", "lived_experience"),
    ("Faye Corran", "lived_experience"),
    ("Gus Penhale", "organisation"),
    ("Hana Sieve", "organisation"),
    ("Idris Fenwick", "funder"),
    ("Jo Tremayne", "academic"),
    ("Kamal Petts", "academic"),
    ("Lowri Askew", "other"),
]
COMMENTS = [
    # reviewer index, section key, words to anchor on (first that appears), comment, status, changed in, reason
    (
        3,
        "build-relationship",
        "same",
        "A fixed weekly time is hard when you work shifts; say 'a regular time that suits the person'.",
        "changed",
        "0.2",
        "",
    ),
    (
        0,
        "build-relationship",
        "relationship",
        "Worth saying that the worker should be honest about when they are leaving the post.",
        "accepted",
        "",
        "",
    ),
    (
        9,
        "link-and-introduce",
        "first",
        "The evidence for buddying comes mostly from one kind of service.",
        "not_changed",
        "",
        "The examples come from three kinds of service; we say so in the introduction.",
    ),
    (
        6,
        "review-together",
        "together",
        "Could the review include the person's own words about what changed?",
        "open",
        "",
        "",
    ),
    (
        4,
        "explore-network-strengths",
        "map",
        "Some people find drawing their network upsetting at first.",
        "open",
        "",
        "",
    ),
    (
        8,
        "set-goals-together",
        "goal",
        "Goals should have a date by which they are reviewed, for the commissioner's returns.",
        "not_changed",
        "",
        "The person sets the pace; the review section covers when to look at goals again.",
    ),
    (
        5,
        "set-goals-together",
        "goal",
        "Start with something small the person already enjoys; big goals put people off.",
        "changed",
        "0.2",
        "",
    ),
    (
        10,
        "help-move-on",
        "on",
        "Say more about keeping in touch after the support ends, so moving on does not feel like a cliff edge.",
        "changed",
        "0.2",
        "",
    ),
]


def _score(*parts: Any, scale: tuple[int, ...] = (2, 3, 3, 4, 4, 4, 5, 5, 5, 5)) -> int:
    """A stable rating, mostly 4 and 5, so some sections reach consensus and some do not."""
    n = int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest(), 16) % len(scale)
    return scale[n]


# In the second round reviewers have seen the group's ratings and the changes, and rate closer together.
SECOND_ROUND = (3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 4)


def consultation(world: World) -> None:
    researcher, team = world.users["researcher"], world.organisations["fernhill"]
    first_draft, release = list(Draft.objects.filter(guide__team=team).order_by("created_at", "id"))[:2]
    now = timezone.now()
    first = do_save_round(
        researcher,
        Round(
            team=team,
            title="First consultation on the demo guide (draft 0.1)",
            draft=first_draft,
            opens_at=now - dt.timedelta(days=40),
            closes_at=now - dt.timedelta(days=12),
        ),
    )
    # The round is reviewed as if it were open: invitations, ratings and comments, then it is closed.
    Round.objects.filter(pk=first.pk).update(closes_at=now + dt.timedelta(days=1))
    first.refresh_from_db()
    sections = {s.key: s for s in sections_of(first)}
    reviewers = []
    for n, (name, perspective) in enumerate(REVIEWERS):
        email = name.lower().replace(" ", ".") + "@example.org"
        reviewer = do_invite(researcher, first, name, email, perspective)
        reviewers.append(reviewer)
        for key in sections:
            for q in first.question_keys:
                do_rate(reviewer, key, q, None if (n + len(key)) % 17 == 0 else _score(name, key, q))
    for index, key, words, text, status, changed_in, reason in COMMENTS:
        section = sections[key]
        start = section.text.find(words)
        comment = do_comment(
            reviewers[index], section, max(start, 0), max(start, 0) + len(words) if start >= 0 else 20, text
        )
        if status != "open":
            do_resolve(researcher, comment, status, changed_in, reason)
    Reviewer.objects.filter(round=first).exclude(pk=reviewers[-1].pk).update(
        submitted_at=now - dt.timedelta(days=14)
    )
    # Closed, and the team chose to publish its response with the next release.
    Round.objects.filter(pk=first.pk).update(closes_at=now - dt.timedelta(days=12), publish_response=True)
    first.refresh_from_db()
    # The second round follows the first, on the released draft, and is open now.
    second = do_save_round(
        researcher,
        Round(
            team=team,
            title="Second round (Delphi) on the demo guide, release 0.2",
            draft=release,
            follows=first,
            opens_at=now - dt.timedelta(days=2),
            closes_at=now + dt.timedelta(days=12),
        ),
    )
    second_sections = [s.key for s in sections_of(second)]
    for n, (name, perspective) in enumerate(REVIEWERS[:8]):
        reviewer = do_invite(
            researcher, second, name, name.lower().replace(" ", ".") + "@example.org", perspective
        )
        if n == 7:
            continue  # invited, not started yet
        for key in second_sections:
            for q in second.question_keys:
                do_rate(reviewer, key, q, _score(name, key, q, "second", scale=SECOND_ROUND))
        do_submit(reviewer)
