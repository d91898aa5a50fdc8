"""Network maps in the database: snapshots for the measures, carrying a map forward, and the drawing."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable, Iterator
from itertools import groupby
from xml.sax.saxutils import escape, quoteattr

from django.db import transaction
from django.db.models import Q

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.audit.saving import save_with_audit

from .models import MapMember, MapTie, NetworkMap, Person
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
    """A new dated map; it starts from the person's latest map drawn up to that date, carrying everyone forward."""
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
        touch([person.pk])  # the page lists the maps
    return new


def do_save_member(acting_user: User | None, member: MapMember) -> MapMember:
    if member.pk is None and not member.key:
        member.key = uuid.uuid4()
    member.circle = max(1, min(member.circle, member.map.circles))
    return save_with_audit(acting_user, member, MapMember.AUDITED_FIELDS)


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


KIND_COLOURS = {"person": "#d3ecec", "group": "#fbe6c8", "place": "#e2efdc", "professional": "#e6e9f5"}
QUALITY_STROKES = {"strong": ("#1b2628", ""), "weak": ("#4a5658", "4 3"), "stressful": ("#a32020", "2 2")}


def draw(
    network_map: NetworkMap,
    members: list[MapMember],
    *,
    centre_label: str = "Me",
    move_url: Callable[[MapMember], str] | None = None,
) -> str:
    """Concentric circles of closeness, the person in the middle, each member on their circle."""
    size, margin = 640, 70
    centre = size / 2
    ring = (size / 2 - margin) / network_map.circles
    parts = [f'<rect width="{size}" height="{size}" fill="#ffffff"/>']
    for i in range(network_map.circles, 0, -1):
        parts.append(
            f'<circle cx="{centre}" cy="{centre}" r="{i * ring:.1f}" fill="{"#f4f6f5" if i % 2 else "#ffffff"}" '
            f'stroke="#c9d1d0" stroke-width="1.5"/>'
        )
    by_circle: dict[int, list[MapMember]] = {}
    for member in members:
        by_circle.setdefault(member.circle, []).append(member)
    for circle, group in by_circle.items():
        radius = (circle - 0.5) * ring
        for index, member in enumerate(sorted(group, key=lambda m: m.label)):
            angle = -math.pi / 2 + 2 * math.pi * index / len(group) + circle * 0.35
            x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
            stroke, dash = QUALITY_STROKES.get(member.quality, ("#1b2628", ""))
            fill = KIND_COLOURS.get(member.kind, "#ffffff")
            shape = (
                f'<rect x="{x - 11:.1f}" y="{y - 11:.1f}" width="22" height="22" rx="3"'
                if member.is_service
                else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12"'
            )
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            label = (
                f"{member.label}: {member.get_relationship_display().lower()}, circle {member.circle}, "
                f"{member.get_frequency_display().lower()}, {member.get_quality_display().lower()} tie"
                + (", a service" if member.is_service else "")
            )
            movable = (
                f' tabindex="0" role="button" data-move-url={quoteattr(move_url(member))} '
                f"aria-label={quoteattr(label + '. Press the left and right arrow keys to move closer or further.')}"
                if move_url
                else ""
            )
            parts.append(
                f'<g class="map-member" data-key={quoteattr(str(member.key))} data-circle="{member.circle}"{movable}>'
                f'<title>{escape(label)}</title>{shape} fill="{fill}" stroke="{stroke}" stroke-width="2"{dash_attr}/>'
                f'<text x="{x:.1f}" y="{y + 27:.1f}" text-anchor="middle" font-size="12" fill="#1b2628" '
                f'font-family="DejaVu Sans, Verdana, sans-serif">{escape(member.label[:22])}</text></g>'
            )
    parts.append(
        f'<circle cx="{centre}" cy="{centre}" r="20" fill="#1f5f63"/>'
        f'<text x="{centre}" y="{centre + 4}" text-anchor="middle" font-size="13" fill="#ffffff" '
        f'font-family="DejaVu Sans, Verdana, sans-serif">{escape(centre_label)}</text>'
    )
    title = f"Network map of {network_map.drawn_on:%d %B %Y}"
    desc = (
        f"{len(members)} people, groups and places on {network_map.circles} circles of closeness; "
        "the closest circle is in the middle. The same members are listed in the table."
    )
    role = "group" if move_url else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" class="network-map" role="{role}" '
        f'data-centre="{centre}" data-ring="{ring:.2f}" data-circles="{network_map.circles}" '
        f'aria-labelledby="map-title map-desc"><title id="map-title">{escape(title)}</title>'
        f'<desc id="map-desc">{escape(desc)}</desc>' + "".join(parts) + "</svg>"
    )


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
