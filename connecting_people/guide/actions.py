"""Every change to the guide, audited in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit
from connecting_people.core.jobs import enqueue
from connecting_people.fieldwork.models import Excerpt
from connecting_people.interventions.models import Component, ModelVersion
from connecting_people.lib.anonymise import Candidate, replace_word

from . import completeness
from . import document as docmod
from .assemble import build_document, check_publishable, ensure_sections
from .builds import document_of
from .changes import Prompt, diff_drafts
from .curation import (
    Raised,
    Warn,
    default_group,
    document_findings,
    excerpt_attribution,
    guide_warnings,
    raised,
)
from .gold import gold_doc, procedures_for
from .models import (
    Build,
    BuildStatus,
    Draft,
    Example,
    GoldProfile,
    Guide,
    JourneyStage,
    NameAnswer,
    NameQuestion,
    PlannedAction,
    PracticeRating,
    Procedure,
    Section,
    SelfRating,
    SiteRating,
    WarningAnswer,
    WorkingStyle,
)
from .signals import PublishedResponse, comments_changed_in, published_responses


class GuideError(Exception):
    """A change that cannot be made, with a message for the user."""


class NamesUnanswered(GuideError):
    """A release asked for while words that look like names have no answer. The draft (if one was made)
    is kept, unreleased, with its questions."""

    def __init__(self, draft: Draft, waiting: list[Candidate]) -> None:
        self.draft, self.waiting = draft, waiting
        words = ", ".join(f"“{c.found}”" for c in waiting)
        super().__init__(
            f"Draft {draft.number} cannot be released yet: {len(waiting)} "
            f"{'word looks' if len(waiting) == 1 else 'words look'} like someone's name and "
            f"{'has' if len(waiting) == 1 else 'have'} no answer ({words}). On the draft's page, mark "
            f"each one “not a person” or replace it; after replacing, make a new draft to release."
        )


class WarningsOpen(GuideError):
    """A release asked for while a chosen example has a warning with no answer, or one that no answer
    clears (a placeholder, a time stamp, the same quote twice). The draft, if made, is kept unreleased."""

    def __init__(self, draft: Draft, waiting: list[Raised]) -> None:
        self.draft, self.waiting = draft, waiting
        listed = "; ".join(w.line() for w in waiting)
        super().__init__(
            f"Draft {draft.number} cannot be released yet: {len(waiting)} "
            f"{'warning on an example is' if len(waiting) == 1 else 'warnings on examples are'} not "
            f"answered ({listed}). Answer each one on the section's page (keep it, saying why) or fix it by "
            f"editing the wording or taking the example out; placeholders, time stamps and a quote used "
            f"twice must be fixed. Then make a new draft to release."
        )


def do_create_guide(
    acting_user: User | None, team: Organisation, version: ModelVersion, title: str = ""
) -> Guide:
    if not version.is_published:
        raise GuideError("A guide is written for a published version of the model.")
    if Guide.objects.filter(team=team, version=version).exists():
        raise GuideError(f"There is already a guide for version {version.label}.")
    guide = Guide(team=team, version=version)
    if title:
        guide.title = title
    with transaction.atomic():
        save_with_audit(acting_user, guide, Guide.AUDITED_FIELDS)

        ensure_sections(guide)
    return guide


def do_save_guide(acting_user: User | None, guide: Guide) -> Guide:
    return save_with_audit(acting_user, guide, Guide.AUDITED_FIELDS)


def do_save_section(acting_user: User | None, section: Section) -> Section:
    section.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    return save_with_audit(acting_user, section, Section.AUDITED_FIELDS)


def do_choose_example(
    acting_user: User | None, section: Section, excerpt: Excerpt, group: str = ""
) -> Example:
    """Add an excerpt to the section, worded as coded and attributed by role and setting."""
    if section.examples.filter(excerpt=excerpt).exists():
        raise GuideError("That excerpt is already in this section.")
    group = group or default_group(excerpt)
    last = section.examples.filter(group=group).aggregate(n=Max("position"))["n"]
    example = Example(
        section=section,
        excerpt=excerpt,
        group=group,
        position=(last or 0) + 1,
        wording=excerpt.text.strip(),
        attribution=excerpt_attribution(excerpt),
        chosen_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    return save_with_audit(acting_user, example, Example.AUDITED_FIELDS)


def do_save_example(acting_user: User | None, example: Example) -> Example:
    if not example.wording.strip():
        raise GuideError("The published wording cannot be empty; take the example out instead.")
    return save_with_audit(acting_user, example, Example.AUDITED_FIELDS)


def do_save_examples(acting_user: User | None, examples: list[Example]) -> None:
    """Save several edited examples of a section together: all of them or, if one is refused, none."""
    with transaction.atomic():
        for example in examples:
            do_save_example(acting_user, example)


def do_move_example(acting_user: User | None, example: Example, step: int) -> None:
    """Swap with the neighbour above (-1) or below (+1) in the same group."""
    siblings = list(example.section.examples.filter(group=example.group).order_by("position", "id"))
    index = next(i for i, e in enumerate(siblings) if e.pk == example.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with transaction.atomic():
        for position, sibling in enumerate(siblings, 1):
            if sibling.position != position:
                sibling.position = position
                save_with_audit(acting_user, sibling, ("position",))


def do_remove_example(acting_user: User | None, example: Example) -> None:
    delete_with_audit(acting_user, example, Example.AUDITED_FIELDS)


def next_number(guide: Guide, *, release: bool = False) -> str:
    """Drafts count up within the current major number (0.1, 0.2, ...); a draft made as a release starts
    the next major number (1.0), and the drafts after it continue from there (1.1, ...). A draft released
    later keeps the number it was read and commented under."""
    numbers = [
        (int(major), int(minor))
        for major, _, minor in (n.partition(".") for n in guide.drafts.values_list("number", flat=True))
        if major.isdigit() and minor.isdigit()
    ]
    major = max((m for m, _ in numbers), default=0)
    if release:
        return f"{major + 1}.0"
    return f"{major}.{max((n for m, n in numbers if m == major), default=0) + 1}"


def do_make_draft(
    acting_user: User | None,
    guide: Guide,
    *,
    release: bool = False,
    progress: Callable[[int, str], None] | None = None,
) -> Draft:
    """Snapshot the guide as it stands into a new numbered draft, after the anonymisation check.
    Raises AnonymisationError (listing every leak) and writes nothing if the check fails."""
    step: Callable[[int, str], None] = progress or (lambda pct, text: None)
    with transaction.atomic():
        number = next_number(guide, release=release)
        previous = guide.drafts.order_by("-created_at", "-id").first()
        step(10, "Gathering sections and evidence")
        doc = build_document(guide, number=number, release=release, procedures=procedures_for(guide))
        doc = replace(doc, gold=gold_doc(guide))
        if previous is not None:
            changes, prompted = diff_drafts(docmod.from_json(previous.snapshot), doc).lines(
                _comments_changed_in(guide, number)
            )
            doc = replace(
                doc, changes=changes or ("No changes since the last draft.",), changes_prompted=prompted
            )
        doc = replace(doc, responses=_published_responses(guide))
        step(40, "Checking for names")
        candidates = check_publishable(doc, guide.team_id)
        cleared = set(
            guide.name_questions.filter(answer=NameAnswer.NOT_A_PERSON).values_list("word", flat=True)
        )
        waiting = [c for c in candidates if c.word not in cleared]
        warnings = raised(document_findings(doc))
        warned = [w for w in warnings if w.open]
        if release and (waiting or warned):
            doc = replace(doc, release=False)
        data = docmod.to_json(doc)
        draft = Draft(
            guide=guide,
            number=number,
            snapshot=data,
            content_hash=docmod.content_hash(data),
            created_by=acting_user if getattr(acting_user, "pk", None) else None,
            released_at=timezone.now() if release and not (waiting or warned) else None,
            check_log="\n".join(
                [check_log(candidates, cleared), *completeness.log_lines(doc), *warning_log(warnings)]
            ),
        )
        save_with_audit(acting_user, draft, Draft.AUDITED_FIELDS)
        _ask_about(acting_user, guide, draft, waiting)
        step(50, f"Draft {number} saved")
    if release and waiting:
        raise NamesUnanswered(draft, waiting)
    if release and warned:
        raise WarningsOpen(draft, warned)
    return draft


def check_log(candidates: list[Candidate], cleared: set[str]) -> str:
    """What the name check found, for the draft's build log: the register passed, and each possible name."""
    lines = [
        "No registered name was found (participants, their real names and nicknames, users, sites that "
        "did not agree to be named)."
    ]
    if not candidates:
        lines.append("No other word looks like someone's name.")
    for c in candidates:
        state = (
            "answered earlier: not a person"
            if c.word in cleared
            else "question raised: release waits for an answer"
        )
        lines.append(
            f"“{c.found}” looks like a name (seen {c.count} {'time' if c.count == 1 else 'times'}; first in "
            f"{c.where}: “…{c.context}…”): {state}."
        )
    return "\n".join(lines)


