"""The demo consultation: a closed first round on draft 0.1 of the demo guide (a dozen fictitious
reviewers of mixed perspectives, ratings, comments in every state: open, accepted, changed in the next
draft, not changed with the team's reason); a closed second, Delphi round on draft 0.2 that follows it,
where eight of them have seen the group's ratings and seven have responded, so the report shows the
movement between rounds; both responses published with Release 1.0; and an open round on the release
for reviewers to try. Names, emails and words are invented; emails use example.org and are kept in the
outbox without their links."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.consult.actions import (
    do_comment,
    do_invite,
    do_rate,
    do_resolve,
    do_save_round,
    do_submit,
)
from connecting_people.consult.models import Reviewer, ReviewerPerspective, Round
from connecting_people.consult.text import ReadSection, sections_of
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
CommentRow = tuple[int, str, str, str, str, str, str]
COMMENTS: list[CommentRow] = [
    # reviewer index, section key, words to anchor on (first that appears), comment, status, changed in,
    # reason
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
        "Say more about keeping in touch after the support ends, so moving on does not feel like a cliff "
        "edge.",
        "changed",
        "0.2",
        "",
    ),
]

# In the Delphi round, one reviewer asks for something the release then does (guide_demo.REVISIONS["1.0"]).
DELPHI_COMMENTS: list[CommentRow] = [
    (
        6,
        "review-together",
        "pace",
        "Say that the person can ask for a review whenever they want one, not only when it is due.",
        "changed",
        "1.0",
        "",
    ),
]


def _score(*parts: Any, scale: tuple[int, ...] = (2, 3, 3, 4, 4, 4, 5, 5, 5, 5)) -> int:
    """A stable rating, mostly 4 and 5, so some sections reach consensus and some do not."""
    n = int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest(), 16) % len(scale)
    return scale[n]


# In the second round reviewers have seen the group's ratings and the changes, and rate closer together.
SECOND_ROUND = (3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 4)


def first_round(world: World) -> None:
    """The first round on draft 0.1, reviewed, commented on and closed; the comments the team acts on are
    marked "changed in 0.2" (guide_demo.REVISIONS makes those changes)."""
    researcher, now = world.users["researcher"], timezone.now()
    first = _round(world, "First consultation on the demo guide (draft 0.1)", "0.1", now, (-70, -45))
    with _reviewing(first, now):
        sections = {s.key: s for s in sections_of(first)}
        reviewers = []
        for n, (name, perspective) in enumerate(REVIEWERS):
            reviewer = do_invite(researcher, first, name, _email(name), perspective)
            reviewers.append(reviewer)
            for key in sections:
                for q in first.question_keys:
                    do_rate(
                        None, reviewer, key, q, None if (n + len(key)) % 17 == 0 else _score(name, key, q)
                    )
        _comment(researcher, reviewers, sections, COMMENTS)
        Reviewer.objects.filter(round=first).exclude(pk=reviewers[-1].pk).update(
            submitted_at=now - dt.timedelta(days=50)
        )


def delphi_round(world: World) -> None:
    """The second, Delphi round on draft 0.2, following the first: eight of the reviewers see the group's
    ratings and the changes, seven respond, closer together; then it closes."""
    researcher, now = world.users["researcher"], timezone.now()
    second = _round(
        world, "Second round (Delphi) on the demo guide (draft 0.2)", "0.2", now, (-35, -10), follows="0.1"
    )
    with _reviewing(second, now):
        sections = {s.key: s for s in sections_of(second)}
        reviewers = [
            do_invite(researcher, second, name, _email(name), perspective)
            for name, perspective in REVIEWERS[:8]
        ]
        _comment(researcher, reviewers, sections, DELPHI_COMMENTS)
        # The eighth was invited and never responded.
        for (name, _perspective), reviewer in zip(REVIEWERS[:7], reviewers[:7], strict=True):
            for key in sections:
                for q in second.question_keys:
                    do_rate(None, reviewer, key, q, _score(name, key, q, "second", scale=SECOND_ROUND))
            do_submit(None, reviewer)


def open_round(world: World) -> None:
    """An open round on Release 1.0, so a reviewer can try the consultation: three invited, none started,
    and the demo's reviewer account (a peer reviewer at Open Door Voices), invited by its own email
    address, so that signing in as the reviewer shows the round on their start page and "Your
    consultations", with a new personal link by email to open it."""
    researcher = world.users["researcher"]
    third = _round(world, "Comments on Release 1.0 of the demo guide", "1.0", timezone.now(), (-1, 20))
    for name, perspective in REVIEWERS[8:11]:
        do_invite(researcher, third, name, _email(name), perspective)
    account = world.users["reviewer"]
    do_invite(researcher, third, account.get_full_name(), account.email, ReviewerPerspective.LIVED)


def _round(
    world: World, title: str, number: str, now: dt.datetime, days: tuple[int, int], follows: str = ""
) -> Round:
    """The research team's round on a draft, open from and to the given days from now (negative: past)."""
    team = world.organisations["fernhill"]
    return do_save_round(
        world.users["researcher"],
        Round(
            team=team,
            title=title,
            draft=Draft.objects.get(guide__team=team, number=number),
            follows=Round.objects.get(team=team, draft__number=follows) if follows else None,
            opens_at=now + dt.timedelta(days=days[0]),
            closes_at=now + dt.timedelta(days=days[1]),
        ),
    )


def _comment(
    researcher: User, reviewers: list[Reviewer], sections: dict[str, ReadSection], rows: list[CommentRow]
) -> None:
    """Each comment anchored on the first of its words in the section, resolved as the team did."""
    for index, key, words, text, status, changed_in, reason in rows:
        section = sections[key]
        start = section.text.find(words)
        comment = do_comment(
            None,
            reviewers[index],
            section,
            max(start, 0),
            max(start, 0) + len(words) if start >= 0 else 20,
            text,
        )
        if status != "open":
            do_resolve(researcher, comment, status, changed_in, reason)


def _email(name: str) -> str:
    return name.lower().replace(" ", ".") + "@example.org"


@contextmanager
def _reviewing(round_: Round, now: dt.datetime) -> Iterator[None]:
    """A past round reviewed as if it were open (invitations, ratings, comments), then closed again on its
    own date, with the team's choice to publish its response with the next release."""
    closes_at = round_.closes_at
    Round.objects.filter(pk=round_.pk).update(closes_at=now + dt.timedelta(days=1))
    round_.refresh_from_db()
    yield
    Round.objects.filter(pk=round_.pk).update(closes_at=closes_at, publish_response=True)
    round_.refresh_from_db()
