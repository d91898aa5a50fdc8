"""The demo's outcome measures: Harbourside (fictitious) loads the project's own two instruments and asks
for them at the start of the work and at 3, 6 and 12 months. Indy has a baseline and two follow-ups that
show change; Jules has a baseline and a 3-month check with the checklist recorded as not done, and the
6-month measures are due in five days; Casey's baseline is due now. Every answer is invented, and everything
goes through the same actions as the pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from connecting_people.measures.actions import do_complete, do_load_instrument, do_record_missed, do_schedule
from connecting_people.measures.instrument import InstrumentData
from connecting_people.measures.schedule import add_months
from connecting_people.practice.actions import do_save_person

from .state import World

DATA_DIR = Path(__file__).resolve().parent.parent / "measures" / "data"
FOLLOW_UPS = [3, 6, 12]

# reference: (consent to work together this many months ago, plus days, {instrument key: {months: answers
# or the reason it was not done}})
# Connections check: one answer from 1 (never) to 5 (always) per statement, in order; the fourth is worded
# the other way round. Resource checklist: 1 (yes) or 0 (no) per kind of help, in order.
ANSWERS: dict[str, tuple[int, int, dict[str, dict[int, list[int] | str]]]] = {
    "HAR-0001": (
        7,
        0,
        {
            "connections-check": {0: [2, 1, 2, 4, 1, 2], 3: [3, 3, 3, 3, 2, 2], 6: [4, 4, 3, 2, 4, 3]},
            "resource-checklist": {
                0: [0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0],
                3: [1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0],
                6: [1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0],
            },
        },
    ),
    "HAR-0002": (
        6,
        5,
        {
            "connections-check": {0: [2, 2, 1, 4, 2, 1], 3: [2, 3, 2, 3, 2, 2]},
            "resource-checklist": {
                0: [1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0],
                3: "Jules was away visiting family and we ran out of time for the checklist.",
            },
        },
    ),
}


def _answers(definition: InstrumentData, values: list[int]) -> dict[str, int | None]:
    return {item.key: value for item, value in zip(definition.items, values, strict=True)}


def measures(world: World) -> None:
    today = timezone.localdate()
    organisation, manager, worker = (
        world.organisations["harbourside"],
        world.users["manager"],
        world.users["worker"],
    )
    loaded = {}
    for name in ("connections_check.yaml", "resource_checklist.yaml"):
        text = (DATA_DIR / name).read_text(encoding="utf-8")
        instrument, _ = do_load_instrument(manager, organisation, text)
        do_schedule(manager, organisation, instrument, FOLLOW_UPS)
        loaded[instrument.key] = instrument
    for reference, (months_ago, days, by_instrument) in ANSWERS.items():
        person = world.people[reference]
        person.consent_to_work_on = add_months(today, -months_ago) + dt.timedelta(days=days)
        do_save_person(worker, person)
        for key, points in by_instrument.items():
            instrument = loaded[key]
            definition = instrument.definition()
            for months, given in points.items():
                if isinstance(given, str):
                    do_record_missed(worker, person, instrument, months, given)
                    continue
                answered_on = min(add_months(person.consent_to_work_on, months) + dt.timedelta(days=4), today)
                do_complete(
                    worker, person, instrument, months, _answers(definition, given), finished_on=answered_on
                )
