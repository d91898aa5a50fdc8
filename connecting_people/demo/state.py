"""The demo world built so far, handed from step to step (`world.py` lists the steps)."""

from __future__ import annotations

from dataclasses import dataclass, field

from connecting_people.accounts.models import Organisation, User
from connecting_people.interventions.models import ModelVersion
from connecting_people.practice.models import Person


@dataclass
class World:
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    published: ModelVersion | None = None
    people: dict[str, Person] = field(default_factory=dict)

    def published_model(self) -> ModelVersion:
        """The published model version; the model's step runs before every step that needs it."""
        if self.published is None:
            raise RuntimeError("The demo publishes its model before the steps that use it.")
        return self.published
