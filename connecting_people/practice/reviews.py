"""Reviews every few weeks: what changed since the last one (when the next is due is summary.due_from).

The summary is worked out from the records (sessions, goals, next steps, community links, maps) for the
period, in plain
words the person can read, and frozen into the review when it is written, so a later edit to a session does
not rewrite what was said at the time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from . import lasting
from .maps import snapshot
from .models import (
    CommunityLink,
    GoalAction,
    GoalStatus,
    LinkKind,
    Person,
    SessionStatus,
    StopReason,
)
from .network import compare


def start_of_work(person: Person) -> dt.date:
    """The date the work began: consent to work together, else the first session, else when the record was
    made."""
    if person.consent_to_work_on:
        return person.consent_to_work_on
    first = person.sessions.order_by("date").values_list("date", flat=True).first()
    return first or person.created_at.date()


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass
class ReviewSummary:
    covers_from: dt.date
    lines: list[str] = field(default_factory=list)


def summarise(person: Person, covers_from: dt.date, until: dt.date) -> ReviewSummary:
    """What changed between two dates, in sentences addressed to the person ('we', 'you')."""
    out = ReviewSummary(covers_from)
    held = list(
        person.sessions.filter(
            status=SessionStatus.HELD, date__gt=covers_from, date__lte=until
        ).prefetch_related("components")
    )
    if held:
        minutes = sum(s.minutes or 0 for s in held)
        line = "We met " + {1: "once", 2: "twice"}.get(len(held), f"{len(held)} times")
        if minutes:
            hours, rest = divmod(minutes, 60)
            line += f", for {hours} h {rest:02d} min in all" if hours else f", for {minutes} minutes in all"
        out.lines.append(line + ".")
        worked = Counter(c.title for s in held for c in s.components.all())
        if worked:
            top = [title for title, _n in worked.most_common(4)]
            out.lines.append("We worked most on " + _listing(top) + ".")
    else:
        out.lines.append("We did not meet in this period.")
    cancelled = person.sessions.filter(
        status=SessionStatus.CANCELLED, date__gt=covers_from, date__lte=until
    ).count()
    if cancelled:
        out.lines.append(f"{_plural(cancelled, 'session was', 'sessions were')} cancelled.")

    goals = list(person.goals.all())
    new = [g.title for g in goals if covers_from < g.created_at.date() <= until]
    if new:
        out.lines.append(f"We agreed {_plural(len(new), 'new goal')}: " + _listing(new) + ".")
    for status, words in (
        (GoalStatus.ACHIEVED, "achieved"),
        (GoalStatus.PAUSED, "paused"),
        (GoalStatus.STOPPED, "stopped"),
    ):
        changed = [
            g.title
            for g in goals
            if g.status == status and g.status_changed_on and covers_from < g.status_changed_on <= until
        ]
        if changed:
            out.lines.append(
                f"{_plural(len(changed), 'goal was', 'goals were')} {words}: " + _listing(changed) + "."
            )
    still = sum(1 for g in goals if g.status == GoalStatus.ACTIVE)
    if still:
        out.lines.append(f"{_plural(still, 'goal is', 'goals are')} still being worked on.")

    done = [
        owner
        for owner, at in GoalAction.objects.filter(goal__person=person, done_at__isnull=False).values_list(
            "owner", "done_at"
        )
        if at is not None and covers_from < at.date() <= until
    ]
    if done:
        yours = sum(1 for owner in done if owner in ("person", "both"))
        line = f"{_plural(len(done), 'next step was', 'next steps were')} done"
        out.lines.append(line + (f", {yours} of them yours or shared." if yours else "."))

    out.lines.extend(_links(person, covers_from, until))

    maps = list(person.maps.filter(drawn_on__lte=until).order_by("drawn_on", "id"))
    in_period = [m for m in maps if m.drawn_on > covers_from]
    if in_period:
        before = [m for m in maps if m.drawn_on <= covers_from]
        older = before[-1] if before else (in_period[0] if len(in_period) > 1 else None)
        newest = in_period[-1]
        if older is None:
            out.lines.append(
                "We drew your first network map, with "
                f"{_plural(newest.members.count(), 'person or place', 'people or places')}."
            )
        else:
            out.lines.append(
                f"We redrew your network map ({date_format(older.drawn_on, 'SHORT_DATE_FORMAT')} and "
                f"{date_format(newest.drawn_on, 'SHORT_DATE_FORMAT')} compared):"
            )
            out.lines.extend(compare(snapshot(older), snapshot(newest)).summary())
    return out


def _links(person: Person, covers_from: dt.date, until: dt.date) -> list[str]:
    """The person's community links in the period: what was found to try, where they started going (or
    whom they met, for a worker's contact), which links reached three and six months from the first time,
    and which stopped and why."""
    found, stopped = [], []
    started: dict[bool, list[str]] = {False: [], True: []}  # by whether the link is to a contact
    lasted: dict[tuple[bool, str], list[str]] = {}
    for link in person.community_links.order_by("created_at", "id").prefetch_related("steps"):
        steps = [(timezone.localdate(step.at), step.state) for step in link.steps.all()]
        if not steps:
            continue
        contact = link.kind == LinkKind.CONTACT
        if covers_from < steps[0][0] <= until:
            found.append(link.name)
        went = lasting.first_went(steps)
        if went is not None and covers_from < went <= until:
            started[contact].append(link.name)
        ended = lasting.stopped_on(steps)
        if ended is not None and covers_from < ended <= until:
            stopped.append(_stopped(link, went is not None and went <= ended))
        for months, words in lasting.MONTHS:
            up = lasting.point(steps, months)
            if up is not None and up.lasted and covers_from < up.on <= until:
                lasted.setdefault((contact, words), []).append(link.name)
    lines = []
    if found:
        lines.append(f"We found {_plural(len(found), 'new thing', 'new things')} to try: {_listing(found)}.")
    if started[False]:
        lines.append(f"You started going to {_listing(started[False])}.")
    if started[True]:
        lines.append(f"You met {_listing(started[True])}.")
    for _months, words in lasting.MONTHS:
        for contact, doing in ((False, "kept going to"), (True, "kept in touch with")):
            if names := lasted.get((contact, words)):
                lines.append(f"You have {doing} {_listing(names)} for {words}.")
    return lines + stopped


def _stopped(link: CommunityLink, had_gone: bool) -> str:
    """'You stopped going to the choir: cost.' or 'The walking group did not go ahead: transport.'"""
    reason = StopReason(link.stop_reason).label if link.stop_reason else ""
    reason = "" if link.stop_reason == StopReason.OTHER else reason[:1].lower() + reason[1:]
    if had_gone:
        doing = "meeting" if link.kind == LinkKind.CONTACT else "going to"
        start = f"You stopped {doing} {link.name}"
    else:
        start = f"{link.name} did not go ahead"
    return f"{start}: {reason}." if reason else f"{start}."
