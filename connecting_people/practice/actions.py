from __future__ import annotations

from typing import Any

from django.db import transaction

from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit

from .models import Goal, GoalAction, Person, Session


def do_record_person_view(acting_user: Any, person: Person, what: str = "record") -> None:
    with transaction.atomic():
        log.record(acting_user, log.Action.VIEW, person, note=f"viewed {what}")


def do_save_person(acting_user: Any, person: Person, workers: list[Any] | None = None) -> Person:
    return save_with_audit(
        acting_user, person, Person.AUDITED_FIELDS, m2m=None if workers is None else {"workers": workers}
    )


def do_delete_person(acting_user: Any, person: Person) -> None:
    delete_with_audit(acting_user, person, Person.AUDITED_FIELDS)


def do_save_session(acting_user: Any, session: Session, components: list[Any]) -> Session:
    from .models import SessionComponent

    with transaction.atomic():
        creating = session.pk is None
        if creating:
            session.recorded_by = acting_user
        save_with_audit(acting_user, session, Session.AUDITED_FIELDS)
        wanted = {c.pk for c in components}
        SessionComponent.objects.filter(session=session).exclude(component_id__in=wanted).delete()
        have = set(SessionComponent.objects.filter(session=session).values_list("component_id", flat=True))
        SessionComponent.objects.bulk_create(
            [SessionComponent(session=session, component_id=pk) for pk in wanted - have]
        )
        from .caseload import refresh_stages

        refresh_stages([session.person_id])
    return session


def do_save_goal(acting_user: Any, goal: Goal) -> Goal:
    from django.utils import timezone

    if goal.pk is None:
        goal.created_by = acting_user
        goal.status_changed_on = timezone.localdate()
    elif Goal.objects.filter(pk=goal.pk).values_list("status", flat=True).first() != goal.status:
        goal.status_changed_on = timezone.localdate()
    return save_with_audit(acting_user, goal, Goal.AUDITED_FIELDS)


def do_save_action(acting_user: Any, action: GoalAction) -> GoalAction:
    return save_with_audit(acting_user, action, GoalAction.AUDITED_FIELDS)


def do_toggle_action(acting_user: Any, action: GoalAction) -> GoalAction:
    from django.utils import timezone

    action.done_at = None if action.done_at else timezone.now()
    action.done_by = acting_user if action.done_at else None
    return save_with_audit(acting_user, action, GoalAction.AUDITED_FIELDS)
