"""Keeping the community directory on its page (issue 15): a manager uploads a data package or ORUK JSON
file through the command's checked import (in the background, with its per-record report, or every
problem by row and nothing written), adds and corrects entries (a report of a move cleared, what the
import kept in `extra` left alone, a shared place not moved under the others), and publishes the API;
workers read the page; other organisations reach none of it."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse

from connecting_people.accounts.models import Organisation
from connecting_people.audit.models import AuditEntry
from connecting_people.community.actions import CheckFinding, do_check_service, do_set_publishing
from connecting_people.community.directory_forms import EntryForms
from connecting_people.community.exporting import write_package as export_package
from connecting_people.community.import_jobs import run_directory_upload
from connecting_people.community.models import (
    MODELS,
    DirectoryImport,
    DirectorySettings,
    DirectoryUpload,
    Location,
    Organization,
    Schedule,
    Service,
)

from .conftest import Cast
from .test_community import directory_tables, nested_service, uid, write_package
from .test_community_find import load
from .test_setup import run_cpi

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def rows_of(owner: Organisation) -> dict[str, int]:
    return {name: model._default_manager.filter(owner=owner).count() for name, model in MODELS.items()}


def zipped(tmp_path: Path, tables: dict[str, list[dict[str, str]]], name: str = "directory") -> bytes:
    return write_package(tmp_path / name, tables, as_zip=True).read_bytes()


def upload(client: Client, name: str, data: bytes) -> Any:
    return client.post(reverse("directory:upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


# Uploading


def test_a_manager_uploads_a_package_and_reads_its_report(cast: Cast, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    owner = cast.orgs["harbourside"]
    manager = cast.client("manager")
    response = upload(manager, "council-export.zip", zipped(tmp_path, directory_tables()))
    record = DirectoryImport.objects.get(owner=owner)
    assert response.redirect_chain[-1][0] == reverse("directory:import_report", args=[record.pk])
    assert record.started_by == cast.users["manager"] and record.source == "council-export.zip"
    assert record.counts == {"created": 31}
    text = _text(response.content.decode())
    assert "Imported council-export.zip" in text and "31 created, 0 updated and 0 unchanged" in text
    assert "Allotment group 0" in text and "Brightwater Community Trust" in text  # records by their names
    assert "funding" in text  # a table we do not model is in the report too
    sent = DirectoryUpload.objects.get(owner=owner)
    assert sent.state == "done" and sent.result == record and not sent.upload  # the copy is not kept
    assert not list((Path(settings.MEDIA_ROOT) / "directory-uploads" / str(owner.pk)).glob("*"))
    trail = AuditEntry.objects.filter(organisation_id=owner.pk).order_by("id")
    assert [(e.object_type, e.action) for e in trail if e.object_type.startswith("community.")] == [
        ("community.directoryupload", "create"),
        ("community.directoryimport", "import"),
    ]
    assert trail.get(object_type="community.directoryimport").actor == cast.users["manager"]

    # Again with one service renamed: one updated with the field named, the rest unchanged; filtered.
    tables = directory_tables()
    tables["services.csv"][1]["name"] = "Carrowmouth choir"
    response = upload(manager, "again.zip", zipped(tmp_path, tables, "again"))
    latest = DirectoryImport.objects.filter(owner=owner).latest("pk")
    assert latest.counts == {"updated": 1, "unchanged": 30}
    updated = _text(
        manager.get(
            reverse("directory:import_report", args=[latest.pk]), {"show": "updated"}
        ).content.decode()
    )
    assert "Carrowmouth choir" in updated and "Updated Changed: name" in updated
    assert "Allotment group 0" not in updated
    page = _text(manager.get(reverse("directory:directory")).content.decode())
    assert "again.zip" in page and "council-export.zip" in page


def test_an_oruk_json_file_is_imported_with_its_notes(cast: Cast) -> None:
    document = json.dumps([nested_service(0), nested_service(1)]).encode()
    response = upload(cast.client("manager"), "services.json", document)
    assert Service.objects.filter(owner=cast.orgs["harbourside"]).count() == 2
    text = _text(response.content.decode())
    assert "Imported services.json" in text
    assert "languages" in text  # the nested list it does not read is said, as the command says it


def test_a_refused_file_lists_every_problem_by_row_and_writes_nothing(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    tables = directory_tables()
    tables["services.csv"][2]["organization_id"] = uid("nowhere")
    tables["schedules.csv"][1]["opens_at"] = "10am"
    response = upload(cast.client("manager"), "broken.zip", zipped(tmp_path, tables))
    text = _text(response.content.decode())
    assert "Nothing was imported: 2 problems to put right" in text
    assert (
        f"services.csv row 4: organization_id &#x27;{uid('nowhere')}&#x27; is not in organizations.csv"
        in text
    )
    assert "schedules.csv row 3: opens_at &#x27;10am&#x27; is not a time" in text
    assert not any(rows_of(owner).values()) and not DirectoryImport.objects.exists()
    sent = DirectoryUpload.objects.get(owner=owner)
    assert sent.state == "refused" and len(sent.problems) == 2 and not sent.upload
    entry = AuditEntry.objects.get(object_type="community.directoryupload", action="update")
    assert entry.actor == cast.users["manager"] and entry.note == "not imported: 2 problems to put right"
    page = _text(cast.client("manager").get(reverse("directory:directory")).content.decode())
    assert "broken.zip" in page and "2 problems to put right; nothing was written" in page


def test_an_unreadable_or_wrong_file(cast: Cast) -> None:
    manager = cast.client("manager")
    response = upload(manager, "directory.zip", b"PK\x03\x04 not really a zip")
    assert "Nothing was imported: 1 problem to put right" in _text(response.content.decode())
    response = upload(manager, "directory.csv", b"id,name\n1,x\n")
    assert "Choose a .zip data package or a .json file." in response.content.decode()
    assert DirectoryUpload.objects.count() == 1  # only the unreadable zip was taken in


def test_a_file_over_the_configured_limit_is_refused_and_nothing_is_kept(  # type: ignore[no-untyped-def]
    cast: Cast, tmp_path: Path, settings
) -> None:
    """CPI_DIRECTORY_UPLOAD_MAX_BYTES (DIRECTORY_UPLOAD_MAX_BYTES) is the limit the page says and keeps."""
    settings.DIRECTORY_UPLOAD_MAX_BYTES = 2048
    manager = cast.client("manager")
    page = _text(manager.get(reverse("directory:upload")).content.decode())
    assert "at most 2 KB." in page
    data = zipped(tmp_path, directory_tables())
    assert len(data) > 2048
    response = upload(manager, "council.zip", data)
    text = _text(response.content.decode())
    assert response.status_code == 200
    assert re.search(r"The file is \d+(\.\d)? KB; the limit is 2 KB\.", text)
    assert "import it with cpi community import" in text
    assert not DirectoryUpload.objects.exists() and not DirectoryImport.objects.exists()
    assert not any(rows_of(cast.orgs["harbourside"]).values())
    assert not AuditEntry.objects.filter(object_type__startswith="community.").exists()
    media = Path(settings.MEDIA_ROOT) / "directory-uploads"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]
    # At the limit it is taken in.
    settings.DIRECTORY_UPLOAD_MAX_BYTES = len(data)
    upload(manager, "council.zip", data)
    assert DirectoryImport.objects.get().counts == {"created": 31}


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("5000", "5000"),
        ("0", "CPI_DIRECTORY_UPLOAD_MAX_BYTES must be 1 or more."),
        ("100MB", "CPI_DIRECTORY_UPLOAD_MAX_BYTES must be a whole number; got '100MB'"),
    ],
)
def test_the_upload_limit_is_read_from_the_environment(tmp_path: Path, value: str, said: str) -> None:
    result = run_cpi(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DIRECTORY_UPLOAD_MAX_BYTES)",
        env={"CPI_VAR_DIR": str(tmp_path), "CPI_DIRECTORY_UPLOAD_MAX_BYTES": value},
    )
    assert said in (result.stdout if value == "5000" else result.stderr)
    assert (result.returncode == 0) == (value == "5000")


def test_uploads_and_reports_are_the_organisations_own(cast: Cast, tmp_path: Path) -> None:
    upload(cast.client("manager"), "ours.zip", zipped(tmp_path, directory_tables()))
    sent = DirectoryUpload.objects.get()
    record = DirectoryImport.objects.get()
    for actor, expected in [("other_manager", 404), ("other_worker", 404), ("researcher", 403)]:
        client = cast.client(actor)
        assert client.get(reverse("directory:upload_state", args=[sent.pk])).status_code == expected
        assert client.get(reverse("directory:upload_status", args=[sent.pk])).status_code == expected
        assert client.get(reverse("directory:import_report", args=[record.pk])).status_code == expected
    worker = cast.client("worker")
    assert worker.get(reverse("directory:import_report", args=[record.pk])).status_code == 200  # reads
    assert worker.get(reverse("directory:upload_status", args=[sent.pk])).json() == {
        "finished": True,
        "state_label": "Imported",
    }
    assert upload(worker, "mine.zip", zipped(tmp_path, directory_tables(), "mine")).status_code == 403
    assert DirectoryUpload.objects.count() == 1


def test_a_queued_upload_waits_then_the_worker_imports_it(cast: Cast, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Without inline jobs the upload waits for `cpi worker`; its page says so and offers to refresh."""
    settings.CPI_JOBS_INLINE = False
    response = upload(cast.client("manager"), "later.zip", zipped(tmp_path, directory_tables()))
    text = _text(response.content.decode())
    assert "Waiting to start" in text and "Refresh this page" in text
    sent = DirectoryUpload.objects.get()
    assert sent.upload and not DirectoryImport.objects.exists()
    run_directory_upload(sent.pk)
    run_directory_upload(sent.pk)  # taken again: imported once
    assert DirectoryImport.objects.count() == 1
    sent.refresh_from_db()
    assert sent.state == "done" and not sent.upload