def warning_log(warnings: list[Raised]) -> list[str]:
    """The warnings on the draft's examples, for its build log after the name check's lines."""
    if not warnings:
        return ["No warnings on the examples (placeholders, time stamps, repeats, notes and documents)."]
    lines = []
    for w in warnings:
        if w.finding.hard:
            state = "must be fixed before release"
        elif w.answer is None:
            state = "release waits for an answer"
        else:
            state = f"kept: {w.answer.reason.rstrip('.')}"
        lines.append(f"Warning, {w.line()}: {state}.")
    return lines


def do_answer_warning(
    acting_user: User | None, example: Example, kind: str, detail: str, reason: str
) -> WarningAnswer:
    """Keep an example as it is despite a warning on it, saying why. Only a warning the example has now
    can be answered, and never a hard one: those are fixed by editing the wording or taking it out."""
    reason = " ".join(reason.split())
    found = next(
        (
            w
            for w in guide_warnings(example.section.guide)
            if w.example_id == example.pk and w.finding.kind == kind and w.finding.detail == detail
        ),
        None,
    )
    if found is None:
        raise GuideError("That warning is no longer raised on this example: nothing to answer.")
    if kind in Warn.HARD:
        raise GuideError(
            "This cannot be kept as it is: edit the wording to take it out, or take the example out."
        )
    if not reason:
        raise GuideError("Say why the example is kept as it is.")
    answer = found.answer or WarningAnswer(example=example, kind=kind, detail=detail[:200])
    answer.reason = reason[:1000]
    answer.answered_by = acting_user if getattr(acting_user, "pk", None) else None
    return save_with_audit(acting_user, answer, WarningAnswer.AUDITED_FIELDS)


