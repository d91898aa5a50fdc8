"""Where a person's data lives, worked out from the data model, and what the subject-access copy carries.

`about_a_person()` follows every foreign key, one-to-one and many-to-many table that leads to `Person`, so a
model added later that hangs on a person is found without registering it. Each model found must be either
in `PARTS` (with every field either carried or excluded with a reason) or in `EXCLUDED_MODELS` with a
reason; tests/test_subject_access_complete.py fails when a model or a field is neither. Erasure uses the
same map to know which tables to compact on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models

from connecting_people.accounts.models import User

from .models import Person


@dataclass(frozen=True)
class Part:
    section: str  # the key in person.json and the heading in the PDF
    lookup: str  # how its rows are found from the person
    carried: tuple[str, ...]  # fields in the copy
    excluded: dict[str, str] = field(default_factory=dict)  # field -> why it is not in the copy
    private: tuple[str, ...] = ()  # carried only when a manager releases private reflections


PARTS: dict[str, Part] = {
    "practice.person": Part(
        "details",
        "pk",
        (
            "reference",
            "full_name",
            "preferred_name",
            "phone",
            "email",
            "organisation",
            "workers",
            "date_of_birth",
            "client_group",
            "consent_to_work_on",
            "consent_to_data_use",
            "consent_to_story_use",
            "referred_by",
            "review_every_weeks",
            "worker_wheel_at",
            "individual_wheel_at",
            "created_at",
            "last_contact",
            "next_session",
            "open_goals",
            "review_due",
            "measures_due",
            "link_follow_up",
        ),
        {
            "id": "an internal number",
            "account": "the person's own sign-in is its own part, own_account",
            "record_version": "a random number that changes with the record, used only to cache the page",
        },
    ),
    "accounts.user": Part(
        "own_account",
        "own_record",
        (
            "username",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "role",
            "organisation",
            "is_active",
            "last_login",
            "date_joined",
        ),
        {
            "id": "an internal number",
            "password": "a one-way hash of the password, which no one can read",
            "is_staff": "always off for a person supported",
            "is_superuser": "always off for a person supported",
            "groups": "not used (roles replace groups)",
            "user_permissions": "not used (roles replace permissions)",
        },
    ),
    "practice.session": Part(
        "sessions",
        "person",
        (
            "id",
            "date",
            "status",
            "minutes",
            "place",
            "who_took_part",
            "components",
            "links",
            "shared_notes",
            "remember_next",
            "recorded_by",
            "created_at",
            "private_reflections",
        ),
        {"person": "this person"},
        private=("private_reflections",),
    ),
    "practice.goal": Part(
        "goals",
        "person",
        ("id", "title", "own_words", "status", "review_on", "status_changed_on", "created_by", "created_at"),
        {"person": "this person"},
    ),
    "practice.goalaction": Part(
        "goal_steps",
        "goal__person",
        ("id", "goal", "description", "owner", "due_on", "done_at", "done_by"),
        {},
    ),
    "practice.networkmap": Part(
        "network_maps",
        "person",
        ("id", "drawn_on", "circles", "based_on", "note", "created_by", "created_at"),
        {"person": "this person"},
    ),
    "practice.mapmember": Part(
        "map_members",
        "map__person",
        (
            "id",
            "map",
            "key",
            "label",
            "kind",
            "relationship",
            "circle",
            "frequency",
            "support_received",
            "support_given",
            "quality",
            "is_service",
        ),
        {},
    ),
    "practice.maptie": Part("who_knows_whom", "map__person", ("map", "a", "b"), {"id": "an internal number"}),
    "practice.review": Part(
        "reviews",
        "person",
        ("id", "held_on", "covers_from", "summary", "agreed", "next_review_on", "recorded_by", "created_at"),
        {"person": "this person"},
    ),
    "practice.communitylink": Part(
        "community_links",
        "person",
        (
            "id",
            "kind",
            "opportunity_type",
            "service",
            "contact",
            "name",
            "state",
            "stop_reason",
            "note",
            "follow_up_on",
            "on_next_map",
            "state_changed_at",
            "created_by",
            "created_at",
        ),
        {"person": "this person"},
    ),
    "practice.linkstep": Part(
        "community_link_steps",
        "link__person",
        ("id", "link", "state", "stop_reason", "note", "follow_up_on", "at", "by"),
        {},
    ),
    "measures.completion": Part(
        "measures",
        "person",
        (
            "id",
            "instrument",
            "months",
            "completed_by",
            "proxy",
            "answers",
            "scores",
            "finished_on",
            "missed_reason",
            "recorded_by",
            "started_at",
        ),
        {"person": "this person"},
    ),
    "measures.measurelink": Part(
        "measure_links",
        "completion__person",
        ("id", "completion", "created_by", "created_at", "expires_at", "withdrawn_at"),
        {"token_hash": "a one-way hash of the link, from which the link cannot be read"},
    ),
    "measures.fidelityrating": Part(
        "fidelity_ratings",
        "person",
        ("id", "scale", "worker", "rated_on", "rater", "rater_role", "ratings", "score", "created_at"),
        {"person": "this person"},
    ),
    "practice.practicestory": Part(
        "practice_stories",
        "person",
        (
            "id",
            "what_helped",
            "what_got_in_the_way",
            "voice",
            "worker_adds",
            "status",
            "written_by",
            "created_at",
            "updated_at",
            "sent_at",
            "withdrawn_at",
            "removed",
        ),
        {"person": "this person"},
    ),
}

EXCLUDED_MODELS: dict[str, str] = {
    "practice.person_workers": "the workers are carried in the person's details (workers)",
    "practice.sessioncomponent": "carried as each session's components",
    "practice.session_links": "carried as each session's links",
}


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f
        for f in model._meta.get_fields()
        if isinstance(f, models.Field) and (f.concrete or (f.many_to_many and not f.auto_created))
    ]


def field_names(model: type[models.Model]) -> list[str]:
    return [f.name for f in _fields(model)]


def about_a_person() -> dict[str, type[models.Model]]:
    """Every model whose rows belong to a person: Person, and whatever points at one of these, recursively
    (many-to-many tables included), plus the person's own sign-in."""
    found: dict[str, type[models.Model]] = {"practice.person": Person}
    growing = True
    while growing:
        growing = False
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if label in found:
                continue
            if any(
                f.many_to_one or f.one_to_one
                for f in model._meta.concrete_fields
                if isinstance(f.related_model, type)
                and f.related_model._meta.label_lower in found
                and f.related_model is not model
            ):
                found[label] = model
                growing = True
    found["accounts.user"] = User
    return found


def unaccounted() -> list[str]:
    """Models and fields that are neither carried nor excluded with a reason (empty when the copy is
    complete)."""
    problems = []
    for label, model in about_a_person().items():
        if label in EXCLUDED_MODELS:
            continue
        part = PARTS.get(label)
        if part is None:
            problems.append(f"{label}: not in the copy and not excluded")
            continue
        for name in field_names(model):
            if name not in part.carried and name not in part.excluded:
                problems.append(f"{label}.{name}: not in the copy and not excluded")
    return problems