# Publishing


def test_publishing_and_stopping_through_the_commands_action(cast: Cast, client: Client) -> None:
    owner = cast.orgs["harbourside"]
    manager = cast.client("manager")
    page = manager.get(reverse("directory:directory")).content.decode()
    assert "Not published" in page and 'value="harbourside-connections"' in page  # a name suggested
    response = manager.post(
        reverse("directory:publish"), {"publish": "on", "api_name": "carrowmouth"}, follow=True
    )
    text = _text(response.content.decode())
    assert (
        "Published: other services’ systems can read the directory at http://testserver/api/oruk/carrowmouth/"
        in text
    )
    assert 'value="http://testserver/api/oruk/carrowmouth/"' in response.content.decode()
    assert client.get("/api/oruk/carrowmouth/").status_code == 200
    entry = AuditEntry.objects.get(object_type="community.directorysettings")
    assert entry.actor == cast.users["manager"] and entry.action == "create"

    # Another organisation cannot take the name; a name that is no slug is refused; nothing changes.
    other = cast.client("other_manager")
    response = other.post(reverse("directory:publish"), {"publish": "on", "api_name": "carrowmouth"})
    assert "Another organisation’s directory has this name" in response.content.decode()
    response = other.post(reverse("directory:publish"), {"publish": "on", "api_name": "North Bridge!"})
    assert "Small letters, numbers and hyphens" in response.content.decode()
    assert "Enter a valid “slug”" in response.content.decode()
    assert not DirectorySettings.objects.filter(organisation=cast.orgs["northbridge"]).exists()

    # Workers read whether it is published, and cannot change it.
    assert (
        "http://testserver/api/oruk/carrowmouth/"
        in cast.client("worker").get(reverse("directory:directory")).content.decode()
    )
    assert cast.client("worker").post(reverse("directory:publish")).status_code == 403

    response = manager.post(reverse("directory:publish"), follow=True)
    assert "no longer published" in _text(response.content.decode())
    assert client.get("/api/oruk/carrowmouth/").status_code == 404
    assert not DirectorySettings.objects.get(organisation=owner).publish_api
    assert AuditEntry.objects.filter(object_type="community.directorysettings").count() == 2
    response = manager.post(reverse("directory:publish"), follow=True)
    assert "nothing to stop" in _text(response.content.decode())


