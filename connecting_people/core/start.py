"""The signed-in user's start page: what each role has to do next, gathered from the getters the lists use
(practice/due.py for people's records; the fieldwork, consultation and guide getters for research; the
consultation invitations of a reviewer with an account; for a manager, the community directory's entries
reported or due a check, community/overview.py). Nothing here loads a record any other way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.community.overview import Needs, needs
from connecting_people.consult.getters import invitations_for_account, rounds_for_user
from connecting_people.consult.models import CommentStatus, Reviewer, Round
from connecting_people.fieldwork.agreement import still_coding
from connecting_people.fieldwork.coverage import coverage
from connecting_people.fieldwork.getters import (
    IN_INBOX,
    NOBODY_LINKED,
    double_codings_for_user,
    imports_for_user,
    require_fieldwork,
    sources_for_user,
)
from connecting_people.fieldwork.models import DoubleCoding, ImportJob, ImportState
from connecting_people.guide.getters import guide_for_assessment
from connecting_people.guide.models import SelfRating
from connecting_people.interventions.models import Component
from connecting_people.practice.due import Due, Team, due_for, team_for
from connecting_people.practice.getters import people_for_user
from connecting_people.practice.models import Person

GAPS_NAMED = 3  # components named in the coverage summary


@dataclass(frozen=True)
class Coverage:
    gaps: int  # cells (component x perspective) below the threshold
    components: int  # components with at least one gap
    threshold: int
    thinnest: list[tuple[str, int]]  # (component title, gaps), most gaps first


@dataclass(frozen=True)
class Research:
    imports: list[ImportJob]  # the researcher's own, waiting or running
    inbox: int  # the team's sources waiting in the inbox for a site
    nobody_linked: int  # the team's transcripts with no participant linked
    coverage: Coverage
    rounds: list[Round]  # open now, or with comments waiting for an answer (annotated)
    to_mark: list[DoubleCoding]  # blind pairs this researcher still codes
    agreed: int  # pairs both coders have finished (their agreement can be read)
    blind: int  # pairs still being coded


@dataclass(frozen=True)
class SelfAssessment:
    rated: int
    components: int

    @property
    def unrated(self) -> int:
        return self.components - self.rated


@dataclass
class Start:
    """What the start page shows; only the parts of the user's role are filled."""

    today: dt.date
    due: Due | None = None
    team: Team | None = None
    assessment: SelfAssessment | None = None
    assessment_missing: str = ""  # why there is no self-assessment to make yet
    research: Research | None = None
    invitations: list[Reviewer] = field(default_factory=list)
    own_record: Person | None = None  # the person supported's own record
    directory: Needs | None = None  # for whoever keeps the community directory


def _coverage(team_id: int) -> Coverage:
    matrix = coverage(team_id)
    per_component: dict[str, int] = {}
    titles: dict[str, str] = {}
    for component, _value, _label in matrix.gaps():
        per_component[component.key] = per_component.get(component.key, 0) + 1
        titles[component.key] = component.title
    ranked = sorted(per_component.items(), key=lambda kv: (-kv[1], titles[kv[0]]))
    return Coverage(
        gaps=sum(per_component.values()),
        components=len(per_component),
        threshold=matrix.threshold,
        thinnest=[(titles[key], n) for key, n in ranked[:GAPS_NAMED]],
    )


def _research(user: User) -> Research:
    team_id = require_fieldwork(user)
    now = timezone.now()
    waiting = Q(reviewers__comments__status=CommentStatus.OPEN)
    rounds = (
        rounds_for_user(user)
        .annotate(
            waiting=Count("reviewers__comments", filter=waiting, distinct=True),
            invited=Count("reviewers", distinct=True),
            submitted=Count("reviewers", filter=Q(reviewers__submitted_at__isnull=False), distinct=True),
        )
        .filter(Q(opens_at__lte=now, closes_at__gt=now) | Q(waiting__gt=0))
        .order_by("closes_at", "id")
    )
    pairs = list(
        double_codings_for_user(user)
        .select_related("source")
        .only("source__title", "coder_a_id", "coder_b_id", "done_a", "done_b")
        .order_by("-created_at", "-id")
    )
    waiting_sources = sources_for_user(user).aggregate(
        inbox=Count("pk", filter=IN_INBOX), nobody_linked=Count("pk", filter=NOBODY_LINKED)
    )
    return Research(
        inbox=waiting_sources["inbox"],
        nobody_linked=waiting_sources["nobody_linked"],
        imports=list(
            imports_for_user(user)
            .filter(state__in=[ImportState.QUEUED, ImportState.RUNNING])
            .order_by("created_at")
        ),
        coverage=_coverage(team_id),
        rounds=list(rounds),
        to_mark=[p for p in pairs if still_coding(p, user)],
        agreed=sum(1 for p in pairs if not p.is_blind),
        blind=sum(1 for p in pairs if p.is_blind),
    )


def _assessment(user: User, start: Start) -> None:
    if user.organisation_id is None:
        return
    try:
        guide = guide_for_assessment()
    except Http404 as exc:
        start.assessment_missing = str(exc)
        return
    start.assessment = SelfAssessment(
        rated=SelfRating.objects.filter(guide=guide, organisation_id=user.organisation_id).count(),
        components=Component.objects.filter(version_id=guide.version_id).count(),
    )


def start_for(user: User) -> Start:
    """The start page of this user, by what their role may do."""
    caps = user.caps
    start = Start(today=timezone.localdate())
    if caps.can_view_person_records or caps.is_individual:
        start.due = due_for(user, start.today)
    if caps.is_individual:
        start.own_record = people_for_user(user).select_related(None).only("pk", "reference").first()
    if caps.sees_whole_organisation_caseload:
        start.team = team_for(user, start.today)
        _assessment(user, start)
    if caps.can_manage_directory and user.organisation_id is not None:
        start.directory = needs(user.organisation_id)
    if caps.can_handle_fieldwork:
        start.research = _research(user)
    if caps.can_review_by_account:
        start.invitations = list(invitations_for_account(user).order_by("round__closes_at", "id"))
    return start
