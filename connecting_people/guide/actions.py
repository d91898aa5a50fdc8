"""Every change to the guide, audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit

from .curation import default_group, excerpt_attribution
from .models import Draft, Example, Guide, Section


class GuideError(Exception):
    """A change that cannot be made, with a message for the user."""


def do_create_guide(acting_user: Any, team: Any, version: Any, title: str = "") -> Guide:
    if not version.is_published:
        raise GuideError("A guide is written for a published version of the model.")
    if Guide.objects.filter(team=team, version=version).exists():
        raise GuideError(f"There is already a guide for version {version.label}.")
    guide = Guide(team=team, version=version)
    if title:
        guide.title = title
    with transaction.atomic():
        save_with_audit(acting_user, guide, Guide.AUDITED_FIELDS)
        from .assemble import ensure_sections

        ensure_sections(guide)
    return guide


def do_save_guide(acting_user: Any, guide: Guide) -> Guide:
    return save_with_audit(acting_user, guide, Guide.AUDITED_FIELDS)


def do_save_section(acting_user: Any, section: Section) -> Section:
    section.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    return save_with_audit(acting_user, section, Section.AUDITED_FIELDS)


def do_choose_example(acting_user: Any, section: Section, excerpt: Any, group: str = "") -> Example:
    """Add an excerpt to the section, worded as coded and attributed by role and setting."""
    if section.examples.filter(excerpt=excerpt).exists():
        raise GuideError("That excerpt is already in this section.")
    group = group or default_group(excerpt)
    last = section.examples.filter(group=group).aggregate(n=Max("position"))["n"]
    example = Example(section=section, excerpt=excerpt, group=group, position=(last or 0) + 1,
                      wording=excerpt.text.strip(), attribution=excerpt_attribution(excerpt),
                      chosen_by=acting_user if getattr(acting_user, "pk", None) else None)
    return save_with_audit(acting_user, example, Example.AUDITED_FIELDS)


def do_save_example(acting_user: Any, example: Example) -> Example:
    if not example.wording.strip():
        raise GuideError("The published wording cannot be empty; remove the example instead.")
    return save_with_audit(acting_user, example, Example.AUDITED_FIELDS)


def do_move_example(acting_user: Any, example: Example, step: int) -> None:
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


def do_remove_example(acting_user: Any, example: Example) -> None:
    delete_with_audit(acting_user, example, Example.AUDITED_FIELDS)


def next_number(guide: Guide) -> str:
    numbers = [d.split(".") for d in guide.drafts.values_list("number", flat=True)]
    minors = [int(n[1]) for n in numbers if len(n) == 2 and n[0] == "0" and n[1].isdigit()]
    return f"0.{max(minors, default=0) + 1}"


def do_make_draft(acting_user: Any, guide: Guide, *, release: bool = False, progress: Any = None) -> Draft:
    """Snapshot the guide as it stands into a new numbered draft, after the anonymisation check.
    Raises AnonymisationError (listing every leak) and writes nothing if the check fails."""
    from dataclasses import replace

    from . import document as docmod
    from .assemble import build_document, check_publishable
    from .changes import diff_drafts
    from .gold import procedures_for

    step = progress or (lambda pct, text: None)
    with transaction.atomic():
        number = next_number(guide)
        previous = guide.drafts.order_by("-created_at", "-id").first()
        step(10, "Gathering sections and evidence")
        doc = build_document(guide, number=number, release=release, procedures=procedures_for(guide))
        if previous is not None:
            changes = diff_drafts(docmod.from_json(previous.snapshot), doc).lines()
            doc = replace(doc, changes=changes or ("No changes since the last draft.",))
        doc = replace(doc, responses=_published_responses(guide))
        step(40, "Checking for names")
        check_publishable(doc, guide.team_id)
        data = docmod.to_json(doc)
        draft = Draft(guide=guide, number=number, snapshot=data, content_hash=docmod.content_hash(data),
                      created_by=acting_user if getattr(acting_user, "pk", None) else None,
                      released_at=timezone.now() if release else None)
        save_with_audit(acting_user, draft, Draft.AUDITED_FIELDS)
        step(50, f"Draft {number} saved")
    return draft


def _published_responses(guide: Guide) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Responses to consultation the team chose to publish: closed rounds on this guide's drafts.
    (Consultation builds on the guide, so it is asked here rather than imported at the top.)"""
    from django.utils import timezone as tz

    from connecting_people.consult.models import Round
    from connecting_people.consult.report import public_summary

    rounds = Round.objects.filter(draft__guide=guide, publish_response=True, closes_at__lte=tz.now()).order_by("closes_at", "id")
    return tuple(public_summary(r) for r in rounds)


def do_release(acting_user: Any, draft: Draft) -> Draft:
    """Make a draft public. Its snapshot does not change; only the date it became public is recorded."""
    from .assemble import check_publishable
    from .builds import document_of

    if draft.is_release:
        raise GuideError(f"Draft {draft.number} is already released.")
    # The register may have grown since the draft was made (a real name recorded, a site that withdrew
    # its agreement to be named): check again before anything becomes public.
    check_publishable(document_of(draft), draft.guide.team_id)
    with transaction.atomic():
        draft.released_at = timezone.now()
        Draft.objects.filter(pk=draft.pk).update(released_at=draft.released_at)
        log.record(acting_user, log.Action.UPDATE, draft, changes={"released_at": [None, draft.released_at.isoformat()]},
                   note="released the guide")
    return draft


def do_save_site_rating(acting_user: Any, guide: Guide, component: Any, site_id: int, score: int, note: str,
                        excerpt_ids: list[int]) -> Any:
    """One rater's rating of one site on one component (a second save by the same rater replaces it)."""
    from .models import SiteRating

    rating = (SiteRating.objects.filter(guide=guide, component=component, site_id=site_id, rater=acting_user).first()
              or SiteRating(guide=guide, component=component, site_id=site_id, rater=acting_user))
    rating.score, rating.note = score, note
    return save_with_audit(acting_user, rating, SiteRating.AUDITED_FIELDS, m2m={"excerpts": excerpt_ids})


def do_save_procedure(acting_user: Any, procedure: Any) -> Any:
    from .models import Procedure

    procedure.updated_by = acting_user if getattr(acting_user, "pk", None) else None
    return save_with_audit(acting_user, procedure, Procedure.AUDITED_FIELDS)


def do_save_self_ratings(acting_user: Any, guide: Guide, organisation: Any, scores: dict[int, int]) -> None:
    """A manager's ratings of their organisation, component id -> score, saved together."""
    from .models import SelfRating

    existing = {r.component_id: r for r in SelfRating.objects.filter(guide=guide, organisation=organisation)}
    with transaction.atomic():
        for component_id, score in scores.items():
            rating = existing.get(component_id) or SelfRating(guide=guide, organisation=organisation,
                                                              component_id=component_id)
            if rating.pk and rating.score == score:
                continue
            rating.score, rating.rated_by = score, acting_user
            save_with_audit(acting_user, rating, SelfRating.AUDITED_FIELDS)
