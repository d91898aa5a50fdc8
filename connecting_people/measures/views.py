"""Pages for outcome measures: the organisation's schedule (managers), a person's measures (due, done, and
how their scores changed), the worker's form with the person, and one question per screen for the person,
signed in or by a personal link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from connecting_people.accounts.requests import AuthenticatedHttpRequest
from connecting_people.lib.site_url import site_reverse
from connecting_people.lib.yamlfile import Problem, decode
from connecting_people.practice.getters import get_person_for_user
from connecting_people.practice.models import Person
from connecting_people.practice.rights import erased_count
from connecting_people.practice.summary import work_starts

from . import change
from .actions import (
    MeasureError,
    do_answer,
    do_complete,
    do_export_measures,
    do_finish,
    do_load_measure_file,
    do_make_link,
    do_rate_fidelity,
    do_record_fidelity_view,
    do_record_missed,
    do_record_scores_view,
    do_schedule,
    do_start,
    do_unschedule,
)
from .analysis import CAUTION, organisation_analysis
from .analysis_format import erased_words, group_rows, test_rows
from .dataset import organisation_dataset
from .exports import MEDIA_TYPES, zipped
from .fidelity import FidelityFileError, FidelityScaleData
from .forms import (
    CompletionForm,
    ExportForm,
    FidelityRatingForm,
    MeasureFileForm,
    OwnPracticeForm,
    QuestionForm,
    RateMyWorkerForm,
    ScheduleForm,
)
from .getters import (
    LinkClosed,
    comparable_scales,
    completion_for_token,
    fidelity_scale_of,
    fidelity_scales_of,
    get_completion_for_user,
    get_pair_for_profile,
    get_person_for_fidelity,
    get_scheduled_for_user,
    get_worker_for_profile,
    instruments_of,
    organisation_for_analysis,
    organisation_for_fidelity,
    organisation_for_schedule,
    own_person_record,
    own_practice_people,
    people_rated_with,
    schedule_of,
)
from .instrument import FILE_MAX_BYTES, InstrumentFileError
from .models import CompletedBy, Completion, FidelityRating, FidelityScale, Instrument, RaterRole
from .profile import ROLE_NAMES, charts, profile_for, rater_words
from .schedule import DUE_DAYS, TimePoint, outstanding_for
from .scoring import AnswerError


@login_required
def schedule(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organisation_for_schedule(request.user)
    scheduled = {s.instrument.key: s for s in schedule_of(organisation.pk)}
    latest: dict[str, Instrument] = {}
    for instrument in instruments_of(organisation.pk).order_by("key", "loaded_at", "pk"):
        latest[instrument.key] = instrument  # the newest version of each
    form = ScheduleForm(request.POST or None)
    if request.method == "POST":
        chosen = latest.get(request.POST.get("instrument", ""))
        if chosen is None:
            raise Http404("No such instrument")
        if form.is_valid():
            try:
                do_schedule(request.user, organisation, chosen, form.cleaned_data["follow_up_months"])
            except MeasureError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Saved when “{chosen.title}” is asked for.")
                return redirect("measures:schedule")
        else:
            messages.error(request, " ".join(str(e) for e in form.errors["follow_up_months"]))
    rows = [
        {
            "instrument": instrument,
            "scheduled": scheduled.get(key),
            "months": ", ".join(str(m) for m in scheduled[key].follow_up_months)
            if key in scheduled
            else "3, 6, 12",
        }
        for key, instrument in sorted(latest.items(), key=lambda kv: kv[1].title)
    ]
    return render(request, "measures/schedule.html", {"rows": rows, "organisation": organisation})


@login_required
def files(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation's loaded instruments and fidelity scales, and loading another (a manager): the same
    load as `cpi measures load`, every problem by line and nothing written if there is one."""
    organisation = organisation_for_schedule(request.user)
    form = MeasureFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > FILE_MAX_BYTES:
                raise InstrumentFileError(
                    [Problem(0, f"the file is {upload.size:,} bytes; the limit is {FILE_MAX_BYTES:,}")]
                )
            loaded, new = do_load_measure_file(
                request.user,
                organisation,
                decode(upload.read(), FILE_MAX_BYTES, InstrumentFileError),
                licence_held=form.cleaned_data["licence_held"],
            )
        except (InstrumentFileError, FidelityFileError) as exc:
            problems = [str(p) for p in exc.problems]
        except MeasureError as exc:
            problems = [str(exc)]
        else:
            messages.success(
                request,
                f"Loaded “{loaded.title}”, version {loaded.version}."
                if new
                else f"“{loaded.title}”, version {loaded.version}, was already loaded; nothing changed.",
            )
            return redirect("measures:files")
    loaded_files = sorted(
        [("Instrument", row) for row in instruments_of(organisation.pk)]
        + [("Fidelity scale", row) for row in fidelity_scales_of(organisation.pk)],
        key=lambda pair: (pair[0], pair[1].title.casefold(), pair[1].loaded_at),
    )
    return render(
        request,
        "measures/files.html",
        {"form": form, "problems": problems, "loaded": loaded_files, "organisation": organisation},
    )


