"""Changes to people's records. Each runs in a transaction with its audit entry, and keeps what the
caseload and the person's page read from the person's row (summary.py) in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit
from connecting_people.community.models import OpportunityType, Service, WorkerContact
from connecting_people.interventions.models import Component

from .models import (
    LINK_ORDER,
    CommunityLink,
    Goal,
    GoalAction,
    LinkKind,
    LinkState,
    LinkStep,
    Person,
    Review,
    Session,
    SessionComponent,
    StopReason,
)
from .reviews import start_of_work, summarise
from .stories import do_withdraw_stories
from .summary import fill_summary, refresh_summary, touch


def do_record_person_view(acting_user: User | None, person: Person, what: str = "record") -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, person, note=f"viewed {what}")


def do_save_person(acting_user: User | None, person: Person, workers: list[User] | None = None) -> Person:
    """Save the details; a consent to story use taken back takes the person's sent stories back from the
    research teams' evidence in the same transaction (`stories.do_withdraw_stories`)."""
    with transaction.atomic():
        story_consent_ended = (
            person.pk is not None
            and not person.consent_to_story_use
            and Person.objects.filter(pk=person.pk, consent_to_story_use=True).exists()
        )
        fill_summary(person)  # written by the same save: the row gets one new version, not two
        save_with_audit(
            acting_user, person, Person.AUDITED_FIELDS, m2m=None if workers is None else {"workers": workers}
        )
        if story_consent_ended:
            do_withdraw_stories(acting_user, person, "consent to story use withdrawn")
        return person


def do_delete_person(acting_user: User | None, person: Person) -> None:
    delete_with_audit(acting_user, person, Person.AUDITED_FIELDS)


def do_save_session(
    acting_user: User | None,
    session: Session,
    components: list[Component],
    links: list[CommunityLink] | None = None,
) -> Session:
    """Save a session with the parts of the model and, when given, the person's community links it
    worked on."""
    if links is not None and any(link.person_id != session.person_id for link in links):
        raise LinkRefused("A session can name only the person's own community links.")
    with transaction.atomic():
        if session.pk is None:
            session.recorded_by = acting_user
        save_with_audit(
            acting_user, session, Session.AUDITED_FIELDS, m2m={"links": links} if links is not None else None
        )
        wanted = {c.pk for c in components}
        SessionComponent.objects.filter(session=session).exclude(component_id__in=wanted).delete()
        have = set(SessionComponent.objects.filter(session=session).values_list("component_id", flat=True))
        SessionComponent.objects.bulk_create(
            [SessionComponent(session=session, component_id=pk) for pk in wanted - have]
        )
        refresh_summary([session.person_id])
    return session


def do_save_goal(acting_user: User | None, goal: Goal) -> Goal:
    with transaction.atomic():
        if goal.pk is None:
            goal.created_by = acting_user
            goal.status_changed_on = timezone.localdate()
        elif Goal.objects.filter(pk=goal.pk).values_list("status", flat=True).first() != goal.status:
            goal.status_changed_on = timezone.localdate()
        save_with_audit(acting_user, goal, Goal.AUDITED_FIELDS)
        refresh_summary([goal.person_id])
    return goal


def do_save_action(acting_user: User | None, action: GoalAction) -> GoalAction:
    with transaction.atomic():
        save_with_audit(acting_user, action, GoalAction.AUDITED_FIELDS)
        touch([action.goal.person_id])
    return action


def do_toggle_action(acting_user: User | None, action: GoalAction) -> GoalAction:
    with transaction.atomic():
        action.done_at = None if action.done_at else timezone.now()
        action.done_by = acting_user if action.done_at else None
        save_with_audit(acting_user, action, GoalAction.AUDITED_FIELDS)
        touch([action.goal.person_id])
    return action


