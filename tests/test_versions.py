"""Drafts, publishing, the diff between versions, and moving evidence between versions."""

from __future__ import annotations

from dataclasses import replace
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.interventions import actions
from connecting_people.interventions.data import ComponentData, LinkData, VersionData
from connecting_people.interventions.diff import diff_versions, word_diff
from connecting_people.interventions.models import Component, ModelVersion, VersionFrozen, VersionMigration
from connecting_people.interventions.store import version_data
from tests.refapp.models import EvidenceNote

from .conftest import Cast


def test_published_version_refuses_every_change(cast: Cast) -> None:
    component = Component.objects.get(version=cast.published, key="build-relationship")
    component.title = "Changed"
    with pytest.raises(VersionFrozen, match="is published and cannot be changed"):
        component.save()
    with pytest.raises(VersionFrozen):
        component.delete()
    with pytest.raises(VersionFrozen):
        actions.do_save_component(cast.users["researcher"], component)
    with pytest.raises(VersionFrozen):
        actions.do_delete_draft(cast.users["researcher"], cast.published)
    stale = ModelVersion.objects.get(pk=cast.published.pk)
    stale.status = "draft"  # an in-memory copy cannot unpublish it either
    with pytest.raises(VersionFrozen):
        stale.save()
    assert Component.objects.get(pk=component.pk).title == "Build a relationship"


def test_web_editing_of_a_published_version_fails_clearly(cast: Cast) -> None:
    client = cast.client("researcher")
    url = reverse("interventions:component_edit", args=[cast.published.pk, "build-relationship"])
    response = client.post(url, {"part": "worker_wheel", "title": "Changed"}, follow=True)
    assert "is published and cannot be changed" in response.content.decode()
    response = client.post(reverse("interventions:version_publish", args=[cast.published.pk]), follow=True)
    assert "is published and cannot be changed" in response.content.decode()


def test_researcher_edits_a_draft_then_publishes_it(cast: Cast) -> None:
    client = cast.client("researcher")
    url = reverse("interventions:component_edit", args=[cast.draft.pk, "set-goals-together"])
    page = client.get(url).content.decode()
    assert "Set goals together" in page
    response = client.post(
        url,
        {
            "part": "worker_wheel",
            "position": "1",
            "title": "Agree goals together",
            "summary": "Shared goals.",
            "description": "Some *Markdown*.",
            "questions": "What matters most?\nWhat is one small step?",
        },
    )
    assert response.status_code == 302
    draft_components = [c.key for c in cast.draft.components_in_order() if c.part == "worker_wheel"]
    assert draft_components[0] == "set-goals-together"
    edited = Component.objects.get(version=cast.draft, key="set-goals-together")
    assert edited.questions == ["What matters most?", "What is one small step?"]
    entry = AuditEntry.objects.filter(object_type="interventions.component", object_id=str(edited.pk)).latest(
        "id"
    )
    assert entry.changes["title"] == ["Set goals together", "Agree goals together"]
    # The preview button renders without saving.
    preview = client.post(
        url, {"part": "worker_wheel", "title": "Draft title", "description": "**bold**", "preview": "1"}
    )
    assert "<strong>bold</strong>" in preview.content.decode()
    assert Component.objects.get(pk=edited.pk).title == "Agree goals together"
    # A script in the form is refused with a message, not saved.
    refused = client.post(url, {"part": "worker_wheel", "title": "<script>x</script>"})
    assert "contains the HTML tag &lt;script&gt;" in refused.content.decode()
    response = client.post(reverse("interventions:version_publish", args=[cast.draft.pk]))
    assert response.status_code == 302
    assert ModelVersion.objects.get(pk=cast.draft.pk).is_published
    assert AuditEntry.objects.filter(action="publish", object_id=str(cast.draft.pk)).exists()


def test_researcher_adds_and_removes_a_component(cast: Cast) -> None:
    client = cast.client("researcher")
    response = client.post(
        reverse("interventions:component_new", args=[cast.draft.pk]),
        {
            "key": "celebrate",
            "part": "individual_wheel",
            "position": "2",
            "title": "Celebrate",
            "pairs_with": Component.objects.get(version=cast.draft, key="review-together").pk,
        },
    )
    assert response.status_code == 302
    keys = [c.key for c in cast.draft.components_in_order() if c.part == "individual_wheel"]
    assert keys[1] == "celebrate" and len(keys) == 9
    duplicate = client.post(
        reverse("interventions:component_new", args=[cast.draft.pk]),
        {"key": "celebrate", "part": "outcomes", "title": "Again"},
    )
    assert "already has a component with that key" in duplicate.content.decode()
    client.post(reverse("interventions:component_delete", args=[cast.draft.pk, "celebrate"]))
    keys = [c.key for c in cast.draft.components_in_order() if c.part == "individual_wheel"]
    assert "celebrate" not in keys and [
        c.order for c in cast.draft.components.filter(part="individual_wheel").order_by("order")
    ] == list(range(1, 9))


