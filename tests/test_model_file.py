"""The YAML model file: round trip, and every kind of bad file gives a specific error and writes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from connecting_people.audit.models import AuditEntry
from connecting_people.interventions import modelfile
from connecting_people.interventions.models import Component, InterventionModel, ModelVersion
from connecting_people.interventions.store import version_data

from .conftest import Cast

MINIMAL = """\
schema: cpi-model/1
model:
  key: tiny
  name: Tiny model
version:
  label: "0.1"
components:
  - key: meet
    part: worker_wheel
    title: Meet
    description: |
      First paragraph.

      - a list item
  - key: greet
    part: individual_wheel
    title: Greet
    links:
      - to: meet
        kind: pairs_with
"""

BAD_FILES = {
    "syntax error": ("schema: cpi-model/1\nmodel: [unclosed\n", "line 3, column 1: YAML syntax error"),
    "nested too deeply": (
        "schema: cpi-model/1\nmodel: " + "[" * 3000,
        "the file is nested too deeply to read",
    ),
    "unknown part": (
        MINIMAL.replace("part: individual_wheel", "part: side_wheel"),
        "line 16: component 'greet' has unknown part 'side_wheel'",
    ),
    "duplicate key": (
        MINIMAL.replace("key: greet", "key: meet"),
        "line 15: component key 'meet' is used twice (first at line 8)",
    ),
    "missing title": (
        MINIMAL.replace("    title: Greet\n", ""),
        "line 15: component 'greet' is missing 'title'",
    ),
    "script tag": (
        MINIMAL.replace("First paragraph.", "First <script>alert(1)</script> paragraph."),
        "line 11: component 'meet': 'description' contains the HTML tag <script>",
    ),
    "NUL character": (
        MINIMAL.replace("    title: Meet\n", '    title: "Me\\0et"\n'),
        "line 10: component 'meet': 'title' holds a NUL character (a zero byte), which is not text",
    ),
    "long key": (
        MINIMAL.replace("key: greet", "key: " + "greet-" * 13 + "again"),
        "line 15: component "
        "'greet-greet-greet-greet-greet-greet-greet-greet-greet-greet-greet-greet-greet-again': 'key' is 83 "
        "characters long; the limit is 80",
    ),
    "unknown field": (
        MINIMAL.replace("    title: Meet\n", "    title: Meet\n    colour: red\n"),
        "line 11: component 'meet' has an unknown field 'colour'",
    ),
    "duplicate field": (
        MINIMAL.replace("    title: Meet\n", "    title: Meet\n    title: Again\n"),
        "line 11: component 'meet' has 'title' twice (first at line 10)",
    ),
    "link to nowhere": (
        MINIMAL.replace("to: meet", "to: nowhere"),
        "links to 'nowhere', which is not a component in this file",
    ),
    "pairing given twice": (
        MINIMAL.replace("    title: Meet\n", "    title: Meet\n    links:\n      - to: greet\n"),
        "the link pairs_with 'meet' is already given at line 12; list each link once",
    ),
    "wrong schema": (MINIMAL.replace("cpi-model/1", "cpi-model/9"), "line 1: schema must be 'cpi-model/1'"),
    "empty file": ("\n\n", "the file is empty"),
    "not a mapping": ("- just\n- a list\n", "the file must be a mapping"),
}


def test_default_model_round_trips_exactly(default_model_text: str) -> None:
    data = modelfile.parse(default_model_text)
    again = modelfile.parse(modelfile.dump(data))
    assert again == data.normalised()
    assert len(data.components) == 28


def test_export_then_import_reproduces_the_version(cast: Cast, tmp_path: Path) -> None:
    out = tmp_path / "latest.yaml"
    call_command("model", "export", "latest", "--out", str(out))
    call_command("model", "import", str(out), "--label", "1.0-copy")
    copy = ModelVersion.objects.get(label="1.0-copy")
    original, copied = version_data(cast.published), version_data(copy)
    assert copied.components == original.components
    assert copied.note == original.note and copied.model_key == original.model_key
    assert modelfile.parse(out.read_text()) == replace(copied, label="1.0")


def test_label_stays_text_and_markdown_keeps_its_lines() -> None:
    data = modelfile.parse(MINIMAL.replace('"0.1"', "1.10"))
    assert data.label == "1.10"  # not the float 1.1
    assert data.component("meet").description == "First paragraph.\n\n- a list item\n"


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_gives_specific_error_and_writes_nothing(db: None, tmp_path: Path, case: str) -> None:
    text, expected = BAD_FILES[case]
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("model", "import", str(path))
    assert expected in str(error.value)
    assert "nothing was written" in str(error.value)
    assert (
        ModelVersion.objects.count() == 0
        and Component.objects.count() == 0
        and AuditEntry.objects.count() == 0
    )


def test_wrong_encoding_and_oversize(db: None, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Greet", "Café").encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8 text"):
        call_command("model", "import", str(path))
    settings.MODEL_FILE_MAX_BYTES = 100
    path.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(CommandError, match="the limit is 100"):
        call_command("model", "import", str(path))
    assert ModelVersion.objects.count() == 0


def test_web_import_reports_every_problem_and_writes_nothing(cast: Cast) -> None:
    client = cast.client("researcher")
    before = (ModelVersion.objects.count(), AuditEntry.objects.count())
    text = MINIMAL.replace("part: individual_wheel", "part: side_wheel").replace(
        "title: Meet", "title: <b>Meet</b>"
    )
    response = client.post(
        reverse("interventions:import"), {"file": SimpleUploadedFile("m.yaml", text.encode())}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file was not imported" in page
    assert "unknown part &#x27;side_wheel&#x27;" in page and "HTML tag &lt;b&gt;" in page
    assert (ModelVersion.objects.count(), AuditEntry.objects.count()) == before


def test_web_import_creates_a_draft(cast: Cast) -> None:
    response = cast.client("researcher").post(
        reverse("interventions:import"), {"file": SimpleUploadedFile("m.yaml", MINIMAL.encode())}
    )
    version = ModelVersion.objects.get(model__key="tiny")
    assert response.status_code == 302 and response["Location"] == reverse(
        "interventions:version", args=[version.pk]
    )
    assert not version.is_published
    assert [c.key for c in version.components_in_order()] == ["meet", "greet"]
    assert AuditEntry.objects.filter(
        object_type="interventions.modelversion", object_id=str(version.pk), action="create"
    ).exists()


def test_rendered_description_is_sanitised(cast: Cast) -> None:
    component = Component.objects.get(version=cast.draft, key="build-relationship")
    # A description can only get HTML in by bypassing the form; rendering still strips it.
    Component.objects.filter(pk=component.pk).update(
        description="Hello [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    page = (
        cast.client("researcher")
        .get(reverse("interventions:component", args=[cast.draft.pk, "build-relationship"]))
        .content.decode()
    )
    assert "onerror" not in page and "javascript:" not in page and "Hello" in page


def test_the_files_key_limit_is_the_columns() -> None:
    assert Component._meta.get_field("key").max_length == modelfile.KEY_MAX
    assert InterventionModel._meta.get_field("key").max_length == modelfile.KEY_MAX