def _ask_about(acting_user: User | None, guide: Guide, draft: Draft, waiting: list[Candidate]) -> None:
    """A question for each word that looks like a name and has no answer (a word replaced earlier that is
    still there is asked about again)."""
    existing = {q.word: q for q in guide.name_questions.filter(word__in=[c.word for c in waiting])}
    for c in waiting:
        question = existing.get(c.word) or NameQuestion(guide=guide, word=c.word[:100])
        question.found, question.where, question.context = c.found[:100], c.where[:300], c.context[:300]
        question.raised_in, question.answer = draft, NameAnswer.OPEN
        save_with_audit(acting_user, question, NameQuestion.AUDITED_FIELDS, note="raised by the name check")


def do_answer_name_question(
    acting_user: User | None, question: NameQuestion, answer: str, replacement: str = ""
) -> int:
    """Answer a question about a possible name: not a person, or replaced everywhere it appears in the
    guide's own text (foreword, sections, examples, procedures). Returns how many passages changed."""
    replacement = " ".join(replacement.split())
    if answer == NameAnswer.NOT_A_PERSON:
        replacement = ""
    elif answer == NameAnswer.REPLACED:
        if not replacement:
            raise GuideError("Say what to write instead of the name, e.g. “their worker”.")
        if len(replacement) > 100:
            raise GuideError("The words instead of the name can be at most 100 characters.")
    else:
        raise GuideError("Answer “not a person” or give the words to write instead.")
    guide, changed = question.guide, 0
    with transaction.atomic():
        if answer == NameAnswer.REPLACED:
            changed = _replace_everywhere(acting_user, guide, question.word, replacement)
        question.answer, question.replacement = answer, replacement
        question.answered_by = acting_user if getattr(acting_user, "pk", None) else None
        question.answered_at = timezone.now()
        save_with_audit(acting_user, question, NameQuestion.AUDITED_FIELDS)
    return changed