def do_record_review(
    acting_user: User | None,
    person: Person,
    held_on: dt.date,
    agreed: str,
    next_review_on: dt.date | None = None,
) -> Review:
    """Write a review with its summary frozen; the next one is due after the person's interval unless
    agreed otherwise."""
    with transaction.atomic():
        last = person.reviews.filter(held_on__lte=held_on).first()
        covers_from = last.held_on if last else start_of_work(person)
        summary = summarise(person, covers_from, held_on)
        review = Review(
            person=person,
            held_on=held_on,
            covers_from=covers_from,
            summary=summary.lines,
            agreed=agreed,
            next_review_on=next_review_on or held_on + dt.timedelta(weeks=person.review_every_weeks),
            recorded_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        save_with_audit(acting_user, review, Review.AUDITED_FIELDS)
        refresh_summary([person.pk])
    return review


class LinkRefused(ValueError):
    """A move the link cannot make (backwards, from stopped, or stopped without a reason)."""


def _by(acting_user: User | None) -> User | None:
    return acting_user if getattr(acting_user, "pk", None) else None


def _may_suggest(acting_user: User | None, contact: WorkerContact, person: Person) -> bool:
    """A contact of the person's organisation that is the acting worker's own or shared with the team (the
    command line and the system, with no user, may use any contact of the organisation)."""
    if contact.organisation_id != person.organisation_id:
        return False
    by = _by(acting_user)
    return by is None or contact.worker_id == by.pk or contact.shared_with_team


def do_suggest_link(
    acting_user: User | None,
    person: Person,
    *,
    service: Service | None = None,
    contact: WorkerContact | None = None,
    name: str = "",
    follow_up_on: dt.date | None = None,
    note: str = "",
    opportunity_type: str = "",
) -> CommunityLink:
    """Start a link in state suggested: to a service of the person's organisation's directory, to one of
    a worker's own contacts (the suggesting worker's, or one shared with their team), or to an opportunity
    the directory does not hold, by name. Its type of opportunity is the one given, else the contact's, or
    for a directory entry the type a worker last gave a link to it; blank is "not recorded"."""
    if opportunity_type and opportunity_type not in OpportunityType.values:
        raise LinkRefused("Choose a type of opportunity from the list.")
    if service is not None and contact is not None:
        raise LinkRefused("A link leads to an opportunity or to a contact, not both.")
    if service is not None and service.owner_id != person.organisation_id:
        raise LinkRefused("That opportunity is not in this organisation's directory.")
    if contact is not None and not _may_suggest(acting_user, contact, person):
        raise LinkRefused("That contact is not one you may suggest.")
    if service is not None:
        kind, name = LinkKind.SERVICE, service.name
        opportunity_type = opportunity_type or _type_last_given(service)
    elif contact is not None:
        kind, name = LinkKind.CONTACT, contact.name
        opportunity_type = opportunity_type or contact.opportunity_type
    else:
        kind = LinkKind.OTHER
    name = name.strip()[:200]
    if not name:
        raise LinkRefused("Name the opportunity.")
    with transaction.atomic():
        now = timezone.now()
        link = CommunityLink(
            person=person,
            kind=kind,
            opportunity_type=opportunity_type,
            service=service,
            contact=contact,
            name=name,
            state=LinkState.SUGGESTED,
            note=note,
            follow_up_on=follow_up_on,
            state_changed_at=now,
            created_by=_by(acting_user),
        )
        save_with_audit(acting_user, link, CommunityLink.AUDITED_FIELDS, note="suggested")
        LinkStep.objects.create(
            link=link, state=link.state, note=note, follow_up_on=follow_up_on, at=now, by=_by(acting_user)
        )
        refresh_summary([person.pk])
    return link


def _type_last_given(service: Service) -> str:
    """The type of opportunity given to the newest link to this directory entry that has one (the entry
    and its links are one organisation's), or blank."""
    given = CommunityLink.objects.filter(service=service).exclude(opportunity_type="").order_by("-pk")
    return given.values_list("opportunity_type", flat=True).first() or ""


CONTACT_REMOVED = "A worker's contact (details removed)"


def _unnamed(value: Any, name: str) -> Any:
    """`value` (a review's stored summary) with every mention of `name` replaced."""
    if isinstance(value, str):
        return value.replace(name, CONTACT_REMOVED.lower())
    if isinstance(value, list):
        return [_unnamed(v, name) for v in value]
    if isinstance(value, dict):
        return {k: _unnamed(v, name) for k, v in value.items()}
    return value


def do_unname_contact(acting_user: User | None, contact: WorkerContact) -> None:
    """A worker's contact is being deleted: the links made to them and the review summaries that named
    them keep no trace of their name (the link stays, as a contact whose details were removed, so the
    person's record still says what was tried). Audited without the name. In the caller's transaction."""
    with transaction.atomic():
        links = list(CommunityLink.objects.select_for_update().filter(contact=contact))
        changed: list[tuple[CommunityLink | Review, str, str]] = []  # (record, field, what it held)
        for link in links:
            link.name = CONTACT_REMOVED
            changed.append((link, "name", "(removed)"))
        for review in Review.objects.select_for_update().filter(person_id__in={k.person_id for k in links}):
            summary = _unnamed(review.summary, contact.name)
            if summary != review.summary:
                review.summary = summary
                changed.append((review, "summary", "(a contact's name)"))
        for record, field, held in changed:
            record.save(update_fields=[field])
            log.record(
                acting_user,
                log.Action.UPDATE,
                record,
                changes={field: [held, CONTACT_REMOVED]},
                note="the contact was deleted",
            )


def do_move_link(
    acting_user: User | None,
    link: CommunityLink,
    state: str,
    *,
    stop_reason: str = "",
    note: str = "",
    follow_up_on: dt.date | None = None,
) -> CommunityLink:
    """Move a link on to a later state (a state may be skipped), or stop it with a reason; each move is a
    step in its history. A stopped link stays stopped: a new try is a new suggestion."""
    if not link.is_open:
        raise LinkRefused("This link has stopped; suggest it again to make a new start.")
    if state == LinkState.STOPPED:
        if stop_reason not in StopReason.values:
            raise LinkRefused("Say why it stopped.")
        if stop_reason == StopReason.OTHER and not note.strip():
            raise LinkRefused("Say in a few words why it stopped.")
    elif state not in LINK_ORDER or LINK_ORDER.index(state) <= LINK_ORDER.index(link.state):
        raise LinkRefused("A link moves on to a later step, or stops.")
    else:
        stop_reason = ""
    with transaction.atomic():
        now = timezone.now()
        link.state = state
        link.stop_reason = stop_reason
        link.note = note.strip()
        link.follow_up_on = follow_up_on if state != LinkState.STOPPED else None
        link.on_next_map = link.on_next_map and state != LinkState.STOPPED
        link.state_changed_at = now
        save_with_audit(acting_user, link, CommunityLink.AUDITED_FIELDS, note=f"moved to {state}")
        LinkStep.objects.create(
            link=link,
            state=state,
            stop_reason=stop_reason,
            note=link.note,
            follow_up_on=link.follow_up_on,
            at=now,
            by=_by(acting_user),
        )
        refresh_summary([link.person_id])
    return link


def do_set_link_type(acting_user: User | None, link: CommunityLink, opportunity_type: str) -> CommunityLink:
    """Say (or correct) what kind of opportunity a link leads to; blank is "not recorded". Allowed on a
    stopped link too: the commissioner report counts those."""
    if opportunity_type and opportunity_type not in OpportunityType.values:
        raise LinkRefused("Choose a type of opportunity from the list.")
    with transaction.atomic():
        link.opportunity_type = opportunity_type
        save_with_audit(acting_user, link, CommunityLink.AUDITED_FIELDS, note="type of opportunity")
    return link


def do_put_link_on_next_map(acting_user: User | None, link: CommunityLink, wanted: bool) -> CommunityLink:
    """Ask for a link's group to be on the person's next network map (maps.do_new_map adds it), or not."""
    if wanted and not link.is_open:
        raise LinkRefused("This link has stopped; it cannot go on the next map.")
    with transaction.atomic():
        link.on_next_map = wanted
        note = "to go on the next map" if wanted else "not to go on the next map"
        save_with_audit(acting_user, link, CommunityLink.AUDITED_FIELDS, note=note)
        touch([link.person_id])
    return link
