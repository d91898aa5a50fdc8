"""An organisation's outcome measures as a data set for analysis: one row per person, instrument and time
point, with who completed it, every score (subscales included) or why there is none, the answers to each
item, and the person's fidelity score and group. The analysis (`analysis.py`) and the analysts' exports
(`exports.py`, which lay it out as one row per person and time point) both read this, so they can never
disagree.

People are named by a **study id** (`S-` and ten hex digits), an HMAC of the person's id under the site's
secret key: the same person has the same id in every export of this installation, and the id cannot be
turned back into the person without the database. The person's `reference` is added only when asked for;
a name never is. The worker's own words about a missed measure are left out (they may name someone): a
row says only that it was missed.

**The person's fidelity group.** A person's fidelity score is the mean of the scores of every rating of
their work with their worker (pair ratings: `FidelityRating` with this person), made with the fidelity
scale the organisation rates with now (the one it loaded last, `getters.fidelity_scale_of`) or an earlier
version of it with the same anchors and rule (`getters.comparable_scales`), by the raters
the scale's `group_by` names: the supervisor unless the scale says otherwise, as the study rated fidelity
from supervision and case notes; the worker's and the person's own ratings are in the fidelity profile
(`profile.py`), not in the groups. The group is
"high" when that mean is at or above the scale's `high_from`, else "low". Someone with no such rating is
"not rated": kept in the data set and counted in the analysis, never silently dropped. Ratings of a
worker overall (no person) do not count towards anyone's group.

**People erased.** An erased person's measures went with their record, so they are in no row. The data
set says how many of the organisation's people were erased (`erased`, counted from the tombstones
erasure leaves in the audit trail, `practice.rights.erased_count`, which name no one), so the analysis
can say they are not included rather than lose them silently.

Six queries whatever the number of people: the completions with their people, the instruments, the
fidelity scale, the pair ratings, when the work began for people lacking a follow-up (to tell "not
due yet" from missing), and the count of people erased."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from connecting_people.accounts.models import Organisation
from connecting_people.practice.models import Person
from connecting_people.practice.rights import erased_count
from connecting_people.practice.summary import work_starts

from .fidelity import FidelityScaleData
from .getters import comparable_scales, fidelity_scale_of
from .instrument import InstrumentData
from .models import BASELINE, Completion, FidelityRating, Instrument
from .schedule import add_months

HIGH, LOW, NOT_RATED = "high", "low", "not rated"
GROUPS = (HIGH, LOW, NOT_RATED)
# Why a row has no score, in the neutral words an export may carry.
SCORED, NOT_SCORED, MISSED = "scored", "too many items missing", "missed"
STATUSES = (SCORED, NOT_SCORED, MISSED)


def study_id(person_id: int) -> str:
    """The person's pseudonymous id in analyses and exports: meaningless without the database, and stable
    across exports for as long as the site keeps its master key (which, unlike SECRET_KEY, is never rotated:
    it wraps every person's own key), so an analyst can join this year's export to last year's."""
    secret = settings.CPI_MASTER_KEY
    return (
        "S-"
        + salted_hmac("connecting_people.measures.study_id", str(person_id), secret=secret).hexdigest()[:10]
    )


@dataclass(frozen=True)
class Row:
    person_id: int  # for joining inside the program only; never exported
    study_id: str
    reference: str  # empty unless the reference was asked for
    instrument: str  # the instrument's key
    instrument_version: str
    months: int  # the time point: 0 is the baseline
    completed_on: dt.date | None
    completed_by: str  # a CompletedBy value
    status: str  # one of STATUSES
    scores: dict[str, Fraction | None]  # score key -> value; None: no score (see status)
    answers: dict[str, int | None]  # item key -> the answer as given; None: not answered
    fidelity: Fraction | None
    group: str  # one of GROUPS


@dataclass(frozen=True)
class Dataset:
    organisation: str
    # by key: the newest version anyone finished (or, with none finished, recorded as missed)
    instruments: dict[str, InstrumentData]
    # by (key, version), in the order they were loaded: every version anyone finished or recorded as
    # missed, so that each row can be read with its own (the exports, the analysis)
    versions: dict[tuple[str, str], InstrumentData]
    # by (key, version): True when that version is not ours (its item texts are licensed)
    licensed: dict[tuple[str, str], bool]
    scale: FidelityScaleData | None
    rows: list[Row] = field(default_factory=list)
    not_rated: int = 0  # people in the data set with no pair rating
    # (person id, instrument key, months): follow-ups someone has no row for because they are not due yet,
    # so they are not counted as missing
    not_due: frozenset[tuple[int, str, int]] = frozenset()
    erased: int = 0  # the organisation's people erased (at their request): in no row, counted only


def not_due_yet(rows: list[Row], today: dt.date) -> frozenset[tuple[int, str, int]]:
    """The follow-ups (of those anyone in the organisation reached) that people have no row for and that
    are not due yet by when their work began. One query, for the people lacking one only."""
    months: dict[str, set[int]] = defaultdict(set)
    people: dict[str, set[int]] = defaultdict(set)
    have = set()
    for r in rows:
        months[r.instrument].add(r.months)
        people[r.instrument].add(r.person_id)
        have.add((r.person_id, r.instrument, r.months))
    lacking = [
        (p, key, m)
        for key, found in months.items()
        for m in found
        if m != BASELINE
        for p in people[key]
        if (p, key, m) not in have
    ]
    if not lacking:
        return frozenset()
    starts = work_starts(
        Person.objects.filter(pk__in={p for p, _, _ in lacking}).only(
            "pk", "organisation_id", "consent_to_work_on", "created_at"
        )
    )
    return frozenset((p, key, m) for p, key, m in lacking if add_months(starts[p][1], m) > today)


@lru_cache(maxsize=65536)
def exact(text: str) -> Fraction:
    """A stored exact value ('7/2') as a Fraction. Parsing a Fraction from text is slow and the same few
    hundred values recur across thousands of rows, so each distinct text is parsed once."""
    return Fraction(text)


def person_fidelity(scale_ids: list[int], people: set[int], raters: tuple[str, ...]) -> dict[int, Fraction]:
    """Person id -> the mean of their pair ratings' scores with the scales `scale_ids` (the current scale
    and its comparable versions) by the `raters` (the scale's `group_by` roles) (one query)."""
    if not scale_ids or not people:
        return {}
    scores: dict[int, list[Fraction]] = defaultdict(list)
    rows = (
        FidelityRating.objects.filter(scale_id__in=scale_ids, person__isnull=False, rater_role__in=raters)
        .exclude(score="")
        .values_list("person_id", "score")
        .order_by()
    )
    for person_id, score in rows:
        if person_id in people:
            scores[person_id].append(exact(score))
    return {p: sum(s, Fraction(0)) / len(s) for p, s in scores.items()}


def _status(missed_reason: str, scores: dict[str, Fraction | None]) -> str:
    if missed_reason:
        return MISSED
    return SCORED if any(v is not None for v in scores.values()) else NOT_SCORED


def organisation_dataset(
    organisation: Organisation,
    *,
    with_reference: bool = False,
    for_analysis: bool = False,
    today: dt.date | None = None,
) -> Dataset:
    """Every finished or missed measure of the organisation's people (one started and not finished is not
    a result yet, and is left out). Callers reach this through `getters.organisation_for_analysis`.

    `for_analysis` reads only what the analysis uses: no answers and no study ids (rows have {} and ""),
    because decoding every answer and keying every id cost more than the statistics do."""
    answers_field = "months" if for_analysis else "answers"  # for the analysis, a cheap column stands in
    raw = list(
        Completion.objects.filter(instrument__organisation=organisation, person__organisation=organisation)
        .exclude(finished_on__isnull=True, missed_reason="")
        .values_list(
            "person_id",
            "person__reference",
            "instrument_id",
            "months",
            "finished_on",
            "completed_by",
            "missed_reason",
            "scores",
            answers_field,
        )
        .order_by()  # in no order: the exports sort their rows, the analysis needs none
    )
    versions = {
        i.pk: i
        for i in Instrument.objects.filter(pk__in={r[2] for r in raw}).only(
            "key", "version", "ours", "source"
        )
    }
    loaded = sorted(versions.values(), key=lambda i: i.pk)  # in the order they were loaded
    by_version = {(i.key, i.version): i.definition() for i in loaded}
    finished = {r[2] for r in raw if r[4] is not None}
    definitions: dict[str, InstrumentData] = {}
    # the newest loaded wins, a version only ever recorded as missed only when none was finished
    for instrument in sorted(loaded, key=lambda i: i.pk in finished):
        definitions[instrument.key] = by_version[instrument.key, instrument.version]
    scale = fidelity_scale_of(organisation.pk)
    people = {r[0] for r in raw}
    data = scale.definition() if scale else None
    means = person_fidelity(comparable_scales(scale) if scale else [], people, data.group_by if data else ())
    ids = {p: "" if for_analysis else study_id(p) for p in people}
    groups = {
        p: NOT_RATED
        if (mean := means.get(p)) is None or data is None
        else HIGH
        if data.is_high(mean)
        else LOW
        for p in people
    }
    rows = []
    for (
        person_id,
        reference,
        instrument_id,
        months,
        finished_on,
        completed_by,
        missed,
        scores,
        answers,
    ) in raw:
        instrument = versions[instrument_id]
        values = {k: None if v is None else exact(v) for k, v in (scores or {}).items()}
        rows.append(
            Row(
                person_id=person_id,
                study_id=ids[person_id],
                reference=reference if with_reference else "",
                instrument=instrument.key,
                instrument_version=instrument.version,
                months=months,
                completed_on=finished_on,
                completed_by=completed_by,
                status=_status(missed, values),
                scores=values,
                answers={} if for_analysis else dict(answers or {}),
                fidelity=means.get(person_id),
                group=groups[person_id],
            )
        )
    return Dataset(
        organisation=organisation.name,
        instruments=definitions,
        versions=by_version,
        licensed={(i.key, i.version): not i.ours for i in versions.values()},
        scale=data,
        rows=rows,
        not_rated=len(people - set(means)),
        not_due=not_due_yet(rows, today or timezone.localdate()),
        erased=erased_count(organisation.pk),
    )
