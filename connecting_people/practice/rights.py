"""A person's data rights: a copy of everything held about them, and erasure.

Erasure removes the person's record and everything hung on it, redacts earlier audit entries about
them (who did what and when stays; the values go), anonymises their own sign-in, and leaves a
tombstone entry that names no personal data. On SQLite, deleted content is overwritten
(secure_delete) and the write-ahead log is emptied, so it is not left in the database file either."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from connecting_people.accounts.models import LoginAttempt
from connecting_people.audit import log
from connecting_people.audit.models import AuditEntry
from connecting_people.backup import erasure_log

from .models import GoalAction, MapMember, Person

TEXT_README = """This archive holds everything Connecting People keeps about one person.

person.json  the data itself, for a computer to read
person.pdf   the same, to read or print

The worker's private reflections are {private}.
"""


def _who(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else ""


def subject_access(person: Person, *, include_private: bool = False) -> dict[str, Any]:
    sessions = list(person.sessions.prefetch_related("components").order_by("date", "id"))
    goals = list(person.goals.prefetch_related("actions").order_by("id"))
    maps = list(person.maps.prefetch_related("members").order_by("drawn_on", "id"))
    history = AuditEntry.objects.filter(object_type="practice.person", object_id=str(person.pk)).order_by("at")
    return {
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "person": {
            "reference": person.reference, "full_name": person.full_name, "preferred_name": person.preferred_name,
            "phone": person.phone, "email": person.email,
            "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "client_group": person.client_group, "organisation": person.organisation.name,
            "workers": [_who(w) for w in person.workers.all()],
            "consent_to_work_on": person.consent_to_work_on.isoformat() if person.consent_to_work_on else None,
            "consent_to_data_use": person.consent_to_data_use, "consent_to_story_use": person.consent_to_story_use,
        },
        "sessions": [
            {"date": s.date.isoformat(), "status": s.status, "minutes": s.minutes, "place": s.place,
             "who_took_part": s.who_took_part, "worked_on": [c.title for c in s.components.all()],
             "shared_notes": s.shared_notes, "remember_next": s.remember_items,
             **({"private_reflections": s.private_reflections} if include_private else {})}
            for s in sessions
        ],
        "goals": [
            {"title": g.title, "own_words": g.own_words, "status": g.status,
             "review_on": g.review_on.isoformat() if g.review_on else None,
             "steps": [{"description": a.description, "owner": a.owner, "done": a.done_at is not None} for a in g.actions.all()]}
            for g in goals
        ],
        "network_maps": [
            {"drawn_on": m.drawn_on.isoformat(), "circles": m.circles, "note": m.note,
             "members": [{"label": x.label, "kind": x.kind, "relationship": x.relationship, "circle": x.circle,
                          "frequency": x.frequency, "quality": x.quality, "service": x.is_service} for x in m.members.all()]}
            for m in maps
        ],
        "reviews": [
            {"held_on": r.held_on.isoformat(), "covers_from": r.covers_from.isoformat(), "what_changed": r.summary,
             "agreed": r.agreed, "next_review_on": r.next_review_on.isoformat()}
            for r in person.reviews.order_by("held_on", "id")
        ],
        "record_history": [
            {"when": timezone.localtime(e.at).isoformat(timespec="seconds"), "who": e.actor_label, "what": e.get_action_display()}
            for e in history
        ],
    }


def export_person(acting_user: Any, person: Person, *, include_private: bool = False) -> bytes:
    from weasyprint import HTML

    data = subject_access(person, include_private=include_private)
    details = [(key.replace("_", " ").capitalize(),
                ", ".join(value) if isinstance(value, list) else ("—" if value is None else str(value)))
               for key, value in data["person"].items()]
    html = render_to_string("practice/subject_access.html",
                            {"data": data, "details": details, "include_private": include_private})
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("person.json", json.dumps(data, ensure_ascii=False, indent=2))
        zf.writestr("person.pdf", HTML(string=html).write_pdf())
        zf.writestr("README.txt", TEXT_README.format(
            private="included" if include_private else "not included; a manager decides on request whether to release them"))
    with transaction.atomic():
        log.record(acting_user, log.Action.EXPORT, person,
                   note="subject-access copy" + (" with private reflections" if include_private else ""))
    return archive.getvalue()


def do_erase_person(acting_user: Any, person: Person) -> dict[str, int]:
    pk, organisation_id, account = person.pk, person.organisation_id, person.account
    related = {
        "practice.person": [pk],
        "practice.session": list(person.sessions.values_list("id", flat=True)),
        "practice.goal": list(person.goals.values_list("id", flat=True)),
        "practice.goalaction": list(GoalAction.objects.filter(goal__person=person).values_list("id", flat=True)),
        "practice.networkmap": list(person.maps.values_list("id", flat=True)),
        "practice.mapmember": list(MapMember.objects.filter(map__person=person).values_list("id", flat=True)),
        "practice.review": list(person.reviews.values_list("id", flat=True)),
    }
    if account is not None:
        related["accounts.user"] = [account.pk]
    counts = {kind: len(ids) for kind, ids in related.items()}
    sqlite = connection.vendor == "sqlite"
    if sqlite and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    with transaction.atomic():
        about = Q()
        for kind, ids in related.items():
            about |= Q(object_type=kind, object_id__in=[str(i) for i in ids])
        counts["audit entries redacted"] = log.redact(AuditEntry.objects.filter(about), "the person's data was erased")
        erasure_log.append_erasure(person)
        person.delete()
        if account is not None:
            LoginAttempt.objects.filter(username__iexact=account.username).delete()
            account.username = f"erased-{account.pk}"
            account.first_name = account.last_name = account.email = account.job_title = ""
            account.is_active = False
            account.set_unusable_password()
            account.save()
        log.record(acting_user, log.Action.DELETE, object_type="practice.person", object_id=str(pk),
                   object_repr="(erased)", organisation_id=organisation_id,
                   note="person erased: record, sessions, goals, maps and reviews removed; earlier entries redacted")
    if sqlite and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return counts
