"""Network maps in and out: ego/alter/edge CSV tables (the layout the R package egor reads, close to
Network Canvas exports) and GraphML. Pseudonymised by default: members are named by relationship and
number unless names are asked for."""

from __future__ import annotations

import datetime as dt
import io
import uuid
import xml.etree.ElementTree as ET  # building only
from collections import Counter
from pathlib import Path

from django.db import models, transaction

from connecting_people.accounts.models import User
from connecting_people.lib import nul
from connecting_people.lib.csvsafe import SafeWriter, restore_cell
from connecting_people.lib.csvtext import CsvTextError, csv_table, decode_csv

from .maps import do_new_map, do_save_member
from .models import (
    SUPPORT_KINDS,
    Frequency,
    MapMember,
    MapTie,
    MemberKind,
    NetworkMap,
    Person,
    Relationship,
    TieQuality,
)

ALTER_COLUMNS = [
    "ego_id",
    "alter_id",
    "label",
    "kind",
    "relationship",
    "circle",
    "frequency",
    "quality",
    "is_service",
    "support_received",
    "support_given",
]
SUPPORT = {value for value, _label in SUPPORT_KINDS}


class MapImportError(Exception):
    pass


def _labels(members: list[MapMember], with_names: bool) -> dict[int, str]:
    if with_names:
        return {m.pk: m.label for m in members}
    counts: Counter[str] = Counter()
    labels = {}
    for m in sorted(members, key=lambda m: str(m.key)):
        counts[m.relationship] += 1
        labels[m.pk] = f"{m.relationship.replace('_', ' ')} {counts[m.relationship]}"
    return labels


def export_csv(maps: list[NetworkMap], *, with_names: bool = False) -> dict[str, str]:
    ego, alters, edges = io.StringIO(), io.StringIO(), io.StringIO()
    ego_w, alter_w, edge_w = SafeWriter(ego), SafeWriter(alters), SafeWriter(edges)
    ego_w.writerow(["ego_id", "drawn_on", "circles"])
    alter_w.writerow(ALTER_COLUMNS)
    edge_w.writerow(["ego_id", "from", "to"])
    for m in maps:
        ego_id = m.drawn_on.isoformat()
        members = list(m.members.all())
        labels = _labels(members, with_names)
        ego_w.writerow([ego_id, m.drawn_on.isoformat(), m.circles])
        for x in members:
            alter_w.writerow(
                [
                    ego_id,
                    str(x.key),
                    labels[x.pk],
                    x.kind,
                    x.relationship,
                    x.circle,
                    x.frequency,
                    x.quality,
                    "true" if x.is_service else "false",
                    ";".join(x.support_received),
                    ";".join(x.support_given),
                ]
            )
        keys = {x.pk: str(x.key) for x in members}
        for tie in m.ties.all():
            edge_w.writerow([ego_id, keys[tie.a_id], keys[tie.b_id]])
    return {"ego.csv": ego.getvalue(), "alters.csv": alters.getvalue(), "edges.csv": edges.getvalue()}