# Adding and correcting entries


def form_data(owner: Organisation, service: Service | None = None, **changes: Any) -> dict[str, Any]:
    """What a browser sends for the entry's page as it is shown, with `changes` (field names as in HTML)."""
    forms = EntryForms(None, owner, service)
    data: dict[str, Any] = {}
    for form in [*forms.forms, forms.schedules.management_form, *forms.schedules.forms]:
        for field in form:
            if field.field.disabled:
                continue
            value = field.value()
            if isinstance(field.field.widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif value is not None:
                data[field.html_name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_manager_adds_an_entry_that_workers_then_find(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    term = MODELS["taxonomy_term"]._default_manager.get(owner=owner, name="Music")
    data = form_data(
        owner,
        **{
            "service-name": "Sea shanty singers",
            "service-description": "Singing by the harbour, all voices welcome.",
            "service-attributes": [str(term.pk)],
            "service-minimum_age": "16",
            "organization-name": "Carrowmouth Shanty Crew",
            "organization-description": "A singing group run by volunteers.",
            "organization-website": "shanty.example.org",
            "organization-email": "sing@shanty.example.org",
            "location-name": "The Quay Rooms",
            "location-accessibility": "Step-free access\nHearing loop\nStep-free access",
            "address-address_1": "2 Harbour Steps",
            "address-city": "Carrowmouth",
            "address-state_province": "Cornwall",
            "address-postal_code": "zc1 4qr",
            "schedule-0-byday": ["WE", "FR"],
            "schedule-0-opens_at": "19:00",
            "schedule-0-closes_at": "21:00",
            "schedule-0-description": "Not in August",
            "cost_option-amount": "3",
            "cost_option-amount_description": "Tea included",
            "contact-name": "Jenna Trewin",
            "phone-number": "01632 960123",
        },
    )
    response = cast.client("manager").post(reverse("directory:entry_new"), data, follow=True)
    assert "Added “Sea shanty singers” to the directory." in response.content.decode()
    service = Service.objects.get(owner=owner, name="Sea shanty singers")
    assert service.organization.name == "Carrowmouth Shanty Crew" and service.status == "active"
    assert (service.organization.website, service.organization.email) == (
        "https://shanty.example.org",  # typed without its scheme, as people do
        "sing@shanty.example.org",
    )
    assert len(service.oruk_id) == 36 and service.last_modified is not None
    place = service.service_at_locations.get().location
    address = place.addresses.get()
    assert (address.postal_code, address.country, address.address_type) == ("ZC1 4QR", "GB", "physical")
    assert sorted(a.accessibility for a in place.accessibility.all()) == ["Hearing loop", "Step-free access"]
    schedule = service.schedules.get()
    assert (schedule.byday, schedule.freq, str(schedule.opens_at)) == ("WE,FR", "WEEKLY", "19:00:00")
    assert str(service.cost_options.get().amount) == "3.0000000"
    assert service.contacts.get().phones.get().number == "01632 960123"
    assert service.attributes.get().link_id == service.oruk_id
    entry = AuditEntry.objects.get(object_type="community.service", object_id=str(service.pk))
    assert entry.action == "create" and entry.actor == cast.users["manager"]
    assert entry.changes["schedules"] == [None, ["Wednesdays and Fridays, 19:00 to 21:00 (Not in August)"]]

    found = _text(
        cast.client("worker").get(reverse("directory:find"), {"day": "FR", "area": "ZC1"}).content.decode()
    )
    assert "Sea shanty singers" in found and "£3.00 (Tea included)" in found and "Step-free access" in found
    export_package(owner, tmp_path / "out")  # and it goes out in the standard's columns
    services_csv = (tmp_path / "out" / "services.csv").read_text(encoding="utf-8-sig")
    assert "Sea shanty singers" in services_csv


def test_bad_input_is_said_at_each_field_and_nothing_is_written(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    before = rows_of(owner)
    data = form_data(
        owner,
        **{
            "service-name": "",
            "service-minimum_age": "40",
            "service-maximum_age": "18",
            "organization-name": "",
            "address-address_1": "1 Quay Street",
            "address-postal_code": "NOT A CODE",
            "schedule-0-byday": ["MO"],
            "schedule-0-opens_at": "12:00",
            "schedule-0-closes_at": "10:00",
            "phone-number": "call me",
            "service-url": "ftp://example.org/timetable",
        },
    )
    response = cast.client("manager").post(reverse("directory:entry_new"), data)
    assert response.status_code == 200
    text = _text(response.content.decode())
    for said in [
        "Nothing was saved: please check the entry",
        "Name: This field is required.",
        "Website: Enter the website’s address, starting http:// or https://",
        "The oldest age cannot be below the youngest.",
        "Choose the organisation that runs it, or name a new one below.",
        "Enter a postcode such as NB4 2AB.",
        "Give the town or village.",
        "The end must be after the start.",
        "Enter a phone number, e.g. 01632 960000.",
    ]:
        assert said in text, said
    assert rows_of(owner) == before
    assert not AuditEntry.objects.filter(object_type="community.service").exists()
    # Accessibility belongs to a place: without one it is refused, not dropped.
    data = form_data(
        owner,
        **{
            "service-name": "Walk",
            "organization-organization": str(Organization.objects.get(owner=owner).pk),
            "location-accessibility": "Step-free access",
        },
    )
    response = cast.client("manager").post(reverse("directory:entry_new"), data)
    assert "Name the place, or give its address, for its accessibility." in _text(response.content.decode())
    assert rows_of(owner) == before


def test_correcting_a_moved_entry_clears_the_report_and_keeps_what_the_import_kept(
    cast: Cast, tmp_path: Path
) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    service = Service.objects.get(owner=owner, name="Allotment group 0")
    hall = service.service_at_locations.get().location
    sharing = Service.objects.get(owner=owner, name="Allotment group 2")  # also meets at the hall
    do_check_service(cast.users["worker"], service, CheckFinding.MOVED, "now at the Quay Rooms")

    # The directory page says who reported it and when; the manager follows the link to correct it.
    page = _text(cast.client("manager").get(reverse("directory:directory")).content.decode())
    today = dt.date.today().strftime("%d/%m/%Y")
    assert f"Moved Reported by Wil Carden on {today}" in page
    assert (
        f"Reported as moved on {today}; the details are being checked. What they said: "
        "“now at the Quay Rooms”"
    ) in page
    edit = cast.client("manager").get(reverse("directory:entry_edit", args=[service.pk])).content.decode()
    assert "saving clears this report" in edit and 'value="12 Mill Lane"' in edit

    data = form_data(
        owner,
        service,
        **{
            "location-name": "The Quay Rooms",
            "address-address_1": "2 Harbour Steps",
            "address-postal_code": "ZC1 4QR",
            "schedule-0-opens_at": "10:30",
        },
    )
    response = cast.client("manager").post(
        reverse("directory:entry_edit", args=[service.pk]), data, follow=True
    )
    assert "Saved your changes to “Allotment group 0”." in response.content.decode()
    service.refresh_from_db()
    assert service.alert == service.check_note == "" and service.last_checked_by == cast.users["manager"]
    assert service.last_checked_at is not None
    assert service.extra == {"wheelchair_note": "Ask at the desk"}  # the import's extra is untouched
    assert service.organization.extra == {"charity_number": "1000001"}
    moved_to = service.service_at_locations.get().location
    assert moved_to != hall and moved_to.addresses.get().address_1 == "2 Harbour Steps"
    assert sharing.service_at_locations.get().location == hall  # the other group still meets there
    assert hall.addresses.get().address_1 == "12 Mill Lane"
    assert str(service.schedules.get().opens_at) == "10:30:00"
    assert service.cost_options.get().amount_description == "Tea and biscuits"  # shown, not changed
    entry = AuditEntry.objects.filter(object_type="community.service", object_id=str(service.pk)).latest("id")
    assert entry.actor == cast.users["manager"] and entry.action == "update"
    assert "cleared “Reported as moved on" in entry.note and "marked checked" in entry.note
    assert set(entry.changes) == {"alert", "location", "schedules"}
    assert "No entry is reported as moved or stopped." in _text(
        cast.client("manager").get(reverse("directory:directory")).content.decode()
    )
    # Saving again without a change writes no entry.
    cast.client("manager").post(reverse("directory:entry_edit", args=[service.pk]), form_data(owner, service))
    assert (
        AuditEntry.objects.filter(object_type="community.service", object_id=str(service.pk)).latest("id")
        == entry
    )


def test_a_place_only_this_entry_has_is_corrected_in_place(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    service = Service.objects.get(owner=owner, name="Community choir 1")  # alone at the Quay Rooms
    quay = service.service_at_locations.get().location
    data = form_data(
        owner, service, **{"address-postal_code": "ZC4 1AB", "location-accessibility": "Quiet room"}
    )
    cast.client("manager").post(reverse("directory:entry_edit", args=[service.pk]), data)
    assert service.service_at_locations.get().location == quay
    assert quay.addresses.get().postal_code == "ZC4 1AB"
    assert [a.accessibility for a in quay.accessibility.all()] == ["Quiet room"]
    assert Location.objects.filter(owner=owner).count() == 2


def test_schedules_it_cannot_hold_are_kept_and_lines_can_be_removed(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    service = Service.objects.get(owner=owner, name="Allotment group 0")
    fortnightly = Schedule.objects.create(
        owner=owner,
        oruk_id="every-other",
        service=service,
        freq="WEEKLY",
        interval=2,
        byday="SA",
        extra={"timezone": "Europe/London"},
    )
    page = cast.client("manager").get(reverse("directory:entry_edit", args=[service.pk])).content.decode()
    assert "Kept as it is" in page
    weekly = service.schedules.exclude(pk=fortnightly.pk).get()
    data = form_data(owner, service, **{"schedule-0-DELETE": "on", "schedule-1-description": "tampered"})
    cast.client("manager").post(reverse("directory:entry_edit", args=[service.pk]), data)
    assert not Schedule.objects.filter(pk=weekly.pk).exists()
    fortnightly.refresh_from_db()
    assert (fortnightly.interval, fortnightly.byday, fortnightly.description) == (2, "SA", "")
    assert fortnightly.extra == {"timezone": "Europe/London"}
    # A schedule of another entry cannot be named in the form.
    other = Schedule.objects.exclude(service=service).exclude(service_at_location__service=service).first()
    assert other is not None
    data = form_data(owner, service, **{"schedule-0-schedule": str(other.pk)})
    response = cast.client("manager").post(reverse("directory:entry_edit", args=[service.pk]), data)
    assert "Select a valid choice" in response.content.decode()


def test_a_first_monday_and_an_organisation_chosen(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    trust = Organization.objects.get(owner=owner)
    # A chosen organisation's website is changed on its own page, not given here as if it were new.
    refused = form_data(
        owner,
        **{
            "service-name": "Repair café",
            "organization-organization": str(trust.pk),
            "organization-website": "https://repair.example.org",
        },
    )
    response = cast.client("manager").post(reverse("directory:entry_new"), refused)
    said = "Website of the new organisation: Leave this empty when you choose an organisation above."
    assert (
        said in _text(response.content.decode()) and not Service.objects.filter(name="Repair café").exists()
    )
    data = form_data(
        owner,
        **{
            "service-name": "Repair café",
            "organization-organization": str(trust.pk),
            "schedule-0-byday": ["MO"],
            "schedule-0-week": "1",
            "schedule-0-opens_at": "10:00",
            "schedule-0-closes_at": "12:00",
        },
    )
    response = cast.client("manager").post(reverse("directory:entry_new"), data, follow=True)
    assert response.status_code == 200
    service = Service.objects.get(name="Repair café")
    assert service.organization == trust and not service.service_at_locations.exists()
    assert (service.schedules.get().byday, service.schedules.get().freq) == ("1MO", "MONTHLY")
    edit = _text(
        cast.client("manager").get(reverse("directory:entry_edit", args=[service.pk])).content.decode()
    )
    assert "The first Monday of the month, 10:00 to 12:00" in edit


def test_a_manager_changes_the_providers_website_and_email_from_an_entry(cast: Cast, tmp_path: Path) -> None:
    """Reached from an entry's page and back to it; a javascript: or ftp: address or a malformed email is
    refused at its field with nothing changed; a good one is saved, audited, and served by the API."""
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    do_set_publishing(None, owner, publish=True, api_name="harbourside")
    service = Service.objects.get(owner=owner, name="Allotment group 0")
    trust = service.organization
    manager = cast.client("manager")
    entry_url = reverse("directory:entry_edit", args=[service.pk])
    entry_page = manager.get(entry_url, {"next": reverse("directory:find")}).content.decode()
    assert 'Its website: <span class="wrap-anywhere">https://example.org</span>' in entry_page
    link = re.search(r'href="([^"]*/organisations/\d+/\?next=[^"]*)"', entry_page)
    assert link is not None and "Change the website or email of Brightwater Community Trust" in entry_page
    url = link.group(1).replace("&amp;", "&")
    page = _text(manager.get(url).content.decode())
    assert "Brightwater Community Trust runs 3 entries in your directory" in page
    assert 'value="hello@example.org"' in manager.get(url).content.decode()

    for website, email, said in [
        ("javascript:alert(document.cookie)", "hello@example.org", "Website: Enter the website’s address"),
        ("ftp://example.org/files", "hello@example.org", "starting http:// or https://"),
        ("https://example.org", "hello at example", "Email: Enter an email address, e.g. hello@example.org."),
        ("https://example.org", "<script>@example.org", "Enter an email address"),
    ]:
        response = manager.post(url, {"website": website, "email": email, "next": entry_url})
        assert response.status_code == 200
        assert said in _text(response.content.decode()), said
        assert "Please check the form" in response.content.decode()
        trust.refresh_from_db()
        assert (trust.website, trust.email) == ("https://example.org", "hello@example.org")
    assert not AuditEntry.objects.filter(object_type="community.organization").exists()

    response = manager.post(
        url, {"website": " brightwater.example.org/groups ", "email": "groups@brightwater.example.org"}
    )
    assert response.status_code == 302
    assert (
        response["Location"] == f"{entry_url}?{urlencode({'next': reverse('directory:find')})}"
    )  # back to the entry
    trust.refresh_from_db()
    assert trust.website == "https://brightwater.example.org/groups"
    assert trust.email == "groups@brightwater.example.org"
    assert trust.extra == {"charity_number": "1000001"}  # what the import kept is left alone
    entry = AuditEntry.objects.get(object_type="community.organization")
    assert entry.actor == cast.users["manager"] and entry.action == "update"
    assert entry.changes == {
        "website": ["https://example.org", "https://brightwater.example.org/groups"],
        "email": ["hello@example.org", "groups@brightwater.example.org"],
    }
    followed = _text(manager.get(entry_url).content.decode())
    assert "Saved the website and email of “Brightwater Community Trust”." in followed
    assert "Its website: https://brightwater.example.org/groups" in followed
    api = cast.client("worker").get(reverse("community:api_service", args=["harbourside", service.oruk_id]))
    organization = api.json()["organization"]
    assert organization["website"] == "https://brightwater.example.org/groups"
    assert organization["email"] == "groups@brightwater.example.org"
    # Saving it as it is writes nothing; an address off the site is not followed back; emptied is allowed.
    manager.post(url, {"website": trust.website, "email": trust.email})
    assert AuditEntry.objects.filter(object_type="community.organization").count() == 1
    response = manager.post(url, {"website": "", "email": "", "next": "https://evil.example/"})
    assert response["Location"] == reverse("directory:directory")
    trust.refresh_from_db()
    assert trust.website == trust.email == ""

    # Only its own managers: another organisation's manager finds nothing, a worker may not.
    assert cast.client("other_manager").get(url).status_code == 404
    assert cast.client("other_manager").post(url, {"website": "https://x.example"}).status_code == 404
    assert cast.client("worker").post(url, {"website": "https://x.example"}).status_code == 403
    trust.refresh_from_db()
    assert trust.website == ""


def test_entries_are_kept_only_by_their_own_managers(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    service = Service.objects.get(owner=owner, name="Allotment group 0")
    url = reverse("directory:entry_edit", args=[service.pk])
    assert cast.client("other_manager").get(url).status_code == 404
    assert (
        cast.client("other_manager")
        .post(url, form_data(owner, service, **{"service-name": "Ours"}))
        .status_code
        == 404
    )
    assert cast.client("worker").get(url).status_code == 403
    assert cast.client("worker").get(reverse("directory:entry_new")).status_code == 403
    service.refresh_from_db()
    assert service.name == "Allotment group 0"
    # A stopped entry is not offered to workers but its manager can put it right.
    do_check_service(cast.users["worker"], service, CheckFinding.STOPPED)
    assert cast.client("manager").get(url).status_code == 200
    page = _text(cast.client("worker").get(reverse("directory:directory")).content.decode())
    assert "Stopped Reported by Wil Carden" in page and "A manager corrects the entry." in page
    assert "Add an entry" not in page and "Publish the directory" not in page


def test_the_start_page_and_the_find_page_lead_to_the_directory(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    service = Service.objects.get(owner=owner, name="Allotment group 0")
    do_check_service(cast.users["worker"], service, CheckFinding.MOVED)
    start = _text(cast.client("manager").get("/").content.decode())
    assert (
        "Community directory" in start and "1 reported as moved" in start and "2 entries due a check" in start
    )
    assert "Community directory" not in _text(cast.client("worker").get("/").content.decode())
    find = cast.client("manager").get(reverse("directory:find")).content.decode()
    assert (
        reverse("directory:directory") in find and reverse("directory:entry_edit", args=[service.pk]) in find
    )
    assert (
        reverse("directory:entry_edit", args=[service.pk])
        not in cast.client("worker").get(reverse("directory:find")).content.decode()
    )


def test_the_directory_page_counts(cast: Cast, tmp_path: Path) -> None:
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path)
    do_set_publishing(None, owner, publish=True, api_name="harbourside")
    page = _text(cast.client("worker").get(reverse("directory:directory")).content.decode())
    assert "3 entries (3 running) from 1 organisation at 2 places." in page
    assert "3 due a check; 0 reported by workers" in page and "Never checked" in page and "Published" in page
    assert "Stop publishing" not in page
    northbridge = _text(cast.client("other_manager").get(reverse("directory:directory")).content.decode())
    assert "0 entries (0 running)" in northbridge and "Allotment" not in northbridge


def test_reported_entries_are_paged_most_recent_first_with_true_counts(  # type: ignore[no-untyped-def]
    cast: Cast, tmp_path: Path, django_assert_num_queries
) -> None:
    """Every entry reported as moved or stopped is listed, 20 a page, most recent report first (one whose
    report came in an import, with no audit entry, last); each list's links keep the other's page; the
    page's queries do not grow with the entries on it."""
    owner = cast.orgs["harbourside"]
    load(owner, tmp_path, services=50)
    services = list(Service.objects.filter(owner=owner).order_by("id"))
    manager = cast.client("manager")
    url = reverse("directory:directory")
    for service in services[:3]:
        do_check_service(cast.users["worker"], service, CheckFinding.MOVED)
    manager.get(url)  # the session and what is cached once are read before counting
    with django_assert_num_queries(13):
        manager.get(url)
    for i, service in enumerate(services[3:25]):
        do_check_service(cast.users["worker"], service, CheckFinding.STOPPED if i % 2 else CheckFinding.MOVED)
    Service.objects.filter(pk=services[25].pk).update(alert="Reported as moved by the council.")  # imported
    with django_assert_num_queries(13):
        first = _text(manager.get(url).content.decode())
    with django_assert_num_queries(13):
        last = manager.get(url, {"reported": 2, "page": 2}).content.decode()

    assert "26 reported by workers as moved or stopped" in first and "24 due a check" in first
    assert "Page 1 of 2" in first
    listed = re.findall(
        r"(?:Allotment group|Community choir) \d+", first.split("Reported as moved or stopped")[-1]
    )
    assert listed[0] == services[24].name  # the latest report first
    assert services[0].name not in first.split("Due a check")[0].split("Reported as moved or stopped")[-1]
    reports_part = _text(last).split("Due a check")[0].split("Reported as moved or stopped")[-1]
    for service in services[:5]:  # the earliest reports, then the imported alert
        assert service.name in reports_part, service.name
    assert reports_part.index(services[0].name) < reports_part.index(services[25].name)
    assert reports_part.count("Reported by Wil Carden") == 5
    assert 'href="?page=2&amp;reported=1#reports-heading"' in last  # the due list stays on its page 2
    assert 'href="?reported=2&amp;page=1#due-heading"' in last
    assert (
        'aria-label="Pages of entries reported"' in last
        and 'aria-label="Pages of entries due a check"' in last
    )
    # A page past the end, or no number at all, is the nearest page, never an error.
    assert "Page 2 of 2" in _text(manager.get(url, {"reported": 9}).content.decode())
    assert manager.get(url, {"reported": "x"}).status_code == 200


def test_the_report_pages_through_a_large_import(cast: Cast, tmp_path: Path) -> None:
    tables = directory_tables(40)
    for row in tables["services.csv"]:
        row["last_modified"] = "2026-10-01T09:30:00Z"
    upload(cast.client("manager"), "many.zip", zipped(tmp_path, tables))
    record = DirectoryImport.objects.get()
    first = _text(
        cast.client("manager").get(reverse("directory:import_report", args=[record.pk])).content.decode()
    )
    assert "Page 1 of 4" in first  # 361 records, 100 a page
    last = cast.client("manager").get(reverse("directory:import_report", args=[record.pk]), {"page": 4})
    assert "Page 4 of 4" in _text(last.content.decode())


def test_a_zip_with_only_a_datapackage_is_refused_with_reason(cast: Cast) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pkg/datapackage.json", json.dumps({"resources": []}))
    response = upload(cast.client("manager"), "empty.zip", buffer.getvalue())
    assert "Nothing was imported" in _text(response.content.decode())
    assert not Service.objects.exists()
