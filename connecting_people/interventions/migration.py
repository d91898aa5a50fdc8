"""Moving evidence from one published version's components to another's.

Any model in the project with a foreign key to Component (excerpts, guide sections, sessions,
ratings...) is found through Django's relation registry, so later apps need no registration."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models, transaction

from connecting_people.accounts.models import User
from connecting_people.audit import log
from connecting_people.lib.csvtext import CsvTextError, csv_table, decode_csv

from .models import Component, ComponentLink, ModelVersion, VersionMigration
from .signals import evidence_moved


class MigrationError(Exception):
    pass


@dataclass
class MigrationPlan:
    source: ModelVersion
    target: ModelVersion
    mapping: dict[str, str | None]  # every old key -> new key, or None when it has no home
    unmapped: list[str] = field(default_factory=list)
    references: dict[str, dict[str, int]] = field(
        default_factory=dict
    )  # "app.model.field" -> {old key: rows}

    @property
    def stranded(self) -> dict[str, dict[str, int]]:
        """Rows that point at components with no new home, by reference."""
        return {
            ref: {key: n for key, n in counts.items() if key in self.unmapped}
            for ref, counts in self.references.items()
            if any(key in self.unmapped for key in counts)
        }

    def as_report(self) -> dict[str, Any]:
        return {
            "source": self.source.label,
            "target": self.target.label,
            "mapped": {k: v for k, v in self.mapping.items() if v},
            "unmapped": self.unmapped,
            "references": self.references,
            "stranded": self.stranded,
        }


def component_references() -> list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    """Every (model, foreign key) in the project that points at a Component, links aside."""
    found = []
    # Walk every model's own fields: reverse accessors would miss keys declared with related_name="+".
    for model in apps.get_models():
        if model is ComponentLink:
            continue
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.ForeignKey) and model_field.remote_field.model is Component:
                found.append((model, model_field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label, pair[1].name))


def read_mapping(data: bytes) -> dict[str, str | None]:
    """A CSV with columns old_key,new_key; an empty new_key says the component has no successor."""
    try:
        table = csv_table(decode_csv(data))
    except CsvTextError as exc:
        raise MigrationError(f"The mapping file could not be read: {exc}.") from None
    if {"old_key", "new_key"} - set(table.header):
        raise MigrationError("The mapping file needs a header line: old_key,new_key")
    mapping: dict[str, str | None] = {}
    for line_number, row in table.rows:
        if overfull := table.too_many_cells(line_number):
            raise MigrationError(overfull)
        old = (row.get("old_key") or "").strip()
        if not old:
            raise MigrationError(f"line {line_number}: old_key is empty")
        if old in mapping:
            raise MigrationError(f"line {line_number}: {old!r} is mapped twice")
        mapping[old] = (row.get("new_key") or "").strip() or None
    return mapping


def plan_migration(
    source: ModelVersion, target: ModelVersion, explicit: dict[str, str | None]
) -> MigrationPlan:
    if source.pk == target.pk:
        raise MigrationError("Choose two different versions.")
    if source.model_id != target.model_id:
        raise MigrationError("Both versions must belong to the same intervention model.")
    if not target.is_published:
        raise MigrationError(
            f"Version {target.label} is a draft; evidence can only move to a published version."
        )
    old = {c.key: c for c in source.components.all()}
    new = {c.key: c for c in target.components.all()}
    problems = [f"{key!r} is not a component of version {source.label}" for key in explicit if key not in old]
    problems += [
        f"{key!r} is mapped to {value!r}, which is not a component of version {target.label}"
        for key, value in explicit.items()
        if value is not None and value not in new
    ]
    if problems:
        raise MigrationError("; ".join(problems))
    mapping: dict[str, str | None] = {}
    for key in sorted(old):
        mapping[key] = explicit.get(key, key if key in new else None)
    plan = MigrationPlan(source, target, mapping, unmapped=[k for k, v in mapping.items() if v is None])
    ids_to_key = {c.pk: key for key, c in old.items()}
    for model, fk in component_references():
        counts = (
            model._default_manager.filter(**{f"{fk.name}__in": list(ids_to_key)})
            .values(fk.attname)
            .annotate(n=models.Count("pk"))
            .order_by()
        )
        by_key = {ids_to_key[row[fk.attname]]: row["n"] for row in counts}
        if by_key:
            plan.references[f"{model._meta.label_lower}.{fk.name}"] = dict(sorted(by_key.items()))
    return plan


def apply_migration(acting_user: User | None, plan: MigrationPlan) -> VersionMigration:
    """Repoint every reference to a mapped old component at its new component, in one transaction."""
    old = {c.key: c.pk for c in plan.source.components.all()}
    new = {c.key: c.pk for c in plan.target.components.all()}
    with transaction.atomic():
        moved: dict[str, int] = {}
        for model, fk in component_references():
            total = 0
            for old_key, new_key in plan.mapping.items():
                if new_key is None:
                    continue
                total += model._default_manager.filter(**{fk.attname: old[old_key]}).update(
                    **{fk.attname: new[new_key]}
                )
            if total:
                moved[f"{model._meta.label_lower}.{fk.name}"] = total
        report = {**plan.as_report(), "moved": moved}
        record = VersionMigration.objects.create(
            source=plan.source,
            target=plan.target,
            mapping=plan.mapping,
            report=report,
            applied_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        log.record(
            acting_user,
            log.Action.MIGRATE,
            plan.target,
            changes={"evidence": [plan.source.label, plan.target.label]},
            note=f"moved {sum(moved.values())} references; {len(plan.unmapped)} components unmapped",
        )
        evidence_moved.send(sender=VersionMigration, source=plan.source, target=plan.target)
    return record
