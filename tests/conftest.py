"""The cast: three organisations, one user per role, an individual with their own record,
people on and off the worker's caseload, and the default model published with a draft after it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client

from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector, User
from connecting_people.accounts.roles import Role
from connecting_people.interventions import actions as model_actions
from connecting_people.interventions import modelfile
from connecting_people.interventions.models import ModelVersion
from connecting_people.practice.actions import do_save_person
from connecting_people.practice.models import Person

DEFAULT_MODEL = Path(__file__).resolve().parent.parent / "connecting_people" / "interventions" / "data" / "default_model.yaml"
PASSWORD = "correct-horse-battery-staple-42"


@dataclass
class Cast:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    published: ModelVersion | None = None
    draft: ModelVersion | None = None

    def client(self, actor: str) -> Client:
        client = Client()
        if actor != "anonymous":
            client.force_login(self.users[actor])
        return client


ACTORS = ["anonymous", "admin", "researcher", "manager", "worker", "reviewer", "individual", "other_worker", "other_manager"]


def build_cast() -> Cast:
    cast = Cast()
    for key, name, sector, region in [
        ("harbourside", "Harbourside Connections", Sector.THIRD_SECTOR, Region.SOUTH_WEST),
        ("northbridge", "Northbridge CMHT", Sector.STATUTORY, Region.NORTH_WEST),
        ("fernhill", "Fernhill Research Unit", Sector.UNIVERSITY, Region.YORKSHIRE),
    ]:
        cast.orgs[key] = do_save_organisation(None, Organisation(name=name, sector=sector, region=region))
    for username, org, role in [
        ("admin", "fernhill", Role.ADMINISTRATOR),
        ("researcher", "fernhill", Role.RESEARCHER),
        ("manager", "harbourside", Role.MANAGER),
        ("worker", "harbourside", Role.WORKER),
        ("reviewer", "fernhill", Role.REVIEWER),
        ("individual", "harbourside", Role.INDIVIDUAL),
        ("other_worker", "northbridge", Role.WORKER),
        ("other_manager", "northbridge", Role.MANAGER),
    ]:
        cast.users[username] = do_create_user(
            None, password=PASSWORD, username=username, organisation=cast.orgs[org], role=role,
            first_name=username.replace("_", " ").title(),
        )
    for ref, name, org, workers, account in [
        ("HAR-1", "Alys Penrose", "harbourside", ["worker"], "individual"),
        ("HAR-2", "Bryn Carew", "harbourside", [], None),
        ("NOR-1", "Cai Lowther", "northbridge", ["other_worker"], None),
    ]:
        person = Person(reference=ref, full_name=name, organisation=cast.orgs[org],
                        account=cast.users[account] if account else None)
        cast.people[ref] = do_save_person(None, person, [cast.users[w] for w in workers])
    data = modelfile.parse(DEFAULT_MODEL.read_text(encoding="utf-8"))
    cast.published = model_actions.do_import_version(None, data, publish=True)
    cast.draft = model_actions.do_create_draft(cast.users["researcher"], cast.published, "1.1")
    return cast


@pytest.fixture
def cast(db: None) -> Cast:
    return build_cast()


@pytest.fixture
def default_model_text() -> str:
    return DEFAULT_MODEL.read_text(encoding="utf-8")
