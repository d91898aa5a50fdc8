"""ORM-free value objects for a model version: what the YAML file, the diff and the diagram all work on."""

from __future__ import annotations

from dataclasses import dataclass, field

from .parts import PART_ORDER, LinkKind


@dataclass(frozen=True)
class LinkData:
    to: str
    kind: str = LinkKind.PAIRS_WITH.value


@dataclass(frozen=True)
class ComponentData:
    key: str
    part: str
    title: str
    summary: str = ""
    description: str = ""
    questions: tuple[str, ...] = ()
    links: tuple[LinkData, ...] = ()


@dataclass(frozen=True)
class VersionData:
    model_key: str
    model_name: str
    label: str
    note: str = ""
    components: tuple[ComponentData, ...] = field(default_factory=tuple)

    def by_part(self) -> dict[str, list[ComponentData]]:
        """Components grouped by part, in part order, each list in its order of appearance."""
        grouped: dict[str, list[ComponentData]] = {part: [] for part in PART_ORDER}
        for component in self.components:
            grouped[component.part].append(component)
        return grouped

    def normalised(self) -> VersionData:
        """Components regrouped by part, as the database stores them."""
        ordered = tuple(c for part in self.by_part().values() for c in part)
        return VersionData(self.model_key, self.model_name, self.label, self.note, ordered)

    def component(self, key: str) -> ComponentData | None:
        return next((c for c in self.components if c.key == key), None)
