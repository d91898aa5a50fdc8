"""Between the database and the ORM-free VersionData: loading a version's data and writing one."""

from __future__ import annotations

from .data import ComponentData, LinkData, VersionData
from .models import Component, ComponentLink, ModelVersion


def version_data(version: ModelVersion) -> VersionData:
    components = version.components_in_order()
    links: dict[int, list[LinkData]] = {}
    by_id = {c.pk: c for c in components}
    for link in ComponentLink.objects.filter(version=version).order_by("id"):
        links.setdefault(link.source_id, []).append(LinkData(to=by_id[link.target_id].key, kind=link.kind))
    return VersionData(
        model_key=version.model.key,
        model_name=version.model.name,
        label=version.label,
        note=version.note,
        components=tuple(
            ComponentData(
                key=c.key,
                part=c.part,
                title=c.title,
                summary=c.summary,
                description=c.description,
                questions=tuple(c.questions),
                links=tuple(links.get(c.pk, ())),
            )
            for c in components
        ),
    )


def write_components(version: ModelVersion, data: VersionData) -> list[Component]:
    """Create the components and links of `data` in an empty draft version."""
    created: list[Component] = []
    for part_components in data.by_part().values():
        for order, c in enumerate(part_components, start=1):
            created.append(
                Component(
                    version=version,
                    key=c.key,
                    part=c.part,
                    order=order,
                    title=c.title,
                    summary=c.summary,
                    description=c.description,
                    questions=list(c.questions),
                )
            )
    version.assert_editable()
    Component.objects.bulk_create(created)
    by_key = {c.key: c for c in Component.objects.filter(version=version)}
    ComponentLink.objects.bulk_create(
        [
            ComponentLink(version=version, source=by_key[c.key], target=by_key[link.to], kind=link.kind)
            for c in data.components
            for link in c.links
        ]
    )
    return created
