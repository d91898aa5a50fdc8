"""One timeline per person: sessions, goals agreed and reached, next steps done, maps drawn and reviews,
newest first, built from a fixed number of queries whatever the length of the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import GoalStatus

KINDS = {"session": "Session", "goal": "Goal", "step": "Next step", "map": "Map", "review": "Review"}


@dataclass
class Event:
    date: dt.date
    kind: str  # one of KINDS
    title: str
    obj: Any = None
    detail: str = ""
    order: int = 0  # breaks ties on one day: reviews last, sessions first


def timeline(*, sessions: list[Any], goals: list[Any], maps: list[Any], reviews: list[Any]) -> list[Event]:
    """Every dated thing on the record, from what the page has already loaded (page.person_page: goals
    with their .steps, sessions without private reflections when the person is looking)."""
    events: list[Event] = []
    for s in sessions:
        events.append(Event(s.date, "session", f"Session, {s.get_status_display().lower()}", s, order=0))
    for g in goals:
        events.append(
            Event(g.created_at.date(), "goal", f"Goal agreed: {g.title}", g, detail=g.own_words, order=1)
        )
        if g.status != GoalStatus.ACTIVE and g.status_changed_on:
            events.append(
                Event(
                    g.status_changed_on,
                    "goal",
                    f"Goal {g.get_status_display().lower()}: {g.title}",
                    g,
                    order=2,
                )
            )
        for a in g.steps:
            if a.done_at is not None:
                events.append(
                    Event(
                        a.done_at.date(),
                        "step",
                        f"Done: {a.description}",
                        a,
                        detail=f"For the goal “{g.title}” ({a.get_owner_display().lower()})",
                        order=3,
                    )
                )
    for m in maps:
        events.append(
            Event(m.drawn_on, "map", "Network map drawn" + (" again" if m.based_on_id else ""), m, order=4)
        )
    for r in reviews:
        events.append(Event(r.held_on, "review", "Review", r, order=5))
    events.sort(key=lambda e: (e.date, e.order, getattr(e.obj, "pk", 0)), reverse=True)
    return events