def _replace_everywhere(acting_user: User | None, guide: Guide, word: str, replacement: str) -> int:
    changed = 0
    targets: list[tuple[Any, tuple[str, ...], tuple[str, ...]]] = [
        (guide, (*Guide.TEXT_FIELDS, *Guide.JSON_TEXT_FIELDS), Guide.AUDITED_FIELDS)
    ]
    targets += [(s, Section.TEXT_FIELDS, Section.AUDITED_FIELDS) for s in guide.sections.all()]
    targets += [
        (e, ("wording",), Example.AUDITED_FIELDS) for e in Example.objects.filter(section__guide=guide)
    ]
    targets += [(p, ("text",), Procedure.AUDITED_FIELDS) for p in guide.procedures.all()]
    targets += [
        (p, ("name", "portrait"), GoldProfile.AUDITED_FIELDS) for p in GoldProfile.objects.filter(guide=guide)
    ]
    targets += [(j, ("title", "text"), JourneyStage.AUDITED_FIELDS) for j in guide.journey_stages.all()]
    for obj, fields, audited in targets:
        new = {f: _replace_in(getattr(obj, f), word, replacement) for f in fields}
        if all(new[f] == getattr(obj, f) for f in fields):
            continue
        for f, text in new.items():
            setattr(obj, f, text)
        save_with_audit(acting_user, obj, audited, note="a possible name replaced")
        changed += 1
    return changed


def _comments_changed_in(guide: Guide, number: str) -> list[Prompt]:
    """Consultation comments marked as changed in draft `number`, from whichever parts answer the signal."""
    found: list[Prompt] = []
    for _receiver, prompts in comments_changed_in.send(sender=Guide, guide=guide, number=number):
        found.extend(cast(tuple[Prompt, ...], prompts))
    return found


