"""Changes to intervention models; each runs in a transaction and writes its audit entry."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from connecting_people.accounts.models import User
from connecting_people.audit import log

from .data import VersionData
from .models import Component, ComponentLink, InterventionModel, ModelVersion, VersionStatus
from .parts import WHEELS, LinkKind
from .store import version_data, write_components

COMPONENT_FIELDS = ("key", "part", "order", "title", "summary", "description", "questions")
VERSION_FIELDS = ("label", "note", "status")


class ModelActionError(Exception):
    """A change that cannot be made, with a message fit to show the user."""


def do_import_version(
    acting_user: User | None,
    data: VersionData,
    *,
    label: str | None = None,
    publish: bool = False,
    note: str = "",
) -> ModelVersion:
    """Create a new draft version (and its model if new) from parsed file data."""
    label = label or data.label
    with transaction.atomic():
        model, created = InterventionModel.objects.get_or_create(
            key=data.model_key, defaults={"name": data.model_name}
        )
        if created:
            log.record_created(acting_user, model, ("key", "name"))
        if ModelVersion.objects.filter(model=model, label=label).exists():
            raise ModelActionError(
                f"{model.name} already has a version labelled {label!r}; choose another label "
                "(e.g. with --label)."
            )
        version = ModelVersion.objects.create(
            model=model, label=label, note=data.note, created_by=acting_user
        )
        write_components(version, data)
        log.record_created(
            acting_user, version, VERSION_FIELDS, note=note or f"{len(data.components)} components"
        )
        if publish:
            _publish(acting_user, version)
    return version


def do_create_draft(acting_user: User | None, based_on: ModelVersion, label: str) -> ModelVersion:
    """A new draft that starts as a copy of an existing version."""
    label = label.strip()
    if not label:
        raise ModelActionError("Give the new draft a label, for example 1.1.")
    data = version_data(based_on)
    with transaction.atomic():
        if ModelVersion.objects.filter(model=based_on.model, label=label).exists():
            raise ModelActionError(f"{based_on.model.name} already has a version labelled {label!r}.")
        version = ModelVersion.objects.create(
            model=based_on.model,
            label=label,
            note=f"Draft based on version {based_on.label}.",
            based_on=based_on,
            created_by=acting_user,
        )
        write_components(version, data)
        log.record_created(acting_user, version, VERSION_FIELDS, note=f"copied from version {based_on.label}")
    return version


def wheel_sizes(version: ModelVersion) -> dict[str, int]:
    """Wheel part -> how many components it has in this version."""
    counts = dict(
        version.components.filter(part__in=WHEELS)
        .order_by()
        .values("part")
        .annotate(n=Count("id"))
        .values_list("part", "n")
    )
    return {part: counts.get(part, 0) for part in WHEELS}


def _publish(acting_user: User | None, version: ModelVersion) -> None:
    if not version.components.exists():
        raise ModelActionError("A version with no components cannot be published.")
    before = log.snapshot(version, VERSION_FIELDS)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = acting_user if getattr(acting_user, "pk", None) else None
    version.wheel_sizes = wheel_sizes(version)
    version.save()
    log.record(
        acting_user,
        log.Action.PUBLISH,
        version,
        changes=log.changes_between(before, log.snapshot(version, VERSION_FIELDS)),
    )


def do_publish_version(acting_user: User | None, version: ModelVersion) -> ModelVersion:
    with transaction.atomic():
        version = ModelVersion.objects.select_for_update().get(pk=version.pk)
        version.assert_editable()
        _publish(acting_user, version)
    return version


def do_update_version(
    acting_user: User | None, version: ModelVersion, *, label: str, note: str
) -> ModelVersion:
    with transaction.atomic():
        version.assert_editable()
        before = log.snapshot(version, VERSION_FIELDS)
        version.label, version.note = label.strip(), note
        try:
            with transaction.atomic():
                version.save()
        except IntegrityError:
            raise ModelActionError(
                f"{version.model.name} already has a version labelled {label!r}."
            ) from None
        log.record_updated(acting_user, version, before, VERSION_FIELDS)
    return version


def do_delete_draft(acting_user: User | None, version: ModelVersion) -> None:
    with transaction.atomic():
        version.assert_editable()
        log.record_deleted(acting_user, version, VERSION_FIELDS)
        version.delete()


def _renumber(
    version: ModelVersion, part: str, moving: Component | None = None, position: int | None = None
) -> None:
    """Give the part's components orders 1..n, putting `moving` at `position` if given."""
    siblings = [
        c
        for c in version.components.filter(part=part).order_by("order", "key")
        if moving is None or c.pk != moving.pk
    ]
    if moving is not None:
        index = len(siblings) if position is None else max(0, min(len(siblings), position - 1))
        siblings.insert(index, moving)
    for order, component in enumerate(siblings, start=1):
        if component.order != order:
            component.order = order
            component.save(update_fields=["order"])