@login_required
@require_POST
def unschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scheduled = get_scheduled_for_user(request.user, pk)
    do_unschedule(request.user, scheduled)
    messages.success(
        request, f"“{scheduled.instrument.title}” is no longer asked for. What was completed stays."
    )
    return redirect("measures:schedule")


def _time_point(person: Person, key: str, months: int) -> TimePoint:
    """A time point still outstanding for this person, or 404."""
    for point in outstanding_for(work_starts([person])).get(person.pk, []):
        if point.key == key and point.months == months:
            return point
    raise Http404("That measure is not due for this person")


@login_required
def person_measures(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    do_record_scores_view(request.user, person)
    is_individual = request.user.caps.is_individual
    completions = list(
        Completion.objects.filter(person=person)
        .select_related("instrument", "recorded_by")
        .order_by("instrument__title", "months")
    )
    today = timezone.localdate()
    due = outstanding_for(work_starts([person])).get(person.pk, [])
    started = {
        (c.instrument.key, c.months): c for c in completions if not c.finished_on and not c.missed_reason
    }
    return render(
        request,
        "measures/person.html",
        {
            "person": person,
            "is_individual": is_individual,
            "can_edit": not is_individual,
            "due": [
                {
                    "point": p,
                    "started": started.get((p.key, p.months)),
                    "soon": (p.due_on - today).days <= DUE_DAYS,
                }
                for p in due
            ],
            "due_shown": [p for p in due if not is_individual or (p.due_on - today).days <= DUE_DAYS],
            "today": today,
            "charts": change.person_charts(completions, for_person=is_individual),
            "done": [c for c in completions if c.finished_on or c.missed_reason],
        },
    )


@login_required
def fill(request: AuthenticatedHttpRequest, pk: int, key: str, months: int) -> HttpResponse:
    """The worker's form with the person: every question on one page."""
    person = get_person_for_user(request.user, pk, write=True)
    point = _time_point(person, key, months)
    instrument = Instrument.objects.get(pk=point.instrument_id)
    definition = instrument.definition()
    form = CompletionForm(
        request.POST or None, instrument=definition, initial={"finished_on": timezone.localdate()}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            done = do_complete(
                request.user,
                person,
                instrument,
                months,
                form.answers(),
                completed_by=form.cleaned_data["completed_by"],
                proxy=form.cleaned_data["proxy"],
                finished_on=form.cleaned_data["finished_on"],
            )
        except AnswerError as exc:
            problems = exc.problems
        except MeasureError as exc:
            problems = [str(exc)]
        else:
            messages.success(request, f"Saved “{instrument.title}” ({done.time_point.lower()}).")
            return redirect("measures:person", pk=person.pk)
    if request.method == "GET":
        do_record_scores_view(request.user, person, f"the form for “{instrument.title}”, to fill it in")
    return render(
        request,
        "measures/fill.html",
        {"person": person, "point": point, "instrument": definition, "form": form, "problems": problems},
    )


@login_required
@require_POST
def missed(request: AuthenticatedHttpRequest, pk: int, key: str, months: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    point = _time_point(person, key, months)
    try:
        do_record_missed(
            request.user,
            person,
            Instrument.objects.get(pk=point.instrument_id),
            months,
            request.POST.get("reason", ""),
        )
    except MeasureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Recorded that “{point.title}” ({point.label.lower()}) was not completed.")
    return redirect("measures:person", pk=person.pk)


@login_required
@require_POST
def begin(request: AuthenticatedHttpRequest, pk: int, key: str, months: int) -> HttpResponse:
    """The person starts (or carries on with) a measure on their own: signed in, straight to the first
    question not yet answered; a worker instead gets a personal link to give them."""
    person = get_person_for_user(request.user, pk)
    point = _time_point(person, key, months)
    instrument = Instrument.objects.get(pk=point.instrument_id)
    try:
        completion = do_start(request.user, person, instrument, months, CompletedBy.PERSON)
        if request.user.caps.is_individual:
            return redirect("measures:question", pk=completion.pk, n=_next_unanswered(completion))
        token = do_make_link(request.user, completion)
    except MeasureError as exc:
        messages.error(request, str(exc))
        return redirect("measures:person", pk=person.pk)
    link = site_reverse("measures:link", token)
    return render(request, "measures/link_made.html", {"person": person, "point": point, "link": link})


def _next_unanswered(completion: Completion) -> int:
    items = completion.instrument.definition().items
    for n, item in enumerate(items, start=1):
        if item.key not in completion.answers:
            return n
    return len(items) + 1  # all answered: the page to check and finish


def _question(
    request: HttpRequest, completion: Completion, n: int, url: Callable[[int], str], actor: Any, done_url: str
) -> HttpResponse:
    note = "" if actor is not None else "answered through the person's personal link"
    """One question per screen, shared by the signed-in person and the personal link. Each answer is saved
    when given, so stopping and coming back carries on where they were. Screen len+1 checks and finishes."""
    definition = completion.instrument.definition()
    items = definition.items
    if n < 1 or n > len(items) + 1:
        raise Http404("No such question")
    context: dict[str, Any] = {
        "completion": completion,
        "instrument": definition,
        "n": n,
        "total": len(items),
        "back": url(n - 1) if n > 1 else "",
        "done_url": done_url,
    }
    if n == len(items) + 1:
        if request.method == "POST":
            do_finish(actor, completion, note=note)
            return render(request, "measures/thanks.html", context)
        context["answered"] = sum(1 for item in items if item.key in completion.answers)
        context["answers"] = [
            (i, item, _label(item, completion.answers.get(item.key)), url(i))
            for i, item in enumerate(items, start=1)
        ]
        return render(request, "measures/check.html", context)
    item = items[n - 1]
    form = QuestionForm(request.POST or None, item=item, initial={"answer": completion.answers.get(item.key)})
    if request.method == "POST":
        if "pause" in request.POST:
            return render(request, "measures/paused.html", context)
        if "skip" in request.POST:
            do_answer(actor, completion, item.key, None, note=note)
            return redirect(url(n + 1))
        if form.is_valid() and form.cleaned_data["answer"] is not None:
            try:
                do_answer(actor, completion, item.key, form.cleaned_data["answer"], note=note)
            except AnswerError as exc:
                form.add_error("answer", " ".join(exc.problems))
            else:
                return redirect(url(n + 1))
        elif not form.errors:
            form.add_error("answer", "Choose an answer, or press “Skip this question”.")
    context.update(form=form, item=item, percent=round(100 * (n - 1) / len(items)))
    return render(request, "measures/question.html", context)


def _label(item: Any, value: int | None) -> str:
    if value is None:
        return "Skipped"
    return next((r.label for r in item.responses if r.value == value), str(value))


@login_required
def question(request: AuthenticatedHttpRequest, pk: int, n: int) -> HttpResponse:
    completion = get_completion_for_user(request.user, pk)
    if not request.user.caps.is_individual:
        raise PermissionDenied("The person answers these questions on their own.")
    if completion.finished_on or completion.missed_reason:
        return redirect("measures:person", pk=completion.person_id)
    return _question(
        request,
        completion,
        n,
        lambda i: reverse("measures:question", args=[pk, i]),
        request.user,
        reverse("measures:person", args=[completion.person_id]),
    )


def by_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The completion a personal link opens, passed to the view; a used, withdrawn or expired link gets a
    page saying so, an unknown one a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            completion = completion_for_token(token)
        except LinkClosed as exc:
            return render(request, "measures/link_closed.html", {"message": str(exc)}, status=410)
        return view(request, token, completion, *args, **kwargs)

    return wrapper


@by_link
def link(request: HttpRequest, token: str, completion: Completion) -> HttpResponse:
    """Where the personal link lands: what this is, how long it takes, and that they can stop at any time."""
    definition = completion.instrument.definition()
    return render(
        request,
        "measures/link.html",
        {
            "completion": completion,
            "instrument": definition,
            "total": len(definition.items),
            "answered": len(completion.answers),
            "next": reverse("measures:link_question", args=[token, _next_unanswered(completion)]),
        },
    )


@by_link
def link_question(request: HttpRequest, token: str, completion: Completion, n: int) -> HttpResponse:
    return _question(
        request,
        completion,
        n,
        lambda i: reverse("measures:link_question", args=[token, i]),
        None,
        "",
    )


@login_required
def organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How much people changed since their baseline, across the organisation: counts only, never a name."""
    caps = request.user.caps
    if not caps.sees_whole_organisation_caseload or request.user.organisation_id is None:
        raise PermissionDenied("Managers see the change across their organisation.")
    return render(
        request,
        "measures/organisation.html",
        {
            "changes": change.organisation_change(request.user.organisation_id),
            "smallest_group": change.SMALLEST_GROUP,
            "erased": erased_words(erased_count(request.user.organisation_id)),
        },
    )


def _save_rating(
    request: AuthenticatedHttpRequest,
    scale: FidelityScale,
    form: FidelityRatingForm | OwnPracticeForm | RateMyWorkerForm,
    worker: Any,
    person: Person | None,
    role: RaterRole,
    rated_on: dt.date,
) -> list[str]:
    """Save a valid rating form's ratings through `do_rate_fidelity`: the refusal's words (nothing saved),
    or none when it was saved. Shared by the supervisor's, the worker's own and the person's forms."""
    try:
        do_rate_fidelity(request.user, scale, worker, person, role, form.ratings(), rated_on)
    except MeasureError as exc:
        return [str(exc)]
    return []


def _left_unrated(form: FidelityRatingForm | OwnPracticeForm) -> str:
    """Said after a saved rating when items were left "Not rated" (the form's default), so a rater who
    missed one by mistake knows, e.g. " 2 of 8 items were left not rated." """
    ratings = form.ratings()
    unrated = sum(1 for value in ratings.values() if value is None)
    if not unrated:
        return ""
    return f" {unrated} of {len(ratings)} items {'was' if unrated == 1 else 'were'} left not rated."


@login_required
def fidelity_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A supervisor rates how closely a worker's practice with this person follows the model."""
    person = get_person_for_fidelity(request.user, pk)
    scale = fidelity_scale_of(person.organisation_id)
    if scale is None:
        messages.error(
            request, "Load a fidelity scale first (Measures, then Load a file); none is loaded yet."
        )
        return redirect("measures:fidelity_person", pk=person.pk)
    data = scale.definition()
    workers = person.workers.order_by("first_name", "last_name", "pk")
    form = FidelityRatingForm(
        request.POST or None,
        scale=data,
        workers=workers,
        initial={"rated_on": timezone.localdate(), "worker": workers.first()},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["worker"]
        problems = _save_rating(
            request, scale, form, worker, person, RaterRole.SUPERVISOR, form.cleaned_data["rated_on"]
        )
        if not problems:
            messages.success(request, "Saved the fidelity rating." + _left_unrated(form))
            return redirect("measures:fidelity_person", pk=person.pk)
    if request.method == "GET":
        do_record_scores_view(request.user, person, "their workers, to rate the work's fidelity")
    return render(
        request,
        "measures/fidelity_rate.html",
        {"person": person, "scale": data, "form": form, "problems": problems},
    )


def _definitions(ratings: list[FidelityRating]) -> dict[int, FidelityScaleData]:
    """Each scale the ratings were made with, read from its file once, not once a rating."""
    scales = {r.scale_id: r.scale for r in ratings}
    return {pk: scale.definition() for pk, scale in scales.items()}


@login_required
def fidelity_person(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The fidelity profile of each worker with this person over time: score and high or low group."""
    person = get_person_for_fidelity(request.user, pk)
    scale = fidelity_scale_of(person.organisation_id)
    ratings = list(
        FidelityRating.objects.filter(person=person)
        .select_related("worker", "scale", "rater")
        .order_by("-rated_on", "-id")
    )
    definitions = _definitions(ratings)
    rows = [
        {"rating": r, "score": r.score_value, "high": definitions[r.scale_id].is_high(r.score_value)}
        for r in ratings
    ]
    do_record_scores_view(request.user, person, "fidelity ratings")
    data = scale.definition() if scale else None
    return render(
        request,
        "measures/fidelity_person.html",
        {
            "person": person,
            "scale": data,
            "low": data.values[0] if data else None,
            "high": data.values[-1] if data else None,
            "rows": rows,
        },
    )


@login_required
def fidelity_workers(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each worker's fidelity over time for a supervisor: every rating's score and high or low group, whoever
    rated, and the supervisor's average rating of each statement (the profile puts the raters side by side).
    No person is named here (that is on the person's page)."""
    organisation = organisation_for_schedule(request.user)
    scale = fidelity_scale_of(organisation.pk)
    ratings = list(
        FidelityRating.objects.filter(scale__organisation=organisation)
        .select_related("worker", "scale")
        .order_by("worker__first_name", "worker__last_name", "worker_id", "rated_on", "id")
    )
    definitions = _definitions(ratings)
    current = set(comparable_scales(scale)) if scale is not None else set()
    workers: dict[int, dict[str, Any]] = {}
    for r in ratings:
        entry = workers.setdefault(r.worker_id, {"worker": r.worker, "rows": [], "by_item": {}})
        high = definitions[r.scale_id].is_high(r.score_value)
        entry["rows"].append({"rating": r, "score": r.score_value, "high": high})
        if r.scale_id in current and r.rater_role == RaterRole.SUPERVISOR:
            for key, value in r.ratings.items():
                entry["by_item"].setdefault(key, []).append(value)
    data, titles = scale.placed_definition() if scale else (None, {})
    for entry in workers.values():
        entry["latest"] = entry["rows"][-1]
        entry["items"] = [
            {
                "item": i,
                "component": titles.get(i.component, i.component),
                "mean": Fraction(sum(v), len(v)) if (v := entry["by_item"].get(i.key)) else None,
            }
            for i in (data.items if data else ())
        ]
    return render(
        request, "measures/fidelity_workers.html", {"scale": data, "workers": list(workers.values())}
    )


def _analysis_page(request: AuthenticatedHttpRequest, form: ExportForm, status: int = 200) -> HttpResponse:
    organisation = organisation_for_analysis(request.user)
    data = organisation_dataset(organisation, for_analysis=True)
    comparisons = organisation_analysis(data)
    return render(
        request,
        "measures/analysis.html",
        {
            "comparisons": [
                {"c": c, "groups": group_rows(c), "tests": test_rows(c)} for c in comparisons if not c.refused
            ],
            # Too few people to compare: listed briefly after the comparisons, their counts folded away.
            "not_compared": [{"c": c, "groups": group_rows(c)} for c in comparisons if c.refused],
            "scale": data.scale,
            "group_by": rater_words(data.scale.group_by) if data.scale else "",
            "erased": erased_words(data.erased),
            "caution": CAUTION,
            "smallest_group": change.SMALLEST_GROUP,
            "form": form,
        },
        status=status,
    )


@login_required
def analysis(request: AuthenticatedHttpRequest) -> HttpResponse:
    """High against low fidelity: how people's scores changed in each group, compared (measures/analysis.py),
    with the missing counted and the caution that this is not a trial; and the analysts' download."""
    return _analysis_page(request, ExportForm())


@login_required
@require_POST
def analysis_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation's measures for analysts, in the format chosen, pseudonymised; audited."""
    organisation = organisation_for_analysis(request.user)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the formats offered.")
        return _analysis_page(request, form, status=400)
    files = do_export_measures(
        request.user,
        [organisation],
        form.cleaned_data["format"],
        licence_confirmed=form.cleaned_data["licence_confirmed"],
    )
    if len(files) == 1:
        name, body, media = files[0].name, files[0].data, MEDIA_TYPES[form.cleaned_data["format"]]
    else:
        name, body, media = files[0].name.rsplit(".", 1)[0] + ".zip", zipped(files), MEDIA_TYPES["zip"]
    response = HttpResponse(body, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _profile_context(scale: Any, ratings: Any, chart_id: str) -> dict[str, Any]:
    if scale is None:
        return {"profile": None}
    profile = profile_for(scale, ratings)
    wide, narrow = charts(profile, chart_id)
    return {"profile": profile, "chart": wide, "narrow_chart": narrow}


@login_required
def fidelity_profile(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A worker's fidelity profile: each component rated by the supervisor, the worker and the people they
    support, side by side and beside the gold standard, and over time. The worker's own, or a manager's
    worker's; the pairs are each on their own page (where the person is named, and the view audited)."""
    worker = get_worker_for_profile(request.user, pk)
    scale = fidelity_scale_of(worker.organisation_id) if worker.organisation_id else None
    do_record_fidelity_view(request.user, worker)
    return render(
        request,
        "measures/fidelity_profile.html",
        {
            **_profile_context(scale, FidelityRating.objects.filter(worker=worker), "fidelity-profile"),
            "worker": worker,
            "own": worker.pk == request.user.pk,
            "pairs": people_rated_with(request.user, worker),
        },
    )


@login_required
def fidelity_pair(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """One worker–person pair's fidelity profile (an audited look at the person's ratings)."""
    worker, person = get_pair_for_profile(request.user, pk, person_pk)
    scale = fidelity_scale_of(worker.organisation_id) if worker.organisation_id else None
    do_record_fidelity_view(request.user, worker, person)
    return render(
        request,
        "measures/fidelity_profile.html",
        {
            **_profile_context(
                scale, FidelityRating.objects.filter(worker=worker, person=person), "fidelity-pair"
            ),
            "worker": worker,
            "person": person,
            "own": worker.pk == request.user.pk,
        },
    )


@login_required
def fidelity_organisation(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisation's fidelity profile for its managers: every rating by component and rater, beside the
    gold standard, with how many workers each rater role rated. No name appears."""
    organisation = organisation_for_fidelity(request.user)
    scale = fidelity_scale_of(organisation.pk)
    ratings = FidelityRating.objects.filter(scale__organisation=organisation)
    context = _profile_context(scale, ratings, "fidelity-organisation")
    rated_workers = {
        role: n
        for role, n in ratings.filter(scale=scale)
        .values_list("rater_role")
        .annotate(n=Count("worker", distinct=True))
        .order_by()
    }
    profile = context["profile"]
    return render(
        request,
        "measures/fidelity_organisation.html",
        {
            **context,
            "organisation": organisation,
            "workers_by_role": [(ROLE_NAMES[r], rated_workers.get(r, 0)) for r in profile.roles]
            if profile
            else [],
        },
    )


@login_required
def fidelity_rate_own(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A worker rates their own practice with the organisation's fidelity scale: overall, or with one
    person they work with (`?person=` chooses them from the person's page)."""
    people = own_practice_people(request.user)
    scale = fidelity_scale_of(request.user.organisation_id) if request.user.organisation_id else None
    if scale is None or RaterRole.WORKER not in (data := scale.definition()).rated_by:
        messages.error(request, "Your organisation has no fidelity scale that workers rate themselves yet.")
        return redirect("measures:fidelity_profile", pk=request.user.pk)
    chosen = (
        people.filter(pk=request.GET.get("person", "")).first()
        if request.GET.get("person", "").isdigit()
        else None
    )
    form = OwnPracticeForm(
        request.POST or None,
        scale=data,
        people=people,
        initial={"rated_on": timezone.localdate(), "person": chosen},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        rated = form.cleaned_data["person"]
        problems = _save_rating(
            request, scale, form, request.user, rated, RaterRole.WORKER, form.cleaned_data["rated_on"]
        )
        if not problems:
            messages.success(request, "Saved your rating of your own practice." + _left_unrated(form))
            return redirect("measures:fidelity_profile", pk=request.user.pk)
    return render(
        request,
        "measures/fidelity_rate_own.html",
        {"scale": data, "form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def fidelity_my_worker(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person supported says how the work with their worker is going, in the scale's plain words, and
    sees what they said before: their own ratings only, never the worker's or the supervisor's."""
    person = own_person_record(request.user)
    scale = fidelity_scale_of(person.organisation_id)
    data = scale.definition() if scale else None
    if scale is None or data is None or RaterRole.PERSON not in data.rated_by:
        return render(request, "measures/fidelity_my_worker.html", {"person": person, "scale": None})
    workers = person.workers.order_by("first_name", "last_name", "pk")
    form = RateMyWorkerForm(
        request.POST or None, scale=data, workers=workers, initial={"worker": workers.first()}
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        worker = form.cleaned_data["worker"]
        problems = _save_rating(request, scale, form, worker, person, RaterRole.PERSON, timezone.localdate())
        if not problems:
            messages.success(request, "Thank you. Your worker and their manager can see what you said.")
            return redirect("measures:fidelity_my_worker")
    do_record_scores_view(request.user, person, "their own ratings of their worker")
    answers = {a.value: a.for_person for a in data.anchors}
    said = [
        {
            "rating": r,
            "answers": [
                (i.for_person, answers.get(r.ratings[i.key], "")) for i in data.items if i.key in r.ratings
            ],
        }
        for r in FidelityRating.objects.filter(person=person, rater_role=RaterRole.PERSON, scale=scale)
        .select_related("worker")
        .order_by("-rated_on", "-id")
    ]
    return render(
        request,
        "measures/fidelity_my_worker.html",
        {
            "person": person,
            "scale": data,
            "form": form,
            "problems": problems,
            "said": said,
            "workers": workers,
        },
        status=400 if request.method == "POST" else 200,
    )