def _replace_in(value: Any, word: str, replacement: str) -> Any:
    """The word replaced in a text, or in every text of a list or mapping of them (the front matter's
    key messages, glossary, references and part introductions)."""
    if isinstance(value, str):
        return replace_word(value, word, replacement)
    if isinstance(value, list):
        return [_replace_in(v, word, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _replace_in(v, word, replacement) for k, v in value.items()}
    return value


def _published_responses(guide: Guide) -> tuple[PublishedResponse, ...]:
    """Responses to consultation to publish with a draft, from whichever parts answer the guide's signal."""
    found: list[PublishedResponse] = []
    for _receiver, responses in published_responses.send(sender=Guide, guide=guide):
        # django-stubs types every receiver's answer as `str | None`; this signal's receivers answer with
        # these.
        found.extend(cast(tuple[PublishedResponse, ...], responses))
    return tuple(found)


def do_release(acting_user: User | None, draft: Draft) -> Draft:
    """Make a draft public. Its snapshot does not change; only the date it became public is recorded."""
    if draft.is_release:
        raise GuideError(f"Draft {draft.number} is already released.")
    # The register may have grown since the draft was made (a real name recorded, a site that withdrew
    # its agreement to be named): check again before anything becomes public. Every word that looks like a
    # name must have been answered "not a person" (a replaced one is gone from a newer draft, not this one).
    candidates = check_publishable(document_of(draft), draft.guide.team_id)
    cleared = set(
        draft.guide.name_questions.filter(answer=NameAnswer.NOT_A_PERSON).values_list("word", flat=True)
    )
    waiting = [c for c in candidates if c.word not in cleared]
    if waiting:
        asked = set(draft.guide.name_questions.values_list("word", flat=True))
        with transaction.atomic():  # a draft made before the question existed: ask it now
            _ask_about(acting_user, draft.guide, draft, [c for c in waiting if c.word not in asked])
        raise NamesUnanswered(draft, waiting)
    # Hard rules whatever the answers (a placeholder, a time stamp, the same quote twice), and every other
    # warning on the draft's examples answered.
    warned = [w for w in raised(document_findings(document_of(draft))) if w.open]
    if warned:
        raise WarningsOpen(draft, warned)
    with transaction.atomic():
        draft.released_at = timezone.now()
        Draft.objects.filter(pk=draft.pk).update(released_at=draft.released_at)
        log.record(
            acting_user,
            log.Action.UPDATE,
            draft,
            changes={"released_at": [None, draft.released_at.isoformat()]},
            note="released the guide",
        )
    return draft


def do_save_site_rating(
    acting_user: User | None,
    guide: Guide,
    component: Component,
    site_id: int,
    score: int,
    note: str,
    excerpt_ids: list[int],
) -> SiteRating:
    """One rater's rating of one site on one component (a second save by the same rater replaces it)."""
    rating = SiteRating.objects.filter(
        guide=guide, component=component, site_id=site_id, rater=acting_user
    ).first() or SiteRating(guide=guide, component=component, site_id=site_id, rater=acting_user)
    rating.score, rating.note = score, note
    return save_with_audit(acting_user, rating, SiteRating.AUDITED_FIELDS, m2m={"excerpts": excerpt_ids})


def do_save_procedure(acting_user: User | None, procedure: Procedure) -> Procedure:
    procedure.updated_by = acting_user if acting_user is not None and acting_user.pk else None
    return save_with_audit(acting_user, procedure, Procedure.AUDITED_FIELDS)


def do_save_self_ratings(
    acting_user: User | None, guide: Guide, organisation: Organisation, scores: dict[int, int]
) -> None:
    """A manager's ratings of their organisation, component id -> score, saved together."""
    existing = {r.component_id: r for r in SelfRating.objects.filter(guide=guide, organisation=organisation)}
    with transaction.atomic():
        for component_id, score in scores.items():
            rating = existing.get(component_id) or SelfRating(
                guide=guide, organisation=organisation, component_id=component_id
            )
            if rating.pk and rating.score == score:
                continue
            rating.score, rating.rated_by = score, acting_user
            save_with_audit(acting_user, rating, SelfRating.AUDITED_FIELDS)


def do_save_gold_profile(acting_user: User | None, profile: GoldProfile) -> GoldProfile:
    """The gold-standard organisation's fictitious name and portrait."""
    return save_with_audit(acting_user, profile, GoldProfile.AUDITED_FIELDS)


def do_save_journey_stage(
    acting_user: User | None, stage: JourneyStage, components: list[Component]
) -> JourneyStage:
    """A point of the journey (or behind the work) and the components whose procedures apply there."""
    return save_with_audit(
        acting_user, stage, JourneyStage.AUDITED_FIELDS, m2m={"components": [c.pk for c in components]}
    )


def do_delete_journey_stage(acting_user: User | None, stage: JourneyStage) -> None:
    delete_with_audit(acting_user, stage, JourneyStage.AUDITED_FIELDS)


def do_save_action_plan(
    acting_user: User | None, rows: list[PlannedAction], removed: list[PlannedAction]
) -> None:
    """An organisation's action plan as its manager left it: rows saved in the order given, removed rows
    deleted, each with its audit entry, all or nothing."""
    with transaction.atomic():
        for row in removed:
            if row.pk is not None:
                delete_with_audit(acting_user, row, PlannedAction.AUDITED_FIELDS)
        for n, row in enumerate(rows):
            row.position, row.updated_by = n, acting_user
            save_with_audit(acting_user, row, PlannedAction.AUDITED_FIELDS)


# --- Builds in the background ----------------------------------------------------------------------


def do_start_build(acting_user: User | None, draft: Draft, formats: list[str]) -> Build:
    """Ask for a draft's files; the build job (`guide/jobs.py`) is queued once this commits."""
    with transaction.atomic():
        build = Build.objects.create(
            draft=draft, formats=",".join(formats), started_by=acting_user, step="Waiting to start"
        )
        log.record_created(acting_user, build, Build.AUDITED_FIELDS, note="asked for the guide's files")
        enqueue("connecting_people.guide.jobs.run_build", build.pk)
    return build


def _end_build(acting_user: User | None, pk: int, status: str, note: str, **fields: Any) -> bool:
    """Mark a build done or failed, once: False when a run of the same build ended it first."""
    with transaction.atomic():
        build = Build.objects.select_for_update().select_related("draft__guide").filter(pk=pk).first()
        if build is None or build.finished:
            return False
        before = build.status
        Build.objects.filter(pk=pk).update(status=status, finished_at=timezone.now(), **fields)
        log.record(acting_user, log.Action.UPDATE, build, changes={"status": [before, status]}, note=note)
    return True


def do_finish_build(acting_user: User | None, pk: int, files: dict[str, str]) -> bool:
    """The build's files are saved: it is done, with them (format -> name in the storage)."""
    return _end_build(
        acting_user,
        pk,
        BuildStatus.DONE,
        "built the guide's files",
        progress=100,
        step="Ready to download",
        files=files,
    )


def do_fail_build(acting_user: User | None, pk: int, message: str) -> bool:
    """The build cannot finish; the message says why, in words for the user."""
    return _end_build(acting_user, pk, BuildStatus.FAILED, "the build failed", message=message)


def do_save_practice_ratings(
    acting_user: User | None, worker: User, guide: Guide, scores: dict[int, int | None]
) -> WorkingStyle:
    """A worker's ratings of their own practice, component id -> score (None: no longer rated), saved
    together, each change audited; their working style is made private the first time."""
    with transaction.atomic():
        style = WorkingStyle.objects.filter(worker=worker).first() or save_with_audit(
            acting_user, WorkingStyle(worker=worker), WorkingStyle.AUDITED_FIELDS
        )
        existing = {r.component_id: r for r in PracticeRating.objects.filter(style=style, guide=guide)}
        for component_id, score in scores.items():
            rating = existing.get(component_id)
            if score is None:
                if rating is not None:
                    delete_with_audit(acting_user, rating, PracticeRating.AUDITED_FIELDS)
                continue
            rating = rating or PracticeRating(style=style, guide=guide, component_id=component_id)
            if rating.pk and rating.score == score:
                continue
            rating.score = score
            save_with_audit(acting_user, rating, PracticeRating.AUDITED_FIELDS)
    return style


def do_share_working_style(acting_user: User | None, style: WorkingStyle, shared: bool) -> WorkingStyle:
    """Share a working style with the worker's supervisors, or make it private again (audited)."""
    style.shared_with_supervisor = shared
    return save_with_audit(acting_user, style, WorkingStyle.AUDITED_FIELDS)


def do_record_working_style_view(acting_user: User | None, style: WorkingStyle) -> None:
    """A supervisor read a worker's shared working style."""
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, style, note="read a shared working style")
