"""A person's data rights: a copy of everything held about them, and erasure.

The copy is generated from the data model (`personal_data.py`): every model with a path to the person, every
field carried or excluded with a reason, and the history of changes to their record with its values opened
with the person's own key.

Erasure is complete by construction. Every audit entry about the person or their own sign-in carries their
subject when it is written and holds the values only sealed with that subject's key, so destroying the key
erases the values of every entry, including those about rows deleted long before, and in every copy of the
database. The record and everything hung on it is deleted, the sign-in closed, and a tombstone that names no
one is written (`TOMBSTONE`: the person's former id and organisation only, which is how the outcome analysis
counts the people of an organisation erased, `erased_count`). Then the deleted rows are physically removed
(`disk.py`): on SQLite by rebuilding the file (`VACUUM`) and emptying the write-ahead log, on PostgreSQL by
rewriting the tables that held them (`VACUUM FULL`, which leaves no dead rows in the heap, its indexes or its
TOAST table)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

from django.core.cache import cache
from django.db import connection, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from connecting_people.accounts.models import LoginAttempt, User
from connecting_people.audit import keys, log
from connecting_people.audit.models import AuditEntry, SubjectKey
from connecting_people.backup import erasure_log
from connecting_people.lib.pdf import write_pdf

from . import disk
from .circle_chart import circle_counts, circle_name, draw_circle_chart
from .map_drawing import MARKS, draw
from .maps import snapshot
from .models import Person, person_subject
from .network import compare
from .page import record_keys
from .personal_data import EXCLUDED_MODELS, PARTS, Part, about_a_person, field_names
from .stories import do_withdraw_stories

NOT_YET_COMPACTED = "tables to rewrite again with `cpi practice compact` (older transactions were open)"

TEXT_README = """This archive holds everything Connecting People keeps about one person.

person.json  the data itself, for a computer to read
person.pdf   the same, to read or print

