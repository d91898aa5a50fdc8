"""The demo's high-versus-low fidelity analysis (issue 16): Harbourside (fictitious) loads the project's own
fidelity scale, and twelve more invented people, who began working with Wren seven months ago, have the
connections check at baseline, 3 and 6 months, and a supervisor's rating of Wren's work with each of them:
six rated high fidelity and six low, so the analysis page has two groups to compare. One person in each
group was not reached at 6 months (recorded as missed). Indy and Jules keep their measures and are not
rated, so they show as "not rated". Every name and answer is invented; everything goes through the same
actions as the pages.

`self_ratings` then gives Wren's fidelity profile something beside the supervisor's: Wren rates their own
practice overall (four months ago and last month) and with Indy, and Indy rates Wren from their own account.
These are not supervisor ratings, so Indy stays "not rated" in the analysis."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from connecting_people.measures.actions import (
    do_complete,
    do_load_fidelity_scale,
    do_rate_fidelity,
    do_record_missed,
)
from connecting_people.measures.getters import fidelity_scale_of
from connecting_people.measures.models import Instrument, RaterRole
from connecting_people.measures.schedule import add_months
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person

from .state import World

DATA_DIR = Path(__file__).resolve().parent.parent / "measures" / "data"
MISSED = "Could not be reached at six months, after three tries (invented for the demo)."

# reference, name, fidelity rating per statement (0 to 4), connections check level at 0, 3 and 6 months
# (1 to 5; None: missed). Six statements are answered round the level with the same small wobble.
PEOPLE: list[tuple[str, str, int, tuple[int, int, int | None]]] = [
    ("HAR-0011", "Arlo Penwarden", 3, (2, 3, 4)),
    ("HAR-0012", "Bea Tremayne", 4, (2, 3, 3)),
    ("HAR-0013", "Cass Polglaze", 3, (1, 2, 3)),
    ("HAR-0014", "Dara Kitto", 3, (3, 4, 4)),
    ("HAR-0015", "Esme Rosewarne", 4, (2, 4, 4)),
    ("HAR-0016", "Fen Carlyon", 3, (2, 3, None)),
    ("HAR-0017", "Gil Trethewey", 1, (2, 2, 3)),
    ("HAR-0018", "Hal Menadue", 2, (3, 3, 3)),
    ("HAR-0019", "Ivo Pascoe", 1, (2, 3, 2)),
    ("HAR-0020", "Jem Nancarrow", 1, (2, 2, 2)),
    ("HAR-0021", "Kit Angove", 2, (3, 3, 4)),
    ("HAR-0022", "Lux Treloar", 1, (1, 2, None)),
]
WOBBLE = [(0, 1, 0, 0, -1, 0), (1, 0, 0, -1, 0, 1), (0, 0, 1, 0, 1, -1)]


def _answers(instrument: Instrument, level: int, n: int) -> dict[str, int | None]:
    items = instrument.definition().items
    out: dict[str, int | None] = {}
    for item, step in zip(items, WOBBLE[n % len(WOBBLE)], strict=True):
        value = min(5, max(1, level + step))
        out[item.key] = 6 - value if item.reverse else value
    return out


def fidelity_groups(world: World) -> None:
    today = timezone.localdate()
    organisation, manager, worker = (
        world.organisations["harbourside"],
        world.users["manager"],
        world.users["worker"],
    )
    scale, _ = do_load_fidelity_scale(
        manager, organisation, (DATA_DIR / "fidelity_scale.yaml").read_text("utf-8")
    )
    items = [i.key for i in scale.definition().items]
    check = Instrument.objects.get(organisation=organisation, key="connections-check")
    for n, (reference, name, rating, levels) in enumerate(PEOPLE):
        began = add_months(today, -7) - dt.timedelta(days=n)
        person = do_save_person(
            worker,
            Person(reference=reference, full_name=name, organisation=organisation, consent_to_work_on=began),
            [worker],
        )
        world.people[reference] = person
        for months, level in zip((0, 3, 6), levels, strict=True):
            if level is None:
                do_record_missed(worker, person, check, months, MISSED)
                continue
            done = add_months(began, months) + dt.timedelta(days=3)
            do_complete(worker, person, check, months, _answers(check, level, n + months), finished_on=done)
        # One statement a notch off the rest, so scores are not all whole numbers.
        ratings = {key: rating if i else max(0, rating - 1) for i, key in enumerate(items)}
        do_rate_fidelity(manager, scale, worker, person, RaterRole.SUPERVISOR, ratings, add_months(began, 4))


# (months ago, Wren's own rating of each statement of the scale, in its order): overall, then with Indy.
WREN_OVERALL = [(4, (3, 2, 2, 1, 2, 2, 3, 1)), (1, (3, 3, 3, 2, 3, 2, 3, 2))]
WREN_WITH_INDY = (4, 3, 3, 2, 3, 3, 3, 2)
# Indy's answers in the scale's plain words: 4 "Always", 3 "Mostly", 2 "Sometimes"; one left as "I don't
# know".
INDY_ON_WREN: tuple[int | None, ...] = (4, 3, 4, 3, 2, 3, 3, None)


def self_ratings(world: World) -> None:
    today = timezone.localdate()
    worker, individual = world.users["worker"], world.users["individual"]
    indy = world.people["HAR-0001"]
    scale = fidelity_scale_of(world.organisations["harbourside"].pk)
    assert scale is not None  # loaded by fidelity_groups
    items = [i.key for i in scale.definition().items]
    for months, given in WREN_OVERALL:
        ratings: dict[str, int | None] = dict(zip(items, given, strict=True))
        do_rate_fidelity(worker, scale, worker, None, RaterRole.WORKER, ratings, add_months(today, -months))
    with_indy: dict[str, int | None] = dict(zip(items, WREN_WITH_INDY, strict=True))
    do_rate_fidelity(worker, scale, worker, indy, RaterRole.WORKER, with_indy, today - dt.timedelta(days=9))
    indy_says: dict[str, int | None] = dict(zip(items, INDY_ON_WREN, strict=True))
    do_rate_fidelity(
        individual, scale, worker, indy, RaterRole.PERSON, indy_says, today - dt.timedelta(days=6)
    )
