"""Changes to outcome measures, each audited in its own transaction: loading an instrument, an
organisation's schedule, and a person's answers, scores and personal links. Anything that changes what is
due keeps the person's `measures_due` column in the same transaction (practice/summary.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TypeVar

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit
from connecting_people.consult.tokens import new_token
from connecting_people.core.jobs import enqueue
from connecting_people.interventions.models import Component, ModelVersion, VersionStatus
from connecting_people.practice.models import Person
from connecting_people.practice.summary import refresh_measures_due

from . import fidelity, scoring
from .dataset import organisation_dataset
from .exports import ExportFile, export_files, table, time_points
from .instrument import InstrumentData, parse
from .models import (
    CompletedBy,
    Completion,
    FidelityRating,
    FidelityScale,
    FidelityScaleItem,
    Instrument,
    MeasureLink,
    RaterRole,
    ScheduledMeasure,
)

LINK_DAYS = 14  # how long a personal link to complete a measure works
REFRESH_CHUNK = 1000
FOLLOW_UP_MAX = 120  # months: ten years


class MeasureError(Exception):
    pass


Loaded = TypeVar("Loaded", Instrument, FidelityScale)


def _loaded_before(
    objects: QuerySet[Loaded],
    organisation: Organisation,
    data: InstrumentData | fidelity.FidelityScaleData,
    kept: str,
) -> Loaded | None:
    """The same version of the file loaded before (locked, in the caller's transaction), or None. A loaded
    version never changes, because what was made with it (`kept`: scores, ratings) keeps its version: the
    same key and version with other contents is refused."""
    existing = (
        objects.select_for_update()
        .filter(organisation=organisation, key=data.key, version=data.version)
        .first()
    )
    if existing is not None and existing.definition() != data:
        raise MeasureError(
            f"Version {data.version} of “{data.title}” is already loaded with different items or scoring; "
            f"give the changed file a new version, so {kept} keep the version they were made with."
        )
    return existing


def do_load_instrument(
    acting_user: User | None, organisation: Organisation, text: str, *, licence_held: bool = False
) -> tuple[Instrument, bool]:
    """Load an instrument file for an organisation; returns the instrument and whether it is new. Raises
    InstrumentFileError (every problem by line) or MeasureError, writing nothing. A measure that is not
    ours needs someone to confirm the organisation holds its licence. A version once loaded never changes,
    because scores keep the version they were made with: new wording is a new version."""
    data = parse(text)
    _require_licence(data, organisation, licence_held)
    with transaction.atomic():
        existing = _loaded_before(Instrument.objects.all(), organisation, data, "scores")
        if existing is not None:
            return existing, False
        loaded = Instrument(
            organisation=organisation,
            key=data.key,
            version=data.version,
            title=data.title,
            ours=data.ours,
            licence_note=data.licence,
            source=text,
        )
        _confirm_licence(acting_user, loaded)
        return save_with_audit(acting_user, loaded, Instrument.AUDITED_FIELDS), True


def _require_licence(
    data: InstrumentData | fidelity.FidelityScaleData, organisation: Organisation, licence_held: bool
) -> None:
    """A file not written by this project is loaded only once someone confirms the licence is held."""
    if not data.ours and not licence_held:
        raise MeasureError(
            f"“{data.title}” is not written by the Connecting People project ({data.licence}). Load it only "
            f"if {organisation.name} holds a licence to use it, and confirm that you have checked."
        )


def _confirm_licence(acting_user: User | None, loaded: Instrument | FidelityScale) -> None:
    if not loaded.ours:
        loaded.licence_confirmed_at = timezone.now()
        loaded.licence_confirmed_by = acting_user if getattr(acting_user, "pk", None) else None


def do_load_measure_file(
    acting_user: User | None, organisation: Organisation, text: str, *, licence_held: bool = False
) -> tuple[Instrument | FidelityScale, bool]:
    """Load an instrument or a fidelity scale file, whichever its schema line says (the one path for the
    command and the manager's page); returns what was loaded and whether it is new."""
    if fidelity.schema_of(text) == fidelity.SCHEMA:
        return do_load_fidelity_scale(acting_user, organisation, text, licence_held=licence_held)
    return do_load_instrument(acting_user, organisation, text, licence_held=licence_held)


def refresh_organisation(organisation_id: int) -> int:
    """Work out again when everyone in the organisation has a measure due (after its schedule changed), a
    thousand people per transaction. A background job for a large organisation; safe to run twice."""
    ids = list(
        Person.objects.filter(organisation_id=organisation_id).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), REFRESH_CHUNK):
        with transaction.atomic():
            refresh_measures_due(ids[start : start + REFRESH_CHUNK])
    return len(ids)


def _refresh_organisation(organisation_id: int) -> None:
    """At once for an organisation of up to REFRESH_CHUNK people (in the caller's transaction); beyond
    that in a background job once the change commits, so a manager's save does not wait on everyone."""
    if Person.objects.filter(organisation_id=organisation_id).count() <= REFRESH_CHUNK:
        refresh_organisation(organisation_id)
    else:
        enqueue("connecting_people.measures.actions.refresh_organisation", organisation_id)


def do_schedule(
    acting_user: User | None, organisation: Organisation, instrument: Instrument, follow_up_months: list[int]
) -> ScheduledMeasure:
    """Ask everyone in the organisation to complete `instrument` at the start of the work and after each
    number of months given (replacing the months, or the version, already scheduled for its key)."""
    if instrument.organisation_id != organisation.pk:
        raise MeasureError("That instrument is not loaded for this organisation.")
    months = sorted(set(follow_up_months))
    if any(m < 1 or m > FOLLOW_UP_MAX for m in months):
        raise MeasureError(f"Follow-ups are whole numbers of months from 1 to {FOLLOW_UP_MAX}.")
    with transaction.atomic():
        scheduled = (
            ScheduledMeasure.objects.select_for_update()
            .filter(organisation=organisation, instrument__key=instrument.key)
            .first()
        ) or ScheduledMeasure(organisation=organisation)
        scheduled.instrument = instrument
        scheduled.follow_up_months = months
        save_with_audit(acting_user, scheduled, ScheduledMeasure.AUDITED_FIELDS)
        _refresh_organisation(organisation.pk)
    return scheduled


def do_unschedule(acting_user: User | None, scheduled: ScheduledMeasure) -> None:
    """Stop asking for an instrument; what was completed stays."""
    with transaction.atomic():
        delete_with_audit(acting_user, scheduled, ScheduledMeasure.AUDITED_FIELDS)
        _refresh_organisation(scheduled.organisation_id)


def _check_completer(instrument: Instrument, completed_by: str, proxy: str) -> None:
    allowed = instrument.definition().completed_by
    if completed_by not in CompletedBy.values:
        raise MeasureError("Say who is answering.")
    # The worker answers with the person: the instrument says whether the person may answer it.
    needed = "person" if completed_by == CompletedBy.WORKER else completed_by
    if needed not in allowed:
        raise MeasureError(
            f"“{instrument.title}” cannot be completed by {CompletedBy(completed_by).label.lower()}."
        )
    if completed_by == CompletedBy.PROXY and not proxy.strip():
        raise MeasureError("Say who answered for the person (for example “her sister”).")


def do_start(
    acting_user: User | None,
    person: Person,
    instrument: Instrument,
    months: int,
    completed_by: str,
    proxy: str = "",
) -> Completion:
    """The person's completion of `instrument` at this time point, started now if it was not (answers
    already given are kept, so someone can stop and carry on later)."""
    if instrument.organisation_id != person.organisation_id:
        raise MeasureError("That instrument is not loaded for this person's organisation.")
    _check_completer(instrument, completed_by, proxy)
    with transaction.atomic():
        found = (
            Completion.objects.select_for_update()
            .select_related("instrument")
            .filter(person=person, instrument__key=instrument.key, months=months)
            .first()
        )
        if found is not None:
            if found.finished_on or found.missed_reason:
                raise MeasureError(f"“{instrument.title}” at {found.time_point.lower()} is already recorded.")
            if (found.completed_by, found.proxy) != (completed_by, proxy.strip()):
                found.completed_by, found.proxy = completed_by, proxy.strip()
                save_with_audit(acting_user, found, Completion.AUDITED_FIELDS)
            return found
        completion = Completion(
            person=person,
            instrument=instrument,
            months=months,
            completed_by=completed_by,
            proxy=proxy.strip() if completed_by == CompletedBy.PROXY else "",
            recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        return save_with_audit(acting_user, completion, Completion.AUDITED_FIELDS)


def _still_open(completion: Completion) -> None:
    if completion.finished_on or completion.missed_reason:
        raise MeasureError("This measure is already finished; its answers can no longer be changed.")


def do_answer(
    acting_user: User | None, completion: Completion, item_key: str, value: int | None, *, note: str = ""
) -> Completion:
    """Save one answer as it is given (None: skipped). An answer outside the item's responses or range is
    refused with a message (scoring.AnswerError) and nothing is saved."""
    _still_open(completion)
    scoring.check_answers(completion.instrument.definition(), {item_key: value})
    with transaction.atomic():
        answers = dict(completion.answers)
        if value is None:
            answers.pop(item_key, None)
        else:
            answers[item_key] = value
        completion.answers = answers
        return save_with_audit(acting_user, completion, Completion.AUDITED_FIELDS, note=note)


def do_finish(
    acting_user: User | None, completion: Completion, finished_on: dt.date | None = None, *, note: str = ""
) -> Completion:
    """Finish a completion: score it (each score only when the missing-item rule allows) and take the time
    point off what is due."""
    _still_open(completion)
    results = scoring.score(completion.instrument.definition(), completion.answers)
    with transaction.atomic():
        completion.scores = {r.key: None if r.value is None else str(r.value) for r in results}
        completion.finished_on = finished_on or timezone.localdate()
        save_with_audit(acting_user, completion, Completion.AUDITED_FIELDS, note=note)
        MeasureLink.objects.filter(completion=completion, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        refresh_measures_due([completion.person_id])
    return completion


def do_complete(
    acting_user: User | None,
    person: Person,
    instrument: Instrument,
    months: int,
    answers: Mapping[str, int | None],
    *,
    completed_by: str = CompletedBy.WORKER,
    proxy: str = "",
    finished_on: dt.date | None = None,
) -> Completion:
    """All the answers at once (the worker's form, or the demo), then finished and scored: nothing is saved
    when an answer is out of range."""
    definition = instrument.definition()
    given = {k: v for k, v in answers.items() if v is not None}
    scoring.check_answers(definition, given)
    with transaction.atomic():
        completion = do_start(acting_user, person, instrument, months, completed_by, proxy)
        completion.answers = given
        save_with_audit(acting_user, completion, Completion.AUDITED_FIELDS)
        return do_finish(acting_user, completion, finished_on)


def do_record_missed(
    acting_user: User | None, person: Person, instrument: Instrument, months: int, reason: str
) -> Completion:
    """Record that a time point was not completed, and why, so it is reported as missing, not hidden."""
    if not reason.strip():
        raise MeasureError("Say why the measure was not completed.")
    with transaction.atomic():
        completion = (
            Completion.objects.select_for_update()
            .filter(person=person, instrument__key=instrument.key, months=months)
            .first()
        ) or Completion(person=person, instrument=instrument, months=months, completed_by=CompletedBy.WORKER)
        _still_open(completion)
        completion.missed_reason = reason.strip()[:300]
        if completion.recorded_by_id is None and getattr(acting_user, "pk", None):
            completion.recorded_by = acting_user
        save_with_audit(acting_user, completion, Completion.AUDITED_FIELDS)
        refresh_measures_due([person.pk])
    return completion


def do_make_link(acting_user: User | None, completion: Completion, days: int = LINK_DAYS) -> str:
    """A personal link for the person to complete this measure on their own phone; returns the token,
    which is shown once and never stored. Earlier links to the same measure stop working."""
    _still_open(completion)
    if completion.completed_by != CompletedBy.PERSON:
        raise MeasureError("A personal link is for the person to answer on their own.")
    token, token_hash = new_token()
    with transaction.atomic():
        now = timezone.now()
        for old in MeasureLink.objects.select_related("completion__instrument").filter(
            completion=completion, withdrawn_at__isnull=True
        ):
            old.withdrawn_at = now
            save_with_audit(acting_user, old, MeasureLink.AUDITED_FIELDS, note="replaced by a new link")
        link = MeasureLink(
            completion=completion,
            token_hash=token_hash,
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
            expires_at=now + dt.timedelta(days=days),
        )
        save_with_audit(acting_user, link, MeasureLink.AUDITED_FIELDS)
    return token


def do_record_scores_view(acting_user: User | None, person: Person, what: str = "measure scores") -> None:
    """Every look at a person's scores is in the audit trail."""
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, person, note=f"viewed {what}")


def do_record_fidelity_view(acting_user: User | None, worker: User, person: Person | None = None) -> None:
    """Every look at a worker's fidelity profile is in the audit trail; a pair's, with the person as its
    subject, as any look at a person's scores."""
    with transaction.atomic():
        if person is not None:
            log.record(
                acting_user, log.Action.VIEW, person, note=f"viewed fidelity profile of worker {worker.pk}"
            )
        else:
            log.record(
                acting_user,
                log.Action.VIEW,
                object_type="measures.fidelity_profile",
                object_id=str(worker.pk),
                organisation_id=worker.organisation_id,
                note="viewed a worker's fidelity profile",
            )


def do_load_fidelity_scale(
    acting_user: User | None, organisation: Organisation, text: str, *, licence_held: bool = False
) -> tuple[FidelityScale, bool]:
    """Load a fidelity file for an organisation; returns the scale and whether it is new. Every item must
    point at a component of the published model version; otherwise FidelityFileError names each item, and
    nothing is written. As with instruments, a scale not written by this project needs its licence
    confirmed, and a loaded version never changes."""
    data = fidelity.parse(text)
    _require_licence(data, organisation, licence_held)
    version = (
        ModelVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-published_at", "-id").first()
    )
    if version is None:
        raise MeasureError(
            "There is no published model version yet, so a fidelity scale has nothing to rate."
        )
    known = set(Component.objects.filter(version=version).values_list("key", flat=True))
    if data.unknown_components(known):
        raise fidelity.unknown_component_error(data, known, version.label)
    with transaction.atomic():
        existing = _loaded_before(FidelityScale.objects.all(), organisation, data, "ratings")
        if existing is not None:
            return existing, False
        scale = FidelityScale(
            organisation=organisation,
            key=data.key,
            version=data.version,
            title=data.title,
            ours=data.ours,
            licence_note=data.licence,
            model_version=version,
            source=text,
        )
        _confirm_licence(acting_user, scale)
        save_with_audit(acting_user, scale, FidelityScale.AUDITED_FIELDS)
        components = dict(Component.objects.filter(version=version).values_list("key", "pk"))
        FidelityScaleItem.objects.bulk_create(
            FidelityScaleItem(scale=scale, key=i.key, component_id=components[i.component])
            for i in data.items
        )
        return scale, True


def do_rate_fidelity(
    acting_user: User | None,
    scale: FidelityScale,
    worker: User,
    person: Person | None,
    rater_role: str,
    ratings: Mapping[str, int | None],
    rated_on: dt.date,
) -> FidelityRating:
    """Record a fidelity rating of a worker with one person (or of the worker overall, with no person):
    each item's rating must be one of the scale's values, the role must be one the scale allows, and the
    worker must work with the person. The score is the scale's mean, kept exactly."""
    data = scale.definition()
    if rater_role not in data.rated_by:
        raise MeasureError(f"“{data.title}” is not rated by the {rater_role}.")
    if worker.organisation_id != scale.organisation_id:
        raise MeasureError("That worker is not in this organisation.")
    if person is not None and not person.workers.filter(pk=worker.pk).exists():
        raise MeasureError("That worker does not work with this person.")
    # A self-rating is the rater's own: a worker rates only their own practice, a person only their worker.
    acting_id = getattr(acting_user, "pk", None)
    if rater_role == RaterRole.WORKER and acting_id is not None and acting_id != worker.pk:
        raise MeasureError("A worker rates only their own practice.")
    if rater_role == RaterRole.PERSON and (
        person is None or (acting_id is not None and person.account_id != acting_id)
    ):
        raise MeasureError("The person supported rates their own worker, from their own account.")
    keys = {i.key for i in data.items}
    unknown = sorted(set(ratings) - keys)
    if unknown:
        raise MeasureError(f"There is no item {', '.join(repr(k) for k in unknown)} in “{data.title}”.")
    given = {k: v for k, v in ratings.items() if v is not None}
    wrong = [k for k, v in given.items() if v not in data.values]
    if wrong:
        shown = ", ".join(str(v) for v in data.values)
        raise MeasureError(f"A rating is one of {shown}; {', '.join(wrong)} is not.")
    score = data.score(given)
    if score is None:
        raise MeasureError(
            f"Rate at least {len(data.items) - data.missing_allowed} of the {len(data.items)} items to give "
            "a score."
        )
    with transaction.atomic():
        rating = FidelityRating(
            scale=scale,
            worker=worker,
            person=person,
            rated_on=rated_on,
            rater=acting_user if getattr(acting_user, "pk", None) else None,
            rater_role=rater_role,
            ratings=given,
            score=str(score),
        )
        return save_with_audit(acting_user, rating, FidelityRating.AUDITED_FIELDS)


def do_export_measures(
    acting_user: User | None,
    organisations: list[Organisation],
    fmt: str,
    *,
    licence_confirmed: bool = False,
    with_reference: bool = False,
) -> list[ExportFile]:
    """The organisations' measures as files for analysts (measures/exports.py: the data and its
    dictionary), with one audit entry per organisation saying what left: how many rows (a person at a time
    point each) about how many people, in which format, pseudonymised or with references, and whether
    licensed item texts went with it."""
    datasets = [organisation_dataset(o, with_reference=with_reference) for o in organisations]
    name = slugify(organisations[0].name) if len(organisations) == 1 else "all-organisations"
    files = export_files(
        table(datasets, licence_confirmed=licence_confirmed),
        fmt,
        f"measures-{name}-{timezone.localdate().isoformat()}",
    )
    with transaction.atomic():
        for organisation, data in zip(organisations, datasets, strict=True):
            licensed = any(data.licensed.values())
            log.record(
                acting_user,
                log.Action.EXPORT,
                object_type="measures.dataset",
                object_id=str(organisation.pk),
                organisation_id=organisation.pk,
                note=(
                    f"exported {len(time_points(data))} rows about "
                    f"{len({r.person_id for r in data.rows})} people as "
                    f"{fmt}, {'with references' if with_reference else 'pseudonymised'}"
                    + (
                        (
                            "; licensed item texts "
                            f"{'included, licence confirmed' if licence_confirmed else 'withheld'}"
                        )
                        if licensed
                        else ""
                    )
                ),
            )
    return files