The worker's private reflections are {private}.
Left out, and why: {excluded}
"""


def _who(user: User) -> str:
    return user.display_name


def _label(obj: models.Model) -> Any:
    """A related object as the copy names it: people by name, parts of this record by their id."""
    if isinstance(obj, User):
        return _who(obj)
    if obj._meta.label_lower in PARTS:
        return obj.pk
    return str(obj)


def _value(obj: models.Model, field: Any) -> Any:
    if field.many_to_many:
        return [_label(x) for x in getattr(obj, field.name).all()]
    if field.is_relation:
        target = getattr(obj, field.name)
        return None if target is None else _label(target)
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return log.plain(value)


def _rows(person: Person, model: type[models.Model], part: Part, names: list[str]) -> list[dict[str, Any]]:
    fields = [model._meta.get_field(name) for name in names]
    rows = model._default_manager.filter(**{part.lookup: person.pk}).order_by("pk")
    rows = rows.select_related(*[f.name for f in fields if f.is_relation and not f.many_to_many])
    rows = rows.prefetch_related(*[f.name for f in fields if f.many_to_many])
    return [{f.name: _value(row, f) for f in fields} for row in rows]


def subjects_of(person: Person) -> list[str]:
    """Whose keys seal this person's audit values: theirs and their own sign-in's."""
    return [person_subject(person.pk)] + ([f"accounts.user:{person.account_id}"] if person.account_id else [])


def subject_access(person: Person, *, include_private: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"generated_at": timezone.localtime().isoformat(timespec="seconds")}
    hidden = set()
    for label, model in about_a_person().items():
        part = PARTS.get(label)
        if part is None:
            continue
        names = [
            n for n in field_names(model) if n in part.carried and (include_private or n not in part.private)
        ]
        hidden |= {(label, n) for n in part.private if not include_private}
        rows = _rows(person, model, part, names)
        data[part.section] = rows[0] if label == "practice.person" else rows
    history = AuditEntry.objects.filter(subject__in=subjects_of(person)).order_by("at", "id")
    data["history"] = [
        {
            "when": timezone.localtime(entry.at).isoformat(timespec="seconds"),
            "who": entry.actor_label,
            "what": entry.get_action_display(),
            "record": f"{entry.object_type} {entry.object_id}",
            "changes": {
                name: pair
                for name, pair in (changes or {}).items()
                if (entry.object_type, name) not in hidden
            },
            **({"note": entry.note} if entry.note else {}),
        }
        for entry, changes in log.opened(history)
    ]
    return data


def _heading(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _pairs(row: dict[str, Any]) -> list[tuple[str, str]]:
    """One row of the copy as the PDF prints it."""

    def shown(value: Any) -> str:
        if value is None or value == [] or value == {}:
            return "—"
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    return [(_heading(name), shown(value)) for name, value in row.items()]


def excluded_reasons() -> list[str]:
    return [
        f"{part.section}.{name}: {reason}"
        for part in PARTS.values()
        for name, reason in part.excluded.items()
    ] + [f"{label}: {reason}" for label, reason in EXCLUDED_MODELS.items()]


def _drawn_maps(person: Person) -> list[tuple[str, SafeString]]:
    """Each of the person's network maps as they saw it drawn, oldest first, with its date, for the PDF
    copy: the same members as the tables, as a picture."""
    maps = person.maps.order_by("drawn_on", "id").prefetch_related("members")
    return [
        (
            date_format(m.drawn_on, "DATE_FORMAT"),
            # draw() escapes every piece of text it puts in the SVG.
            mark_safe(draw(m, list(m.members.all()), id_prefix=f"map{m.pk}")),
        )
        for m in maps
    ]


def _latest_change(person: Person) -> dict[str, Any]:
    """The newest map beside the one it was redrawn from, with who is new, gone, closer or further marked as
    the comparison page marks them, and the same sentences, for the PDF copy (from a second map on)."""
    maps = list(person.maps.order_by("drawn_on", "id").prefetch_related("members"))
    if len(maps) < 2:
        return {}
    newer = maps[-1]
    older = next((m for m in maps if m.pk == newer.based_on_id), maps[-2])
    result = compare(snapshot(older), snapshot(newer))
    before, after = result.marks()
    drawings = []
    for network_map, marks, prefix, words in (
        (older, before, "before", "before"),
        (newer, after, "after", "now"),
    ):
        heading = f"The map {words}, {date_format(network_map.drawn_on, 'DATE_FORMAT')}"
        members = list(network_map.members.all())
        # draw() escapes every piece of text it puts in the SVG.
        svg = draw(network_map, members, marks=marks, id_prefix=prefix, heading=heading)
        drawings.append((heading, mark_safe(svg)))
    return {
        "drawings": drawings,
        "summary": result.summary(to_the_person=False),
        "legend": list(MARKS.values()),
    }


def _circles(person: Person) -> dict[str, Any]:
    """How the person's circles changed across their maps, for the PDF copy: the chart their own page
    shows (from a second map on) and its figures as a table."""
    rows = circle_counts(list(person.maps.all()))
    if len(rows) < 2:
        return {}
    return {
        # draw_circle_chart escapes every piece of text it puts in the SVG.
        "chart": mark_safe(draw_circle_chart(rows, title="How the circles changed", id_prefix="circles")),
        "names": [circle_name(c) for c in range(1, len(rows[0].counts) + 1)],
        "rows": [(date_format(row.drawn_on, "DATE_FORMAT"), row.counts) for row in rows],
    }


def export_person(acting_user: User | None, person: Person, *, include_private: bool = False) -> bytes:
    data = subject_access(person, include_private=include_private)
    sections = [
        (_heading(key), [_pairs(row) for row in ([value] if isinstance(value, dict) else value)])
        for key, value in data.items()
        if key != "generated_at"
    ]
    html = render_to_string(
        "practice/subject_access.html",
        {
            "data": data,
            "details": data["details"],
            "sections": sections,
            "maps": _drawn_maps(person),
            "circles": _circles(person),
            "change": _latest_change(person),
            "include_private": include_private,
        },
    )
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("person.json", json.dumps(data, ensure_ascii=False, indent=2))
        zf.writestr("person.pdf", write_pdf(html))
        zf.writestr(
            "README.txt",
            TEXT_README.format(
                private="included"
                if include_private
                else "not included; a manager decides on request whether to release them",
                excluded="\n  " + "\n  ".join(excluded_reasons()),
            ),
        )
    with transaction.atomic():
        log.record(
            acting_user,
            log.Action.EXPORT,
            person,
            note="subject-access copy" + (" with private reflections" if include_private else ""),
        )
    return archive.getvalue()


# The tombstone an erasure writes in the audit trail: its object type and its pseudonymous description.
TOMBSTONE = ("practice.person", "(erased)")


def erased_count(organisation_id: int) -> int:
    """How many of the organisation's people have been erased, from the tombstones in the audit trail
    (one per erasure, written in its transaction, never changed; a restore erases again only people the
    restored trail has no tombstone for). Nothing about who they were is kept or needed."""
    object_type, description = TOMBSTONE
    return AuditEntry.objects.filter(
        organisation_id=organisation_id,
        object_type=object_type,
        action=log.Action.DELETE,
        object_repr=description,
    ).count()


def person_data_tables() -> list[str]:
    """Every table that holds a person's rows, their keys or their sign-in's traces."""
    return [model._meta.db_table for model in about_a_person().values()] + [
        SubjectKey._meta.db_table,
        LoginAttempt._meta.db_table,
    ]


def do_erase_person(acting_user: User | None, person: Person) -> dict[str, int]:
    pk, organisation_id, account = person.pk, person.organisation_id, person.account
    subjects = subjects_of(person)
    holding = about_a_person()
    counts = {
        PARTS[label].section: holding[label]
        ._default_manager.filter(**{PARTS[label].lookup: person.pk})
        .count()
        for label in holding
        if label in PARTS
    }
    counts["audit entries sealed"] = AuditEntry.objects.filter(subject__in=subjects).count()
    cached = record_keys(person)
    outside = not connection.in_atomic_block
    with transaction.atomic():
        taken_back = do_withdraw_stories(acting_user, person, "person erased")
        if taken_back:
            counts["stories taken back from the research teams"] = len(taken_back)
        counts["keys destroyed"] = keys.destroy(subjects)
        erasure_log.append_erasure(person)
        person.delete()
        if account is not None:
            LoginAttempt.objects.filter(username__iexact=account.username).delete()
            account.username = f"erased-{account.pk}"
            account.first_name = account.last_name = account.email = account.job_title = ""
            account.is_active = False
            account.set_unusable_password()
            account.save()
        log.record(
            acting_user,
            log.Action.DELETE,
            object_type=TOMBSTONE[0],
            object_id=str(pk),
            object_repr=TOMBSTONE[1],
            organisation_id=organisation_id,
            note="person erased: record and all that hangs on it removed; their key destroyed",
        )
    cache.delete_many(cached)  # this process's (or the shared) cache; other processes' copies expire
    if outside:
        tables = person_data_tables()
        if disk.compact(tables):
            counts["tables rewritten"] = len(tables)
        else:
            counts[NOT_YET_COMPACTED] = len(tables)
    return counts