def _set_links(component: Component, pairs_with: Component | None, related: list[Component]) -> None:
    version = component.version
    ComponentLink.objects.filter(version=version, kind=LinkKind.PAIRS_WITH).filter(source=component).delete()
    ComponentLink.objects.filter(version=version, kind=LinkKind.PAIRS_WITH).filter(target=component).delete()
    ComponentLink.objects.filter(version=version, kind=LinkKind.RELATED, source=component).delete()
    if pairs_with is not None:
        # A component pairs with one counterpart; the counterpart's old pairing is released.
        ComponentLink.objects.filter(version=version, kind=LinkKind.PAIRS_WITH).filter(
            source=pairs_with
        ).delete()
        ComponentLink.objects.filter(version=version, kind=LinkKind.PAIRS_WITH).filter(
            target=pairs_with
        ).delete()
        ComponentLink.objects.create(
            version=version, source=component, target=pairs_with, kind=LinkKind.PAIRS_WITH
        )
    for other in related:
        if other.pk != component.pk:
            ComponentLink.objects.create(
                version=version, source=component, target=other, kind=LinkKind.RELATED
            )


def current_links(component: Component) -> tuple[Component | None, list[Component]]:
    pair = next(
        (
            link.target if link.source_id == component.pk else link.source
            for link in ComponentLink.objects.filter(
                version=component.version_id, kind=LinkKind.PAIRS_WITH
            ).select_related("source", "target")
            if component.pk in (link.source_id, link.target_id)
        ),
        None,
    )
    related = [
        link.target for link in component.links_out.filter(kind=LinkKind.RELATED).select_related("target")
    ]
    return pair, related


def _link_snapshot(component: Component) -> dict[str, Any]:
    return {
        "links": sorted(
            f"{link.kind}:{link.target.key}" for link in component.links_out.select_related("target")
        )
        + sorted(
            f"{link.kind}<-{link.source.key}"
            for link in component.links_in.filter(kind=LinkKind.PAIRS_WITH).select_related("source")
        )
    }


KEEP: Any = object()  # "leave as it is" for the optional arguments of do_save_component


def do_save_component(
    acting_user: User | None,
    component: Component,
    *,
    position: int | None = None,
    pairs_with: Component | None = KEEP,
    related: list[Component] | None = KEEP,
) -> Component:
    """Create or update a component of a draft. Without `position` a new component goes last and an
    existing one keeps its place; links are only changed when given."""
    with transaction.atomic():
        version = ModelVersion.objects.select_for_update().get(pk=component.version_id)
        version.assert_editable()
        creating = component.pk is None
        if creating:
            before: dict[str, Any] = {}
            old_part = None
            component.order = (
                version.components.filter(part=component.part).aggregate(m=Max("order"))["m"] or 0
            ) + 1
        else:
            stored = Component.objects.get(pk=component.pk)
            before = {**log.snapshot(stored, COMPONENT_FIELDS), **_link_snapshot(stored)}
            old_part = stored.part
            if position is None and stored.part == component.part:
                position = stored.order
        try:
            with transaction.atomic():
                component.save()
        except IntegrityError:
            raise ModelActionError(
                f"This version already has a component with the key {component.key!r}."
            ) from None
        _renumber(version, component.part, component, position)
        if old_part and old_part != component.part:
            _renumber(version, old_part)
        if pairs_with is not KEEP or related is not KEEP:
            current_pair, current_related = current_links(component)
            _set_links(
                component,
                current_pair if pairs_with is KEEP else pairs_with,
                current_related if related is KEEP else (related or []),
            )
        component.refresh_from_db()
        after = {**log.snapshot(component, COMPONENT_FIELDS), **_link_snapshot(component)}
        log.record(
            acting_user,
            log.Action.CREATE if creating else log.Action.UPDATE,
            component,
            changes=log.changes_between(before, after),
            note=f"version {version.label}",
        )
    return component


def do_delete_component(acting_user: User | None, component: Component) -> None:
    with transaction.atomic():
        version = component.version
        version.assert_editable()
        log.record_deleted(acting_user, component, COMPONENT_FIELDS, note=f"version {version.label}")
        part = component.part
        component.delete()
        _renumber(version, part)
