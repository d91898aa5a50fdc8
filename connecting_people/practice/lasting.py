"""When a community link lasted: one rule for the person's review summary and the commissioner report.

A link *lasted* some months when the person went (attended, or was marked as continuing) and that many
months after the first time they went it had not stopped. The months count from the first time they went,
not from the suggestion or the introduction: an introduction that never led anywhere did not last, and a
link stopped on the very day its months were up still counts as having lasted them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from connecting_people.measures.schedule import add_months

from .models import LinkState

WENT = (LinkState.ATTENDED, LinkState.CONTINUING)
MONTHS = ((3, "three months"), (6, "six months"))

Steps = Sequence[tuple[dt.date, str]]  # a link's steps in order: (the day, the state it moved to)


@dataclass(frozen=True)
class Point:
    on: dt.date  # the day the months are up
    lasted: bool  # whether the link had not stopped before that day


def first_went(steps: Steps) -> dt.date | None:
    return next((day for day, state in steps if state in WENT), None)


def stopped_on(steps: Steps) -> dt.date | None:
    return next((day for day, state in steps if state == LinkState.STOPPED), None)


def point(steps: Steps, months: int) -> Point | None:
    """When the link's `months` are up and whether it lasted them; None when the person never went."""
    went = first_went(steps)
    if went is None:
        return None
    on = add_months(went, months)
    ended = stopped_on(steps)
    return Point(on, ended is None or ended >= on)
