"""The community directory in the Open Referral UK format (issue 15): data packages written the way
council tools write them (by the generator below, never copied files), ORUK JSON in its three shapes, the
checked, merging import, the export round trip, the `cpi community` command and the read-only ORUK API."""

from __future__ import annotations

import csv
import importlib
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management import CommandError, call_command
from django.db.models import CharField
from django.test import Client
from django.urls import reverse

from connecting_people.accounts.actions import do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector
from connecting_people.audit.models import AuditEntry
from connecting_people.community.actions import do_set_publishing
from connecting_people.community.models import MODELS, DirectoryImport, OtherTableRow, Service
from connecting_people.community.oruk.spec import ID_MAX_LENGTH, TABLES

pytestmark = pytest.mark.django_db


def uid(name: str) -> str:
    """A stable UUID for a name, as a directory tool would have given it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def directory_tables(services: int = 3) -> dict[str, list[dict[str, str]]]:
    """A small fictitious directory: one organisation, `services` groups each at a hall, with a weekly
    schedule, a cost, a contact with a phone and an interest term; plus a funding table we do not model."""
    tables: dict[str, list[dict[str, str]]] = {
        "organizations.csv": [
            {
                "id": uid("org"),
                "name": "Brightwater Community Trust",
                "description": "Runs groups in Brightwater and Hollin Vale.",
                "email": "hello@example.org",
                "website": "https://example.org",
                "logo": "",
                "uri": "",
                "parent_organization_id": "",
                "charity_number": "1000001",  # a column the standard does not have
            }
        ],
        "taxonomies.csv": [
            {
                "id": uid("tax"),
                "name": "Interests",
                "description": "What people enjoy",
                "uri": "",
                "version": "1",
            }
        ],
        "taxonomy_terms.csv": [
            {
                "id": uid("term-garden"),
                "name": "Gardening",
                "description": "Growing things",
                "parent_id": "",
                "taxonomy": "Interests",
                "taxonomy_id": uid("tax"),
                "term_uri": "",
                "term": "gardening",
            },
            {
                "id": uid("term-music"),
                "name": "Music",
                "description": "Singing and playing",
                "parent_id": "",
                "taxonomy": "Interests",
                "taxonomy_id": uid("tax"),
                "term_uri": "",
                "term": "music",
            },
        ],
        "locations.csv": [
            {
                "id": uid("hall"),
                "location_type": "physical",
                "name": "Mill Lane Hall",
                "description": "Café – step-free entrance",
                "latitude": "53.4808",
                "longitude": "-2.2426",
                "external_identifier": "",
                "external_identifier_type": "",
            }
        ],
        "addresses.csv": [
            {
                "id": uid("hall-address"),
                "location_id": uid("hall"),
                "attention": "",
                "address_1": "12 Mill Lane",
                "city": "Brightwater",
                "region": "",
                "state_province": "Greater Brightwater",
                "postal_code": "BW1 2AB",
                "country": "GB",
                "address_type": "physical",
            }
        ],
        "accessibility.csv": [
            {
                "id": uid("hall-access"),
                "location_id": uid("hall"),
                "description": "Hearing loop",
                "details": "",
                "url": "",
                "accessibility": "Hearing loop in the main room",
            }
        ],
        "services.csv": [],
        "service_at_locations.csv": [],
        "schedules.csv": [],
        "cost_options.csv": [],
        "contacts.csv": [],
        "phones.csv": [],
        "attributes.csv": [],
        "funding.csv": [],
    }
    for n in range(services):
        service = uid(f"service-{n}")
        tables["services.csv"].append(
            {
                "id": service,
                "organization_id": uid("org"),
                "name": f"Allotment group {n}" if n % 2 == 0 else f"Community choir {n}",
                "description": "Friendly, all welcome",
                "url": "",
                "email": "",
                "status": "active",
                "fees": "",
                "accreditations": "",
                "minimum_age": "18" if n == 0 else "",
                "maximum_age": "",
                "assured_date": "2026-09-01",
                "assurer_email": "",
                "alert": "",
                "last_modified": f"2026-10-0{n + 1}T09:30:00Z",
                "wheelchair_note": "Ask at the desk",  # a column the standard does not have
            }
        )
        tables["service_at_locations.csv"].append(
            {"id": uid(f"sal-{n}"), "service_id": service, "location_id": uid("hall")}
        )
        tables["schedules.csv"].append(
            {
                "id": uid(f"schedule-{n}"),
                "service_id": service,
                "service_at_location_id": "",
                "valid_from": "",
                "valid_to": "",
                "dtstart": "",
                "freq": "WEEKLY",
                "interval": "1",
                "byday": "TU" if n % 2 == 0 else "TH",
                "bymonthday": "",
                "description": "Tuesdays 10:00-12:00, term time" if n % 2 == 0 else "Thursday evenings",
                "opens_at": "10:00" if n % 2 == 0 else "18:30",
                "closes_at": "12:00" if n % 2 == 0 else "20:00",
                "schedule_link": "",
                "attending_type": "in_person",
                "notes": "",
            }
        )
        tables["cost_options.csv"].append(
            {
                "id": uid(f"cost-{n}"),
                "service_id": service,
                "valid_from": "",
                "valid_to": "",
                "option": "Per session",
                "amount": "2.50",
                "amount_description": "Tea and biscuits",
            }
        )
        tables["contacts.csv"].append(
            {
                "id": uid(f"contact-{n}"),
                "service_id": service,
                "name": "Group organiser",
                "title": "Organiser",
            }
        )
        tables["phones.csv"].append(
            {
                "id": uid(f"phone-{n}"),
                "contact_id": uid(f"contact-{n}"),
                "number": "+44 1632 960000",
                "description": "",
            }
        )
        tables["attributes.csv"].append(
            {
                "id": uid(f"attr-{n}"),
                "link_id": service,
                "taxonomy_term_id": uid("term-garden" if n % 2 == 0 else "term-music"),
                "link_type": "service",
            }
        )
        tables["funding.csv"].append(
            {"id": uid(f"fund-{n}"), "service_id": service, "source": "=Lottery grant"}
        )
    return tables


def csv_bytes(
    rows: list[dict[str, str]], encoding: str = "utf-8-sig", header: list[str] | None = None
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")  # CRLF, as Excel and most council tools write
    header = header or (list(rows[0]) if rows else ["id"])
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue().encode(encoding)


def write_package(
    target: Path,
    tables: dict[str, list[dict[str, str]]],
    *,
    encoding: str = "utf-8-sig",
    as_zip: bool = False,
    prefix: str = "export-2026/",
    leave_out: tuple[str, ...] = (),
    tables_in: str = "",
) -> Path:
    """A data package as a folder or a zip (the package inside a folder of the zip); `tables_in` puts the
    CSV files in a folder of the package, as its datapackage.json then says."""
    resources = [
        {"name": name.removesuffix(".csv"), "path": tables_in + name, "profile": "tabular-data-resource"}
        for name in tables
    ]
    files = {"datapackage.json": json.dumps({"name": "test", "resources": resources}).encode()}
    files |= {tables_in + n: csv_bytes(rows, encoding) for n, rows in tables.items() if n not in leave_out}
    if as_zip:
        path = target.with_suffix(".zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(prefix + name, data)
        return path
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    return target


def org(name: str = "Harbourside Connections") -> Organisation:
    return do_save_organisation(
        None, Organisation(name=name, sector=Sector.THIRD_SECTOR, region=Region.SOUTH_WEST)
    )


def counts(owner: Organisation) -> dict[str, int]:
    found = {name: model._default_manager.filter(owner=owner).count() for name, model in MODELS.items()}
    found["other"] = OtherTableRow.objects.filter(owner=owner).count()
    return found


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("community", *args, stdout=out)
    return out.getvalue()


def test_import_a_council_style_package_reports_every_record_and_keeps_unknown_columns(
    tmp_path: Path,
) -> None:
    owner = org()
    path = write_package(tmp_path / "pkg", directory_tables())
    output = run("import", str(path), "--organisation", owner.name, "--report")
    assert "created" in output and "Every record" in output
    record = DirectoryImport.objects.get(owner=owner)
    assert record.counts == {"created": 31}  # 28 modelled records and 3 funding rows
    assert ["service", uid("service-0"), "created", []] in record.report
    service = Service.objects.get(owner=owner, oruk_id=uid("service-0"))
    assert service.extra == {"wheelchair_note": "Ask at the desk"}
    assert service.organization.extra == {"charity_number": "1000001"}
    assert (
        str(service.minimum_age) == "18.0000000"
        and service.schedules.get().opens_at.isoformat() == "10:00:00"
    )
    assert service.attributes.get().taxonomy_term.name == "Gardening"
    entry = AuditEntry.objects.get(object_type="community.directoryimport")
    assert entry.action == "import" and entry.organisation_id == owner.pk  # one entry for the import


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_encodings_and_a_zip_with_a_folder_inside(tmp_path: Path, encoding: str) -> None:
    owner = org()
    path = write_package(tmp_path / "pkg", directory_tables(), encoding=encoding, as_zip=True)
    run("import", str(path), "--organisation", owner.name)
    hall = MODELS["location"]._default_manager.get(owner=owner)
    assert hall.description == "Café – step-free entrance"  # é and the dash survive every encoding


@pytest.mark.parametrize("as_zip", [False, True])
def test_tables_in_a_folder_of_the_package(tmp_path: Path, as_zip: bool) -> None:
    owner = org()
    path = write_package(tmp_path / "pkg", directory_tables(), as_zip=as_zip, tables_in="data/")
    run("import", str(path), "--organisation", owner.name)
    assert counts(owner)["service"] == 3 and counts(owner)["other"] == 3
    run("export", "--format", "datapackage", "--out", str(tmp_path / "out"), "--organisation", owner.name)
    assert (tmp_path / "out" / "data" / "funding.csv").exists()  # a table we do not model keeps its place


def test_a_table_outside_the_package_is_refused(tmp_path: Path) -> None:
    owner = org()
    path = write_package(tmp_path / "pkg", directory_tables())
    descriptor = json.loads((path / "datapackage.json").read_text())
    descriptor["resources"].append({"name": "notes", "path": "../notes.csv"})
    (path / "datapackage.json").write_text(json.dumps(descriptor))
    assert "../notes.csv: a table's path must lie inside the package" in refused_import(path, owner)


def test_reimport_merges_by_identifier(tmp_path: Path) -> None:
    owner = org()
    tables = directory_tables()
    run("import", str(write_package(tmp_path / "one", tables)), "--organisation", owner.name)
    before = counts(owner)
    tables["services.csv"][1]["name"] = "Brightwater singers"
    tables["services.csv"].append(
        dict(tables["services.csv"][0], id=uid("service-new"), name="Walking group")
    )
    run("import", str(write_package(tmp_path / "two", tables)), "--organisation", owner.name)
    after = counts(owner)
    assert after["service"] == before["service"] + 1 and after["schedule"] == before["schedule"]
    second = DirectoryImport.objects.filter(owner=owner).latest("pk")
    assert second.counts == {"created": 1, "updated": 1, "unchanged": 30}
    assert ["service", uid("service-1"), "updated", ["name"]] in second.report
    assert Service.objects.get(oruk_id=uid("service-1")).name == "Brightwater singers"


def refused_import(path: Path, owner: Organisation) -> str:
    """Run an import that must be refused; its output, one line per problem."""
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("community", "import", str(path), "--organisation", owner.name, stdout=out)
    return out.getvalue()


def refused(tmp_path: Path, tables: dict[str, list[dict[str, str]]], **options: Any) -> str:
    """Import a faulty package (into a directory that may hold the good one already); nothing may change."""
    owner = Organisation.objects.first() or org()
    before = counts(owner)
    imports = DirectoryImport.objects.filter(owner=owner).count()
    output = refused_import(write_package(tmp_path / "bad", tables, **options), owner)
    assert counts(owner) == before
    assert DirectoryImport.objects.filter(owner=owner).count() == imports
    return output


def test_a_table_with_a_cell_too_long_for_csv_is_refused(tmp_path: Path) -> None:
    tables = directory_tables()
    tables["services.csv"][1]["description"] = "A long story. " * 10_000
    output = refused(tmp_path, tables)
    assert "services.csv could not be read: line 3 has a cell longer than 131,072 characters" in output


def test_a_package_saved_with_carriage_returns_alone(tmp_path: Path) -> None:
    """Excel for Mac ended lines with a carriage return alone."""
    owner = org()
    path = write_package(tmp_path / "pkg", directory_tables())
    for table in path.glob("*.csv"):
        table.write_bytes(table.read_bytes().replace(b"\r\n", b"\r"))
    run("import", str(path), "--organisation", owner.name)
    assert counts(owner)["service"] == 3


def test_broken_reference_is_refused_by_row(tmp_path: Path) -> None:
    tables = directory_tables()
    tables["services.csv"][2]["organization_id"] = uid("nowhere")
    output = refused(tmp_path, tables)
    assert f"services.csv row 4: organization_id '{uid('nowhere')}' is not in organizations.csv" in output


def test_missing_table_is_refused(tmp_path: Path) -> None:
    output = refused(tmp_path, directory_tables(), leave_out=("services.csv",))
    assert "services.csv is listed in datapackage.json but is not in the package" in output


def test_bad_time_date_and_enum_each_get_their_row(tmp_path: Path) -> None:
    owner = org()
    run("import", str(write_package(tmp_path / "good", directory_tables())), "--organisation", owner.name)
    tables = directory_tables()
    tables["schedules.csv"][1]["opens_at"] = "10am"
    tables["services.csv"][0]["assured_date"] = "31/09/2026"
    tables["services.csv"][1]["status"] = "open"
    tables["services.csv"][2]["name"] = "Changed but refused with the rest"
    output = refused(tmp_path, tables)
    assert "schedules.csv row 3: opens_at '10am' is not a time written HH:MM or HH:MM:SS" in output
    assert "services.csv row 2: assured_date '31/09/2026' is not a date written YYYY-MM-DD" in output
    assert "services.csv row 3: status 'open' is not one of" in output
    assert not Service.objects.filter(name="Changed but refused with the rest").exists()


def test_a_file_that_is_neither_package_nor_json(tmp_path: Path) -> None:
    owner = org()
    junk = tmp_path / "directory.zip"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert "directory.zip is neither a folder nor a zip archive" in refused_import(junk, owner)
    deep = tmp_path / "services.json"
    deep.write_text('{"contents": ' + "[" * 100_000)
    assert "services.json is nested too deeply to read" in refused_import(deep, owner)
    package = write_package(tmp_path / "pkg", directory_tables())
    (package / "datapackage.json").write_text('{"resources": ' + "[" * 100_000)
    assert "datapackage.json is not a data package descriptor" in refused_import(package, owner)
    assert counts(owner)["service"] == 0


def test_a_zip_bomb_is_not_opened(tmp_path: Path) -> None:
    owner = org()
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", b"{}")
        archive.writestr("services.csv", b"0" * (20 * 1024 * 1024))
    assert "zip bomb" in refused_import(bomb, owner)


def test_a_nul_character_is_refused_by_row_and_field(tmp_path: Path) -> None:
    """A NUL (a zero byte in a CSV cell, \\u0000 in JSON) is not text, and PostgreSQL cannot keep it: the
    import used to fail there with a database error. It is a problem of its row like any other."""
    tables = directory_tables()
    tables["services.csv"][1]["description"] = "Singing\x00 for all"
    output = refused(tmp_path, tables)
    assert "services.csv row 3: description holds a NUL character (a zero byte), which is not text" in output
    owner = Organisation.objects.get()
    service = nested_service(0)
    service["description"] = "Woodwork\u0000 and a cuppa"
    service["languages"][0]["language"] = "c\u0000y"  # a field we keep without modelling it
    path = tmp_path / "one.json"
    path.write_text(json.dumps(service))
    output = refused_import(path, owner)
    assert "description holds a NUL character" in output and "languages holds a NUL character" in output
    assert counts(owner)["service"] == 0


def test_text_longer_than_the_directory_keeps_is_refused_by_row(tmp_path: Path) -> None:
    """A council's postcode cell with directions in it, or an identifier longer than any the standard's
    tools make: SQLite would have kept them, PostgreSQL failed the import with a database error."""
    tables = directory_tables()
    tables["addresses.csv"][0]["postal_code"] = "BW1 2AB (rear entrance, ring the bell)"
    tables["funding.csv"].append({"id": "f" * 251, "service_id": uid("service-0"), "source": "Lottery"})
    output = refused(tmp_path, tables)
    assert (
        "addresses.csv row 2: postal_code 'BW1 2AB (rear entrance, ring the bell)' is longer than 20"
        in output
    )
    assert (
        f"funding.csv row {len(tables['funding.csv']) + 1}: id '{'f' * 40}'... is longer than 250" in output
    )


def test_the_standards_limits_are_the_directorys() -> None:
    """Every text the import writes into a column of limited length is checked against that length."""
    for table in TABLES:
        model = MODELS[table.name]
        assert model._meta.get_field("oruk_id").max_length == ID_MAX_LENGTH
        for column in table.columns:
            try:
                field = model._meta.get_field(column.name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, CharField) and not column.choices:
                assert column.max_length == field.max_length, (table.name, column.name)
    assert OtherTableRow._meta.get_field("oruk_id").max_length == ID_MAX_LENGTH


def nested_service(n: int) -> dict[str, Any]:
    """A fully nested service as a council's /services/{id} gives it."""
    return {
        "id": uid(f"json-service-{n}"),
        "name": f"Men's shed {n}",
        "description": "Woodwork and a cuppa",
        "status": "active",
        "minimum_age": 18,
        "last_modified": "2026-10-05T12:00:00Z",
        "languages": [{"id": uid(f"lang-{n}"), "language": "cy"}],  # not modelled: kept as it came
        "organization": {"id": uid("json-org"), "name": "Hollin Vale Sheds", "description": "Sheds"},
        "schedules": [
            {"id": uid(f"json-sched-{n}"), "byday": "WE", "opens_at": "14:00:00", "closes_at": "16:00:00"}
        ],
        "service_at_locations": [
            {
                "id": uid(f"json-sal-{n}"),
                "location": {
                    "id": uid("json-shed"),
                    "location_type": "physical",
                    "name": "The shed",
                    "addresses": [
                        {
                            "id": uid("json-shed-address"),
                            "address_1": "1 Vale Road",
                            "city": "Hollin Vale",
                            "state_province": "Hollinshire",
                            "postal_code": "HV2 3CD",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "contacts": [
            {
                "id": uid(f"json-contact-{n}"),
                "name": "Shed volunteer",
                "phones": [{"id": uid(f"json-phone-{n}"), "number": "01632 960001"}],
            }
        ],
        "attributes": [
            {
                "id": uid(f"json-attr-{n}"),
                "taxonomy_term": {"id": uid("json-term"), "name": "Making things", "description": "Crafts"},
            }
        ],
    }


@pytest.mark.parametrize("shape", ["single", "list", "paged"])
def test_oruk_json_in_each_shape(tmp_path: Path, shape: str) -> None:
    owner = org()
    services = [nested_service(0), nested_service(1)]
    document: Any = {
        "single": services[0],
        "list": services,
        "paged": {
            "total_items": 2,
            "total_pages": 1,
            "page_number": 1,
            "size": 2,
            "first_page": True,
            "last_page": True,
            "empty": False,
            "contents": services,
        },
    }[shape]
    path = tmp_path / "services.json"
    path.write_text(json.dumps(document))
    run("import", str(path), "--organisation", owner.name)
    expected = 1 if shape == "single" else 2
    assert Service.objects.filter(owner=owner).count() == expected
    assert MODELS["location"]._default_manager.filter(owner=owner).count() == 1  # shared, read once
    service = Service.objects.get(oruk_id=uid("json-service-0"))
    assert service.extra["languages"] == [{"id": uid("lang-0"), "language": "cy"}]
    assert service.contacts.get().phones.get().number == "01632 960001"
    assert service.attributes.get().taxonomy_term.name == "Making things"
    run("import", str(path), "--organisation", owner.name)
    assert set(DirectoryImport.objects.filter(owner=owner).latest("pk").counts) == {"unchanged"}


def test_json_schedules_nested_in_a_place_arrive_and_lists_not_read_are_reported(tmp_path: Path) -> None:
    """Council feeds give opening times under the service, or under the service at a location, and nest
    contacts there too: the times arrive; a nested list we do not read is named in the report, not lost
    without a word (it is kept as written with its record)."""
    owner = org()
    service = nested_service(0)
    place = service["service_at_locations"][0]
    place["schedules"] = [
        {"id": uid("json-sal-sched"), "byday": "MO", "opens_at": "10:00:00", "closes_at": "12:00:00"}
    ]
    place["contacts"] = [{"id": uid("json-sal-contact"), "name": "Shed keeper"}]
    path = tmp_path / "service.json"
    path.write_text(json.dumps(service))
    output = run("import", str(path), "--organisation", owner.name)
    at_place = MODELS["schedule"]._default_manager.get(oruk_id=uid("json-sal-sched"))
    assert at_place.byday == "MO" and at_place.service_at_location.oruk_id == uid("json-sal-0")
    assert "service_at_location.contacts: lists nested there (1 of them) are not read" in output
    assert "service.languages: lists nested there (1 of them) are not read" in output


def test_json_id_given_again_with_other_contents_is_refused_and_the_same_again_is_read_once(
    tmp_path: Path,
) -> None:
    """A feed that gives one place twice under its id (two services meet there) is read once; one that
    gives an id to two different objects is refused, naming the id and both places, and nothing is written."""
    owner = org()
    first, second = nested_service(0), nested_service(1)
    path = tmp_path / "services.json"
    path.write_text(json.dumps([first, second, first]))  # the first service, word for word, again
    run("import", str(path), "--organisation", owner.name)
    assert counts(owner)["service"] == 2 and counts(owner)["location"] == 1
    assert DirectoryImport.objects.get(owner=owner).counts == {"created": 16}

    other = org("Ynys Môn Café Trust")
    changed = nested_service(1)
    changed["service_at_locations"][0]["location"]["name"] = "The shed behind the café"
    changed["organization"]["description"] = "Sheds, and a café"
    path.write_text(json.dumps([nested_service(0), changed]))
    output = refused_import(path, other)
    shed, sheds = uid("json-shed"), uid("json-org")
    assert (
        f"services.json[1] (service {uid('json-service-1')}).service_at_locations[0] "
        f"(service_at_location {uid('json-sal-1')}).location (location {shed}): location id {shed!r} is "
        f"given again with other contents (name) than at services.json[0] (service "
        f"{uid('json-service-0')}).service_at_locations[0] (service_at_location "
        f"{uid('json-sal-0')}).location (location {shed})"
    ) in output
    assert f"organization id {sheds!r} is given again with other contents (description)" in output
    assert counts(other)["service"] == 0 and counts(other)["location"] == 0


def test_json_with_a_broken_nested_record_is_refused(tmp_path: Path) -> None:
    owner = org()
    broken = nested_service(0)
    broken["schedules"][0]["closes_at"] = "late"
    broken["organization"] = None
    broken["organization_id"] = uid("elsewhere")
    path = tmp_path / "one.json"
    path.write_text(json.dumps(broken))
    text = refused_import(path, owner)
    assert "closes_at 'late' is not a time" in text
    assert f"organization_id '{uid('elsewhere')}' is not in one.json nor already in the directory" in text
    assert counts(owner)["service"] == 0


def test_fields_named_as_hsds_or_as_the_uk_profile_are_read_and_written_in_both(tmp_path: Path) -> None:
    """HSDS 3.0 writes a place's accessibility and a service area as `description`; the UK profile also
    has `accessibility` and `service_area`; a taxonomy term's `term` is its name too. Whichever a file
    gives is read, and both are written back, in the data package, the JSON and the API."""
    owner = org()
    tables = directory_tables(1)
    # Accessibility and service areas in HSDS 3.0's names alone, then in the UK profile's alone.
    tables["accessibility.csv"] = [
        {"id": uid("access-new"), "location_id": uid("hall"), "description": "Rampe d’accès, café level"}
        | {"details": "Ask for the portable ramp", "url": "https://example.org/accès"}
    ]
    tables["service_areas.csv"] = [
        {"id": uid("area-new"), "service_id": uid("service-0"), "description": "Hollin Vale and Llanfair"}
    ]
    run("import", str(write_package(tmp_path / "hsds", tables)), "--organisation", owner.name)
    tables["accessibility.csv"] = [
        {"id": uid("access-old"), "location_id": uid("hall"), "accessibility": "Bóthar step-free route"}
    ]
    tables["service_areas.csv"] = [
        {"id": uid("area-old"), "service_id": uid("service-0"), "service_area": "Ynys Môn"}
    ]
    tables["taxonomy_terms.csv"][1] |= {"name": "", "term": "Café culture"}
    tables["taxonomy_terms.csv"][0] |= {"name": "", "term": ""}  # neither: still refused
    assert "taxonomy_terms.csv row 2: name is empty but the standard requires it" in refused(tmp_path, tables)
    tables["taxonomy_terms.csv"][0] |= {"name": "Gardening"}
    run("import", str(write_package(tmp_path / "pkg", tables)), "--organisation", owner.name)
    access = MODELS["accessibility"]._default_manager
    assert access.get(oruk_id=uid("access-new")).accessibility == "Rampe d’accès, café level"
    assert access.get(oruk_id=uid("access-old")).description == "Bóthar step-free route"
    areas = MODELS["service_area"]._default_manager
    assert areas.get(oruk_id=uid("area-new")).service_area == "Hollin Vale and Llanfair"
    assert areas.get(oruk_id=uid("area-old")).description == "Ynys Môn"
    assert MODELS["taxonomy_term"]._default_manager.get(oruk_id=uid("term-music")).name == "Café culture"

    run("export", "--format", "datapackage", "--out", str(tmp_path / "out"), "--organisation", owner.name)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out/service_areas.csv").read_text()))}
    assert rows[uid("area-old")]["description"] == rows[uid("area-old")]["service_area"] == "Ynys Môn"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((tmp_path / "out/accessibility.csv").read_text()))}
    assert rows[uid("access-new")]["details"] == "Ask for the portable ramp"
    assert rows[uid("access-new")]["url"] == "https://example.org/accès"
    run("import", str(tmp_path / "out"), "--organisation", owner.name)  # what we write reads back the same
    assert set(DirectoryImport.objects.filter(owner=owner).latest("pk").counts) == {"unchanged"}

    do_set_publishing(None, owner, publish=True, api_name="brightwater")
    client = Client()
    service = client.get(reverse("community:api_service", args=["brightwater", uid("service-0")])).json()
    assert {(a["description"], a["service_area"]) for a in service["service_areas"]} == {
        ("Hollin Vale and Llanfair", "Hollin Vale and Llanfair"),
        ("Ynys Môn", "Ynys Môn"),
    }
    (place,) = service["service_at_locations"]
    assert {a["description"] for a in place["location"]["accessibility"]} == {
        "Rampe d’accès, café level",
        "Bóthar step-free route",
    }


def test_existing_rows_get_both_namings_when_migrated() -> None:
    """Rows imported before both namings were filled get them from the migration's own function."""
    owner = org()
    hall = MODELS["location"]._default_manager.create(owner=owner, oruk_id="hall", location_type="physical")
    access = MODELS["accessibility"]._default_manager.create(
        owner=owner, oruk_id="a", location=hall, accessibility="Hearing loop in the café"
    )
    area = MODELS["service_area"]._default_manager.create(owner=owner, oruk_id="s", service_area="Ynys Môn")
    migration = importlib.import_module(
        "connecting_people.community.migrations.0005_service_area_description_and_both_namings"
    )
    migration.fill(django_apps, None)
    access.refresh_from_db()
    area.refresh_from_db()
    assert access.description == "Hearing loop in the café" and area.description == "Ynys Môn"


def test_export_round_trip_datapackage_and_json(tmp_path: Path) -> None:
    owner = org()
    run("import", str(write_package(tmp_path / "in", directory_tables())), "--organisation", owner.name)
    run("export", "--format", "datapackage", "--out", str(tmp_path / "out.zip"), "--organisation", owner.name)
    run("export", "--format", "datapackage", "--out", str(tmp_path / "out"), "--organisation", owner.name)
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        zipped = {name: archive.read(name) for name in archive.namelist()}
    assert zipped == {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    funding = zipped["funding.csv"].decode()
    assert (
        "=Lottery grant" in funding and "'=" not in funding
    )  # machine exchange: exact, not spreadsheet-guarded
    run("import", str(tmp_path / "out.zip"), "--organisation", owner.name)
    assert set(DirectoryImport.objects.filter(owner=owner).latest("pk").counts) == {"unchanged"}
    # Into an empty directory and out again: the same package, byte for byte.
    other = org("Elsewhere Trust")
    run("import", str(tmp_path / "out.zip"), "--organisation", other.name)
    run("export", "--format", "datapackage", "--out", str(tmp_path / "again"), "--organisation", other.name)
    for name, data in zipped.items():
        if name != "datapackage.json":
            assert (tmp_path / "again" / name).read_bytes() == data, name
    run(
        "export",
        "--format",
        "oruk-json",
        "--out",
        str(tmp_path / "services.json"),
        "--organisation",
        owner.name,
    )
    exported = json.loads((tmp_path / "services.json").read_text())
    assert len(exported) == 3 and exported[0]["schedules"][0]["opens_at"] == "10:00:00"
    third = org("Third Trust")
    run("import", str(tmp_path / "services.json"), "--organisation", third.name)
    run(
        "export", "--format", "oruk-json", "--out", str(tmp_path / "again.json"), "--organisation", third.name
    )
    assert json.loads((tmp_path / "again.json").read_text()) == exported


# The standard's service schema (UK profile 3.0): required fields and the nested objects' names.
SERVICE_REQUIRED = {"id", "name", "status"}
SERVICE_FIELDS = {
    "id", "organization_id", "name", "description", "url", "email", "status", "fees", "accreditations",
    "minimum_age", "maximum_age", "assured_date", "assurer_email", "alert", "last_modified",
}  # fmt: skip
NESTED = {
    "schedules",
    "service_areas",
    "service_at_locations",
    "cost_options",
    "contacts",
    "attributes",
    "organization",
}
PAGE = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


@pytest.fixture
def published(tmp_path: Path, client: Any) -> Organisation:
    owner = org()
    run("import", str(write_package(tmp_path / "pkg", directory_tables(5))), "--organisation", owner.name)
    do_set_publishing(None, owner, publish=True, api_name="harbourside")
    return owner


def test_api_meta_list_and_service_use_the_standards_names(client: Any, published: Organisation) -> None:
    meta = client.get(reverse("community:api_meta", args=["harbourside"])).json()
    assert meta["version"] == "3.0" and {"profile", "openapi_url"} <= set(meta)
    page = client.get(reverse("community:api_services", args=["harbourside"])).json()
    assert set(page) == PAGE and page["total_items"] == 5 and page["first_page"] and page["last_page"]
    first = page["contents"][0]
    assert set(first) >= SERVICE_FIELDS and set(first["organization"]) >= {"id", "name", "description"}
    one = client.get(reverse("community:api_service", args=["harbourside", uid("service-0")]))
    assert one["Content-Type"] == "application/json"
    service = one.json()
    assert {k for k, v in service.items() if v is not None} >= SERVICE_REQUIRED
    assert set(service) >= NESTED
    assert service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "BW1 2AB"
    assert service["contacts"][0]["phones"][0]["number"] == "+44 1632 960000"
    assert service["attributes"][0]["taxonomy_term"]["id"] == uid("term-garden")
    assert service["cost_options"][0]["amount"] == 2.5 and service["minimum_age"] == 18


def test_api_paging_and_filters(
    client: Any, published: Organisation, django_assert_max_num_queries: Any
) -> None:
    url = reverse("community:api_services", args=["harbourside"])
    with django_assert_max_num_queries(3):
        page = client.get(url, {"page": 2, "per_page": 2}).json()
    assert (page["page_number"], page["size"], page["total_pages"]) == (2, 2, 3)
    assert not page["first_page"] and not page["last_page"]
    assert client.get(url, {"page": 9, "per_page": 2}).json()["empty"] is True
    names = lambda **q: sorted(s["name"] for s in client.get(url, q).json()["contents"])  # noqa: E731
    assert names(search="choir") == ["Community choir 1", "Community choir 3"]
    assert names(taxonomy_term_id=uid("term-garden")) == [
        "Allotment group 0",
        "Allotment group 2",
        "Allotment group 4",
    ]
    assert len(names(taxonomy_id=uid("tax"))) == 5
    assert names(modified_after="2026-10-04T00:00:00Z") == ["Allotment group 4", "Community choir 3"]
    assert names(minimum_age="18") == ["Allotment group 0"]
    assert names(day="TH") == ["Community choir 1", "Community choir 3"]
    assert names(day="tuesday", start_time="09:30", end_time="12:00") == [
        "Allotment group 0",
        "Allotment group 2",
        "Allotment group 4",
    ]
    assert names(day="TU", start_time="18:00") == []  # the day and the times must be one schedule's
    for bad in (
        {"per_page": "lots"},
        {"day": "someday"},
        {"end_time": "noon"},
        {"modified_after": "yesterday"},
        {"modified_after": "0001-01-01T00:00:00+01:00"},  # before year 1 in UTC
        {"modified_after": "9999-12-31T23:59:59-01:00"},  # after year 9999 in UTC
        {"minimum_age": "NaN"},
        {"maximum_age": "-Infinity"},
        {"start_time": "10:00+01:00"},  # schedules are local times
    ):
        response = client.get(url, bad)
        assert response.status_code == 400 and response.json()["error"], bad
    with django_assert_max_num_queries(12):
        client.get(reverse("community:api_service", args=["harbourside", uid("service-0")]))


def test_unpublished_and_unknown_directories_are_404(client: Any, published: Organisation) -> None:
    do_set_publishing(None, published, publish=False)
    for name in ("community:api_meta", "community:api_services"):
        assert client.get(reverse(name, args=["harbourside"])).status_code == 404
        assert client.get(reverse(name, args=["nobody"])).status_code == 404
    assert (
        client.get(reverse("community:api_service", args=["harbourside", uid("service-0")])).status_code
        == 404
    )


def test_another_organisations_directory_is_invisible(
    tmp_path: Path, client: Any, published: Organisation
) -> None:
    other = org("Northbridge CMHT")
    tables = directory_tables(1)
    tables["services.csv"][0]["id"] = uid("theirs")
    tables["service_at_locations.csv"][0]["service_id"] = uid("theirs")
    for name in ("schedules.csv", "cost_options.csv", "contacts.csv", "funding.csv"):
        tables[name][0]["service_id"] = uid("theirs")
    tables["attributes.csv"][0]["link_id"] = uid("theirs")
    run("import", str(write_package(tmp_path / "theirs", tables)), "--organisation", other.name)
    assert (
        client.get(reverse("community:api_service", args=["harbourside", uid("theirs")])).status_code == 404
    )
    listed = client.get(reverse("community:api_services", args=["harbourside"])).json()
    assert uid("theirs") not in {s["id"] for s in listed["contents"]} and listed["total_items"] == 5


def test_publish_command(published: Organisation) -> None:
    assert "/api/oruk/harbourside/" in run("publish", "--organisation", published.name, "--off")
    with pytest.raises(CommandError, match="--as NAME"):
        run("publish", "--organisation", org("Brand new").name)
