"""Network maps in the database: snapshots for the measures, carrying a map forward, changing members."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from itertools import groupby

from django.db import transaction
from django.db.models import Q

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import delete_with_audit, save_with_audit

from .models import (
    CommunityLink,
    Frequency,
    LinkKind,
    LinkState,
    MapMember,
    MapTie,
    MemberKind,
    NetworkMap,
    Person,
    Relationship,
)
from .network import Alter, Measures, Snapshot, measures
from .summary import touch


def snapshot(network_map: NetworkMap) -> Snapshot:
    members = list(network_map.members.all())
    by_id = {m.pk: str(m.key) for m in members}
    ties = tuple(
        (by_id[t.a_id], by_id[t.b_id]) for t in network_map.ties.all() if t.a_id in by_id and t.b_id in by_id
    )
    return Snapshot(
        tuple(
            Alter(
                str(m.key),
                m.label,
                m.relationship,
                m.circle,
                m.is_service,
                m.frequency,
                frozenset(m.support_received) | frozenset(m.support_given),
            )
            for m in members
        ),
        ties,
    )


def do_new_map(
    acting_user: User | None, person: Person, drawn_on: dt.date, circles: int = 3, note: str = ""
) -> NetworkMap:
    """A new dated map; it starts from the person's latest map drawn up to that date, carrying everyone
    forward."""
    previous = person.maps.filter(drawn_on__lte=drawn_on).order_by("-drawn_on", "-id").first()
    with transaction.atomic():
        new = save_with_audit(
            acting_user,
            NetworkMap(
                person=person,
                drawn_on=drawn_on,
                circles=previous.circles if previous else circles,
                based_on=previous,
                note=note,
                created_by=acting_user,
            ),
            NetworkMap.AUDITED_FIELDS,
        )
        if previous is not None:
            copies = {}
            for member in previous.members.all():
                old_pk = member.pk
                member.pk, member.map = None, new
                member.save()
                copies[old_pk] = member
            MapTie.objects.bulk_create(
                [MapTie(map=new, a=copies[t.a_id], b=copies[t.b_id]) for t in previous.ties.all()]
            )
        _add_linked_groups(acting_user, new)
        touch([person.pk])  # the page lists the maps
    return new


def _add_linked_groups(acting_user: User | None, new: NetworkMap) -> None:
    """The groups (or, for a worker's contact, the person) of the person's community links marked for the
    next map join it in the outer circle, unless the map already has a member by that name; each link's
    mark is then cleared."""
    on_map = {label.casefold() for label in new.members.values_list("label", flat=True)}
    for link in CommunityLink.objects.filter(person_id=new.person_id, on_next_map=True).exclude(
        state=LinkState.STOPPED
    ):
        label = link.name[:120]  # MapMember.label's length
        if label.casefold() not in on_map:
            do_save_member(
                acting_user,
                MapMember(
                    map=new,
                    label=label,
                    kind=MemberKind.PERSON if link.kind == LinkKind.CONTACT else MemberKind.GROUP,
                    relationship=Relationship.OTHER
                    if link.kind == LinkKind.CONTACT
                    else Relationship.GROUP_MEMBER,
                    circle=new.circles,
                    frequency=Frequency.WEEKLY if link.state == LinkState.CONTINUING else Frequency.MONTHLY,
                ),
            )
            on_map.add(label.casefold())
        link.on_next_map = False
        save_with_audit(acting_user, link, CommunityLink.AUDITED_FIELDS, note=f"added to map {new.pk}")


def do_save_member(acting_user: User | None, member: MapMember) -> MapMember:
    """Save a member of a map. Whether they are a paid professional or a service is asked once, as their
    relationship; `is_service`, which the measures read, follows it here and nowhere else."""
    if member.pk is None and not member.key:
        member.key = uuid.uuid4()
    member.is_service = member.relationship == Relationship.PAID
    member.circle = max(1, min(member.circle, member.map.circles))
    with transaction.atomic():
        saved = save_with_audit(acting_user, member, MapMember.AUDITED_FIELDS)
        touch([member.map.person_id])  # the person's page counts who is in each circle
    return saved


def do_remove_member(acting_user: User | None, member: MapMember) -> None:
    with transaction.atomic():
        delete_with_audit(acting_user, member, MapMember.AUDITED_FIELDS)
        touch([member.map.person_id])


def ties_of(member: MapMember) -> set[int]:
    """The ids of the other members this one is tied to (ties have no direction)."""
    return {
        b if a == member.pk else a
        for a, b in MapTie.objects.filter(map_id=member.map_id)
        .filter(Q(a=member) | Q(b=member))
        .values_list("a_id", "b_id")
    }


def do_set_ties(acting_user: User | None, member: MapMember, knows: set[int]) -> tuple[int, int]:
    """Make `knows` exactly the members this one is tied to on its map. Returns (added, removed)."""
    labels = dict(MapMember.objects.filter(map_id=member.map_id).values_list("pk", "label"))
    knows = {pk for pk in knows if pk in labels and pk != member.pk}
    with transaction.atomic():
        current = ties_of(member)
        added, removed = knows - current, current - knows
        if removed:
            MapTie.objects.filter(map_id=member.map_id).filter(
                Q(a=member, b_id__in=removed) | Q(b=member, a_id__in=removed)
            ).delete()
        MapTie.objects.bulk_create(
            [MapTie(map_id=member.map_id, a_id=min(member.pk, pk), b_id=max(member.pk, pk)) for pk in added]
        )
        if added or removed:
            log.record(
                acting_user,
                log.Action.UPDATE,
                member,
                note="changed who they know on the map",
                changes={"knows": [sorted(labels[pk] for pk in current), sorted(labels[pk] for pk in knows)]},
            )
    return len(added), len(removed)


def all_measures(chunk: int = 20_000) -> Iterator[tuple[int, Measures]]:
    """(map id, Measures) for every map, streamed from plain rows rather than model objects, so that
    recomputing a whole service's maps stays fast."""
    ties: dict[int, list[tuple[str, str]]] = {}
    for map_id, a, b in MapTie.objects.values_list("map_id", "a__key", "b__key").iterator(chunk_size=chunk):
        ties.setdefault(map_id, []).append((str(a), str(b)))
    rows = (
        MapMember.objects.order_by("map_id")
        .values_list("map_id", "key", "label", "relationship", "circle", "is_service", "frequency")
        .iterator(chunk_size=chunk)
    )
    for map_id, group in groupby(rows, key=lambda row: row[0]):
        alters = tuple(
            Alter(str(key), label, relationship, circle, is_service, frequency)
            for _m, key, label, relationship, circle, is_service, frequency in group
        )
        yield map_id, measures(Snapshot(alters, tuple(ties.get(map_id, ()))))
