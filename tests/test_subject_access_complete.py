"""The subject-access copy is generated from the data model (issue 12, finding 9): every model with a path to
a person is in the copy unless excluded with a reason, and so is every field; the copy carries who knows whom,
support given and received, steps' dates, the person's own account and the history of changes."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest
from django.urls import reverse

from connecting_people.practice import personal_data
from connecting_people.practice.models import MapMember, MapTie

from .conftest import Cast


def test_every_model_and_field_about_a_person_is_carried_or_excluded_with_a_reason() -> None:
    holding = personal_data.about_a_person()
    assert {
        "practice.person",
        "practice.session",
        "practice.goalaction",
        "practice.maptie",
        "practice.review",
        "practice.person_workers",
        "accounts.user",
    } <= set(holding)
    assert personal_data.unaccounted() == []
    reasons = [r for part in personal_data.PARTS.values() for r in part.excluded.values()]
    reasons += list(personal_data.EXCLUDED_MODELS.values())
    assert all(len(reason) > 10 for reason in reasons)


def test_a_new_field_or_model_that_is_neither_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    member = personal_data.PARTS["practice.mapmember"]
    narrowed = dataclasses.replace(member, carried=tuple(f for f in member.carried if f != "support_given"))
    monkeypatch.setitem(personal_data.PARTS, "practice.mapmember", narrowed)
    monkeypatch.delitem(personal_data.PARTS, "practice.maptie")
    assert personal_data.unaccounted() == [
        "practice.mapmember.support_given: not in the copy and not excluded",
        "practice.maptie: not in the copy and not excluded",
    ]


def test_the_copy_carries_ties_support_steps_account_and_history(cast: Cast) -> None:
    person, network_map, bea = cast.people["HAR-1"], cast.practice["map"], cast.practice["member"]
    worker = cast.client("worker")
    worker.post(
        reverse("practice:member_new", args=[network_map.pk]),
        {
            "new-label": "Cal",
            "new-kind": "person",
            "new-relationship": "friend",
            "new-circle": "2",
            "new-frequency": "weekly",
            "new-quality": "strong",
            "new-support_given": ["practical"],
            "new-support_received": ["emotional"],
        },
    )
    cal = MapMember.objects.get(map=network_map, label="Cal")
    worker.post(reverse("practice:member_ties", args=[bea.pk]), {"knows": [cal.pk]})
    assert MapTie.objects.filter(map=network_map).count() == 1
    session = cast.practice["session"]
    worker.post(
        reverse("practice:session", args=[session.pk]),
        {
            "date": "02/11/2026",
            "status": "held",
            "minutes": "50",
            "shared_notes": "We rang the choir together.",
            "private_reflections": "PRIVATE: better today.",
        },
    )

    archive = zipfile.ZipFile(
        io.BytesIO(cast.client("manager").get(reverse("practice:person_export", args=[person.pk])).content)
    )
    data = json.loads(archive.read("person.json"))
    assert data["who_knows_whom"] == [
        {"map": network_map.pk, "a": min(bea.pk, cal.pk), "b": max(bea.pk, cal.pk)}
    ]
    cal_row = next(m for m in data["map_members"] if m["label"] == "Cal")
    assert cal_row["support_given"] == ["practical"] and cal_row["support_received"] == ["emotional"]
    assert {"due_on", "done_at", "done_by"} <= set(data["goal_steps"][0])
    assert data["own_account"][0]["username"] == "individual"
    changed = [
        e
        for e in data["history"]
        if e["record"] == f"practice.session {session.pk}" and e["what"] == "Changed"
    ]
    assert changed and changed[-1]["changes"]["shared_notes"][1] == "We rang the choir together."
    assert any(
        e["record"].startswith("practice.mapmember") and "knows" in e["changes"] for e in data["history"]
    )
    assert any(e["record"].startswith("practice.goal ") for e in data["history"])
    assert "PRIVATE" not in archive.read("person.json").decode()
    readme = archive.read("README.txt").decode()
    assert "own_account.password" in readme and "practice.sessioncomponent" in readme
    with_private = zipfile.ZipFile(
        io.BytesIO(
            cast.client("manager")
            .get(reverse("practice:person_export", args=[person.pk]), {"private": "1"})
            .content
        )
    )
    assert "PRIVATE: better today." in with_private.read("person.json").decode()