def _version(label: str, components: list[ComponentData]) -> VersionData:
    return VersionData("m", "Model", label, "", tuple(components))


def test_diff_reports_each_kind_of_change() -> None:
    a = _version(
        "1",
        [
            ComponentData("one", "worker_wheel", "One", summary="Keep regular meeting times."),
            ComponentData("two", "worker_wheel", "Two"),
            ComponentData("three", "worker_wheel", "Three"),
            ComponentData("four", "worker_wheel", "Four"),
            ComponentData("gone", "outcomes", "Gone"),
            ComponentData("hop", "agency", "Hop"),
            ComponentData("link", "individual_wheel", "Link", links=(LinkData("one"),)),
        ],
    )
    b = _version(
        "2",
        [
            ComponentData("one", "worker_wheel", "One", summary="Keep to regular, agreed meeting times."),
            ComponentData("three", "worker_wheel", "Three"),
            ComponentData("four", "worker_wheel", "Four"),
            ComponentData("two", "worker_wheel", "Second"),
            ComponentData("hop", "outcomes", "Hop"),
            ComponentData("new", "prerequisites", "New"),
            ComponentData("link", "individual_wheel", "Link"),
        ],
    )
    diff = diff_versions(a, b)
    assert [c.key for c in diff.added] == ["new"]
    assert [c.key for c in diff.removed] == ["gone"]
    assert diff.keys_with("renamed") == ["two"]
    assert sorted(diff.keys_with("moved")) == ["hop", "two"]  # hop changed part; two went from second to last
    assert diff.keys_with("text") == ["one"]
    assert diff.keys_with("links") == ["link"]
    text = next(c for c in diff.changed if c.key == "one").text_changes[0]
    assert [(s.op, s.text) for s in text.segments] == [
        ("same", "Keep "),
        ("added", "to "),
        ("same", "regular"),
        ("added", ", agreed"),
        ("same", " meeting times."),
    ]
    assert diff_versions(a, a).is_empty


def test_word_diff_keeps_spaces_out_of_replacements() -> None:
    assert [(s.op, s.text) for s in word_diff("meet weekly here", "meet monthly here")] == [
        ("same", "meet "),
        ("removed", "weekly"),
        ("added", "monthly"),
        ("same", " here"),
    ]


def test_word_diff_handles_any_unicode() -> None:
    segments = word_diff("Café 👋 שלום", "Café 👋🏽 שלום עולם")
    assert "".join(s.text for s in segments if s.op != "removed") == "Café 👋🏽 שלום עולם"
    assert "".join(s.text for s in segments if s.op != "added") == "Café 👋 שלום"


def test_diff_command_and_page(cast: Cast) -> None:
    component = Component.objects.get(version=cast.draft, key="review-together")
    component.title = "Review progress together"
    actions.do_save_component(cast.users["researcher"], component)
    out = StringIO()
    call_command("model", "diff", "1.0", "1.1", stdout=out)
    assert "~ changed  review-together: renamed" in out.getvalue()
    assert "Review {+progress +}together" in out.getvalue()
    page = cast.client("reviewer").get(
        reverse("interventions:diff"), {"a": cast.published.pk, "b": cast.draft.pk}
    )
    assert "Review <ins>progress </ins>together" in page.content.decode()