def export_graphml(maps: list[NetworkMap], *, with_names: bool = False) -> str:
    ns = "http://graphml.graphdrawing.org/xmlns"
    root = ET.Element("graphml", xmlns=ns)
    fields = [
        "label",
        "kind",
        "relationship",
        "circle",
        "frequency",
        "quality",
        "is_service",
        "support_received",
        "support_given",
    ]
    for name in fields:
        attr_type = "int" if name == "circle" else "boolean" if name == "is_service" else "string"
        ET.SubElement(root, "key", {"id": name, "for": "node", "attr.name": name, "attr.type": attr_type})
    for m in maps:
        members = list(m.members.all())
        labels = _labels(members, with_names)
        graph = ET.SubElement(root, "graph", id=f"map-{m.drawn_on.isoformat()}", edgedefault="undirected")
        ET.SubElement(ET.SubElement(graph, "node", id="ego"), "data", key="label").text = "ego"
        for x in members:
            node = ET.SubElement(graph, "node", id=str(x.key))
            values = {
                "label": labels[x.pk],
                "kind": x.kind,
                "relationship": x.relationship,
                "circle": str(x.circle),
                "frequency": x.frequency,
                "quality": x.quality,
                "is_service": "true" if x.is_service else "false",
                "support_received": ";".join(x.support_received),
                "support_given": ";".join(x.support_given),
            }
            for key, value in values.items():
                ET.SubElement(node, "data", key=key).text = value
            ET.SubElement(graph, "edge", source="ego", target=str(x.key))
        keys = {x.pk: str(x.key) for x in members}
        for tie in m.ties.all():
            ET.SubElement(graph, "edge", source=keys[tie.a_id], target=keys[tie.b_id])
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def _rows(folder: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """The table's rows, each with its line."""
    path = folder / name
    if not path.is_file():
        raise MapImportError(f"{name} is missing from {folder}")
    try:
        table = csv_table(decode_csv(path.read_bytes()))  # a line break inside a cell stays as written
    except CsvTextError as exc:
        raise MapImportError(f"{name} could not be read: {exc}") from None
    for line, row in table.rows:
        if overfull := table.too_many_cells(line):
            raise MapImportError(f"{name} {overfull}")
        if holding := nul.fields_with_nul(row):
            raise MapImportError(f"{name} line {line}: {holding[0]} {nul.PROBLEM}")
    return table.rows


def _ends(row: dict[str, str]) -> tuple[str, str]:
    """The two ends of a tie: `from` and `to`, or `source` and `target` as other tools name them."""
    return (row.get("from") or row.get("source") or "").strip(), (
        row.get("to") or row.get("target") or ""
    ).strip()


def _choice(value: str, allowed: type[models.TextChoices], what: str, line: int) -> str:
    value = value.strip()
    if value not in allowed.values:
        raise MapImportError(
            f"alters.csv line {line}: {what} {value!r} is not one of {', '.join(allowed.values)}"
        )
    return value


def import_csv(acting_user: User | None, person: Person, folder: Path) -> list[NetworkMap]:
    """One map per ego row; every map is checked whole before anything is written."""
    egos, alters, edges = _rows(folder, "ego.csv"), _rows(folder, "alters.csv"), _rows(folder, "edges.csv")
    known = {ego.get("ego_id", "").strip() for _, ego in egos}
    # A row of another map that is not in ego.csv (Excel rewrites an ego_id that reads as a date) would
    # otherwise be left out without a word.
    for name, rows in (("alters.csv", alters), ("edges.csv", edges)):
        for line, row in rows:
            if row.get("ego_id", "").strip() not in known:
                raise MapImportError(
                    f"{name} line {line}: ego_id {row.get('ego_id', '')!r} is not in ego.csv"
                )
    for line, row in edges:
        if not all(_ends(row)):
            raise MapImportError(f"edges.csv line {line}: a tie needs both ends (the columns from and to)")
    plans = []
    for line, ego in egos:
        try:
            drawn_on = dt.date.fromisoformat(ego.get("drawn_on", "").strip())
            circles = int(ego.get("circles", "3"))
        except ValueError:
            raise MapImportError(
                f"ego.csv line {line}: drawn_on must be a date (YYYY-MM-DD) and circles a number"
            ) from None
        ego_id = ego.get("ego_id", "").strip()
        members = []
        lines: dict[uuid.UUID, int] = {}
        for a_line, row in alters:
            if row.get("ego_id", "").strip() != ego_id:
                continue
            try:
                key = uuid.UUID(row.get("alter_id", "").strip())
                circle = int(row.get("circle", ""))
            except ValueError:
                raise MapImportError(
                    f"alters.csv line {a_line}: alter_id must be a UUID and circle a number"
                ) from None
            if key in lines:
                raise MapImportError(
                    f"alters.csv line {a_line}: alter_id {key} is already on line {lines[key]} of map "
                    f"{ego_id}"
                )
            lines[key] = a_line
            if not 1 <= circle <= circles:
                raise MapImportError(f"alters.csv line {a_line}: circle {circle} is outside 1-{circles}")
            support = {
                k: [s for s in row.get(k, "").split(";") if s] for k in ("support_received", "support_given")
            }
            unknown = [s for values in support.values() for s in values if s not in SUPPORT]
            if unknown:
                raise MapImportError(f"alters.csv line {a_line}: unknown kind of support {unknown[0]!r}")
            label = restore_cell(row.get("label", "")).strip()
            if not label:
                raise MapImportError(f"alters.csv line {a_line}: label is empty")
            # Being a paid professional or service is one answer, the relationship "paid"
            # (maps.do_save_member); files from elsewhere or from before may say it by the kind
            # "professional" or the is_service column.
            kind = row.get("kind", "").strip()
            relationship = _choice(row.get("relationship", ""), Relationship, "relationship", a_line)
            if kind == "professional" or row.get("is_service", "").strip().lower() in ("true", "1", "yes"):
                relationship = Relationship.PAID
            members.append(
                dict(
                    key=key,
                    label=label[:120],
                    kind=MemberKind.PERSON
                    if kind == "professional"
                    else _choice(kind, MemberKind, "kind", a_line),
                    relationship=relationship,
                    circle=circle,
                    frequency=_choice(row.get("frequency", ""), Frequency, "frequency", a_line),
                    quality=_choice(row.get("quality", ""), TieQuality, "quality", a_line),
                    **support,
                )
            )
        keys = {str(m["key"]) for m in members}
        ties: set[frozenset[str]] = set()  # a tie is the same whichever way, and however often, it is listed
        for e_line, edge in edges:
            if edge.get("ego_id", "").strip() != ego_id:
                continue
            ends = _ends(edge)
            if not set(ends) <= keys:
                missing = next(end for end in ends if end not in keys)
                raise MapImportError(
                    f"edges.csv line {e_line}: {missing} is not on map {ego_id} in alters.csv"
                )
            if ends[0] == ends[1]:
                raise MapImportError(
                    f"edges.csv line {e_line}: a tie joins two people, not one to themselves"
                )
            ties.add(frozenset(ends))
        plans.append((drawn_on, circles, members, ties))
    created = []
    with transaction.atomic():
        for drawn_on, circles, members, ties in sorted(plans, key=lambda p: p[0]):
            network_map = do_new_map(acting_user, person, drawn_on, circles, note="imported")
            network_map.members.all().delete()  # an import states the whole map; nothing is carried forward
            network_map.ties.all().delete()
            saved = {
                str(m["key"]): do_save_member(acting_user, MapMember(map=network_map, **m)) for m in members
            }
            pairs = [sorted((saved[a], saved[b]), key=lambda member: member.pk) for a, b in map(tuple, ties)]
            MapTie.objects.bulk_create([MapTie(map=network_map, a=a, b=b) for a, b in pairs])
            created.append(network_map)
    return created