def test_migrating_evidence_to_a_new_version(cast: Cast, tmp_path: Path) -> None:
    old = {c.key: c for c in cast.published.components.all()}
    EvidenceNote.objects.create(component=old["build-relationship"], text="a")
    EvidenceNote.objects.create(component=old["build-relationship"], text="b")
    EvidenceNote.objects.create(component=old["help-move-on"], text="c")
    EvidenceNote.objects.create(component=old["well-being"], text="d")
    # Version 1.1: help-move-on is renamed to move-on; well-being is dropped.
    for component in Component.objects.filter(version=cast.draft, key__in=["help-move-on", "well-being"]):
        actions.do_delete_component(None, component)
    actions.do_save_component(
        None, Component(version=cast.draft, key="move-on", part="worker_wheel", title="Move on")
    )
    actions.do_publish_version(None, cast.draft)
    mapping = tmp_path / "map.csv"
    mapping.write_text("old_key,new_key\nhelp-move-on,move-on\n")
    out = StringIO()
    call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), "--dry-run", stdout=out)
    assert "Could not be mapped: well-being" in out.getvalue() and "Dry run" in out.getvalue()
    assert EvidenceNote.objects.filter(component__version=cast.draft).count() == 0
    call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), stdout=StringIO())
    new = {c.key: c.pk for c in cast.draft.components.all()}
    assert sorted(EvidenceNote.objects.values_list("text", "component_id")) == [
        ("a", new["build-relationship"]),
        ("b", new["build-relationship"]),
        ("c", new["move-on"]),
        ("d", old["well-being"].pk),  # unmapped evidence stays where it was, and is reported
    ]
    record = VersionMigration.objects.get()
    # Where a person has reached on each wheel points at components too, so it moves with the sessions.
    assert record.report["moved"] == {
        "refapp.evidencenote.component": 3,
        "practice.sessioncomponent.component": 2,
        "practice.person.worker_wheel_at": 1,
        "practice.person.individual_wheel_at": 1,
    }
    # The cast's coded excerpt on well-being is found too: the mechanism needs no registration.
    assert record.report["stranded"] == {
        "fieldwork.excerptcomponent.component": {"well-being": 1},
        "fieldwork.passagecount.component": {"well-being": 1},  # its count stays with it
        "fieldwork.passagetotal.component": {"well-being": 1},  # and the team's total
        "refapp.evidencenote.component": {"well-being": 1},
    }


def test_migration_refuses_bad_mappings(cast: Cast, tmp_path: Path) -> None:
    mapping = tmp_path / "map.csv"
    mapping.write_text("old_key,new_key\nbuild-relationship,nowhere\n")
    with pytest.raises(CommandError, match="1.1 is a draft"):
        call_command("model", "migrate-evidence", "1.0", "1.1", stdout=StringIO())
    actions.do_publish_version(None, cast.draft)
    with pytest.raises(CommandError, match="'nowhere', which is not a component of version 1.1"):
        call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), stdout=StringIO())
    mapping.write_text("from,to\n")
    with pytest.raises(CommandError, match="header line: old_key,new_key"):
        call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), stdout=StringIO())
    mapping.write_bytes(b"old_key,new_key\r\nbuild-relationship,\x81\x8d\r\n")  # not text in any encoding
    with pytest.raises(
        CommandError, match="The mapping file could not be read: it is not text a spreadsheet saves"
    ):
        call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), stdout=StringIO())
    mapping.write_bytes(b"old_key,new_key\r\nbuild-relationship," + b"x" * 140_000 + b"\r\n")
    with pytest.raises(CommandError, match="line 2 has a cell longer than 131,072 characters"):
        call_command("model", "migrate-evidence", "1.0", "1.1", "--map", str(mapping), stdout=StringIO())
    assert VersionMigration.objects.count() == 0


def test_version_references(cast: Cast) -> None:
    out = StringIO()
    call_command("model", "list", stdout=out)
    assert (
        "connecting-people" in out.getvalue() and "Draft" in out.getvalue() and "Published" in out.getvalue()
    )
    with pytest.raises(CommandError, match="No version '9.9'"):
        call_command("model", "export", "9.9")
    out = StringIO()
    call_command("model", "export", "connecting-people@1.1", stdout=out)
    assert "label: '1.1'" in out.getvalue()


def test_new_draft_from_web_copies_components(cast: Cast) -> None:
    client = cast.client("researcher")
    response = client.post(
        reverse("interventions:version_new_draft", args=[cast.published.pk]), {"label": "2.0"}
    )
    draft = ModelVersion.objects.get(label="2.0")
    assert response["Location"] == reverse("interventions:version", args=[draft.pk])
    assert replace(version_data(draft), label="1.0", note="") == replace(
        version_data(cast.published), note=""
    )
    again = client.post(
        reverse("interventions:version_new_draft", args=[cast.published.pk]), {"label": "2.0"}, follow=True
    )
    assert "already has a version labelled" in again.content.decode()
