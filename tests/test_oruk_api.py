"""The public ORUK API beyond /services: /service_at_locations, /taxonomies, /taxonomy_terms and
/organizations with their /{id}, the paging and filters they share with /services (postcode and proximity in
metres once a postcode file is loaded, a 400 saying why otherwise), HSDS 3.0's `full`, `minimal`,
`full_service` and `format=ndjson`, CORS and JSON on every answer (an address the API does not have, a
method it does not take), and the JSON checked against JSON Schemas written here from the standard's
required fields and types. The directory is generated below: a Welsh village's groups, every name with its
accents."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator

from connecting_people.accounts.models import Organisation
from connecting_people.community import views
from connecting_people.community.actions import do_set_publishing
from connecting_people.community.models import Schedule

from .test_community import org, uid, write_package

pytestmark = pytest.mark.django_db

API = "llanfair"
NEUADD = (53.2000, -4.1000)  # Neuadd y Pentref gives its own latitude and longitude
POSTCODES = {
    "ZW1 1AB": (53.2010, -4.1010),  # about 130 m from Neuadd y Pentref
    "ZW9 9ZZ": (53.3000, -4.1000),  # Canolfan y Môr, placed by its postcode: about 11 km from ZW1 1AB
}


def _taxonomy_terms() -> list[dict[str, str]]:
    rows = [
        ("garddio", "Garddio", "Diddordebau", "tax-diddordebau", ""),
        ("cerddoriaeth", "Cerddoriaeth", "Diddordebau", "tax-diddordebau", ""),
        ("cor", "Côr", "", "tax-diddordebau", "cerddoriaeth"),  # a child term, its taxonomy by id only
        ("unigrwydd", "Unigrwydd", "Anghenion", "tax-anghenion", ""),
    ]
    return [
        {
            "id": uid(key),
            "name": name,
            "description": f"{name}: grwpiau a gweithgareddau",
            "parent_id": uid(parent) if parent else "",
            "taxonomy": taxonomy,
            "taxonomy_id": uid(taxonomy_id),
            "term_uri": "",
            "term": key,
        }
        for key, name, taxonomy, taxonomy_id, parent in rows
    ]


def llanfair_tables() -> dict[str, list[dict[str, str]]]:
    """Three groups of Llanfair's community trust at two places: the choir at the village hall with its
    opening times given for the place, the garden at the sea centre with its own, the repair café at both
    with times for the service; terms in two taxonomies, contacts, costs, a service area, accessibility."""
    services = [
        # key, name, description, terms, where, times (day, opens, closes, for the place or the service)
        ("cor", "Côr Cymunedol Llanfair", "Canu i bawb — dim clyweliad", ["cerddoriaeth", "cor"], ["neuadd"]),
        ("gardd", "Gardd Gymunedol", "Tyfu llysiau a blodau gyda’n gilydd", ["garddio"], ["mor"]),
        (
            "caffi",
            "Caffi Trwsio",
            "Dewch â’ch tostiwr: we mend it together",
            ["unigrwydd"],
            ["neuadd", "mor"],
        ),
    ]
    tables: dict[str, list[dict[str, str]]] = {
        "organizations.csv": [
            {
                "id": uid("ymddiriedolaeth"),
                "name": "Ymddiriedolaeth Gymunedol Llanfair",
                "description": "Grwpiau’r pentref, o’r côr i’r caffi trwsio",
                "email": "helo@example.org",
            },
            {  # an organisation with no services (yet)
                "id": uid("cyfeillion"),
                "name": "Cyfeillion Llyfrgell Llanfair",
                "description": "Friends of the village library",
                "email": "",
            },
        ],
        "taxonomies.csv": [
            {"id": uid("tax-diddordebau"), "name": "Diddordebau", "description": "Interests", "version": "2"},
            {"id": uid("tax-anghenion"), "name": "Anghenion", "description": "Needs", "version": "1"},
        ],
        "taxonomy_terms.csv": _taxonomy_terms(),
        "locations.csv": [
            {"id": uid("neuadd"), "location_type": "physical", "name": "Neuadd y Pentref"}
            | {"latitude": str(NEUADD[0]), "longitude": str(NEUADD[1])},
            {"id": uid("mor"), "location_type": "physical", "name": "Canolfan y Môr", "latitude": ""}
            | {"longitude": ""},
        ],
        "addresses.csv": [
            {
                "id": uid(f"address-{key}"),
                "location_id": uid(key),
                "address_1": street,
                "city": "Llanfair",
                "state_province": "Ynys Môn",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
            for key, street, postcode in (
                ("neuadd", "Stryd y Capel", "ZW1 1AB"),
                ("mor", "Lôn y Traeth", "ZW9 9ZZ"),
            )
        ],
        "accessibility.csv": [
            {
                "id": uid("neuadd-dolen"),
                "location_id": uid("neuadd"),
                "description": "Dolen glyw yn y brif neuadd",
                "details": "Gofynnwch wrth y drws",
                "url": "https://example.org/hygyrchedd",
            }
        ],
        "services.csv": [
            {
                "id": uid(key),
                "organization_id": uid("ymddiriedolaeth"),
                "name": name,
                "description": description,
                "status": "active",
                "minimum_age": "18" if key == "gardd" else "",
                "last_modified": f"2026-11-0{n + 1}T10:00:00Z",
            }
            for n, (key, name, description, _, _) in enumerate(services)
        ],
        "service_at_locations.csv": [
            {"id": uid(f"{key}@{place}"), "service_id": uid(key), "location_id": uid(place)}
            for key, *_, places in services
            for place in places
        ],
        "schedules.csv": [
            {"id": uid("cor-nos-fawrth"), "service_at_location_id": uid("cor@neuadd")}
            | {"byday": "TU", "opens_at": "19:00", "closes_at": "21:00", "freq": "WEEKLY", "service_id": ""},
            {"id": uid("gardd-sadwrn"), "service_id": uid("gardd"), "service_at_location_id": ""}
            | {"byday": "SA", "opens_at": "10:00", "closes_at": "12:00", "freq": "WEEKLY"},
            {"id": uid("caffi-iau"), "service_id": uid("caffi"), "service_at_location_id": ""}
            | {"byday": "TH", "opens_at": "14:00", "closes_at": "16:00", "freq": "WEEKLY"},
        ],
        "service_areas.csv": [
            {"id": uid("ardal-caffi"), "service_id": uid("caffi"), "name": "Llanfair"}
            | {"description": "Pentrefi Ynys Môn"}
        ],
        "cost_options.csv": [
            {"id": uid("cost-cor"), "service_id": uid("cor"), "option": "Y sesiwn", "amount": "3.50"}
            | {"amount_description": "Te a bisgedi"}
        ],
        "contacts.csv": [
            {"id": uid(f"contact-{key}"), "service_id": uid(key), "name": "Siân Öztürk", "title": "Trefnydd"}
            for key, *_ in services
        ],
        "phones.csv": [
            {"id": uid(f"phone-{key}"), "contact_id": uid(f"contact-{key}"), "number": "01632 960123"}
            for key, *_ in services
        ],
        "attributes.csv": [
            {"id": uid(f"attr-{key}-{term}"), "link_id": uid(key), "taxonomy_term_id": uid(term)}
            | {"link_type": "service"}
            for key, _, _, terms, _ in services
            for term in terms
        ],
    }
    return tables


def load_postcodes(tmp_path: Path) -> None:
    path = tmp_path / "postcodes.csv"
    lines = ["postcode,latitude,longitude"] + [
        f"{code},{lat},{lon}" for code, (lat, lon) in POSTCODES.items()
    ]
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    call_command("community", "postcodes", str(path), stdout=io.StringIO())


@pytest.fixture
def llanfair(tmp_path: Path) -> Organisation:
    owner = org("Ymddiriedolaeth Llanfair")
    path = write_package(tmp_path / "llanfair", llanfair_tables())
    call_command("community", "import", str(path), "--organisation", owner.name, stdout=io.StringIO())
    do_set_publishing(None, owner, publish=True, api_name=API)
    return owner


def get(name: str, *args: str, **query: Any) -> Any:
    response = Client().get(reverse(f"community:{name}", args=[API, *args]), query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def refused(name: str, status: int = 400, *args: str, **query: Any) -> str:
    response = Client().get(reverse(f"community:{name}", args=[API, *args]), query)
    assert response.status_code == status, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    return str(response.json()["error"])


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["contents"]]


def test_service_at_locations_list_and_one(
    llanfair: Organisation, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):  # the directory, the count and the page, whatever its size
        page = get("api_service_at_locations")
    assert ids(page) == [uid("caffi@mor"), uid("caffi@neuadd"), uid("cor@neuadd"), uid("gardd@mor")]
    assert page["total_items"] == 4 and page["first_page"] and page["last_page"] and page["size"] == 4
    first = page["contents"][0]  # by service, then place
    assert first["service_id"] == uid("caffi") and first["location_id"] == uid("mor")
    assert first["location"]["name"] == "Canolfan y Môr" and first["service"]["name"] == "Caffi Trwsio"
    assert first["service"]["organization"]["name"] == "Ymddiriedolaeth Gymunedol Llanfair"
    second = get("api_service_at_locations", page=2, per_page=3)
    assert ids(second) == [uid("gardd@mor")] and second["last_page"] and not second["first_page"]

    with django_assert_max_num_queries(12):
        place = get("api_service_at_location", uid("cor@neuadd"))
    assert [s["byday"] for s in place["schedules"]] == ["TU"]  # the times the choir meets at the hall
    assert place["schedules"][0]["service_at_location_id"] == uid("cor@neuadd")
    assert place["location"]["addresses"][0]["postal_code"] == "ZW1 1AB"
    assert place["location"]["accessibility"][0]["description"] == "Dolen glyw yn y brif neuadd"
    service = place["service"]
    assert service["name"] == "Côr Cymunedol Llanfair" and "service_at_locations" not in service
    assert service["contacts"][0]["name"] == "Siân Öztürk" and service["cost_options"][0]["amount"] == 3.5
    assert {a["taxonomy_term"]["name"] for a in service["attributes"]} == {"Cerddoriaeth", "Côr"}
    assert "No service at a location with that id." in refused("api_service_at_location", 404, "nowhere")


def test_a_services_opening_times_at_its_places_are_in_its_json(
    llanfair: Organisation, tmp_path: Path
) -> None:
    """The choir's times are given for the hall, not the service: /services/{id} gives them with the place,
    and the JSON export reads back as it went."""
    choir = get("api_service", uid("cor"))
    assert choir["schedules"] == []
    (place,) = choir["service_at_locations"]
    assert [(s["byday"], s["opens_at"]) for s in place["schedules"]] == [("TU", "19:00:00")]
    exported = tmp_path / "llanfair.json"
    call_command(
        "community",
        "export",
        "--format",
        "oruk-json",
        "--out",
        str(exported),
        "--organisation",
        llanfair.name,
    )
    other = org("Cyngor Cymuned Llanfair")
    call_command("community", "import", str(exported), "--organisation", other.name, stdout=io.StringIO())
    assert Schedule.objects.filter(owner=other, service_at_location__isnull=False).count() == 1
    again = tmp_path / "again.json"
    call_command(
        "community", "export", "--format", "oruk-json", "--out", str(again), "--organisation", other.name
    )
    assert json.loads(again.read_text()) == json.loads(exported.read_text())


def test_service_and_place_filters_share_one_reading(llanfair: Organisation) -> None:
    def both(**query: str) -> tuple[list[str], list[str]]:
        services = [s["name"] for s in get("api_services", **query)["contents"]]
        places = [
            f"{p['service']['name']} @ {p['location']['name']}"
            for p in get("api_service_at_locations", **query)["contents"]
        ]
        return services, places

    # The day and times of the place's own opening times, or of its service's.
    assert both(day="TU") == (["Côr Cymunedol Llanfair"], ["Côr Cymunedol Llanfair @ Neuadd y Pentref"])
    assert both(day="thursday", start_time="13:00", end_time="16:00") == (
        ["Caffi Trwsio"],
        ["Caffi Trwsio @ Canolfan y Môr", "Caffi Trwsio @ Neuadd y Pentref"],
    )
    assert both(day="SA", start_time="11:00") == ([], [])  # one opening time must meet all three
    # Opening times that have ended are not found, as in the finder.
    Schedule.objects.filter(byday__icontains="TU").update(valid_to=dt.date(2020, 1, 1))
    assert both(day="TU") == ([], [])
    assert both(taxonomy_term_id=uid("cor")) == (
        ["Côr Cymunedol Llanfair"],
        ["Côr Cymunedol Llanfair @ Neuadd y Pentref"],
    )
    assert both(taxonomy_id=uid("tax-anghenion"))[1] == [
        "Caffi Trwsio @ Canolfan y Môr",
        "Caffi Trwsio @ Neuadd y Pentref",
    ]
    assert both(search="tostiwr") == (
        ["Caffi Trwsio"],
        ["Caffi Trwsio @ Canolfan y Môr", "Caffi Trwsio @ Neuadd y Pentref"],
    )
    assert both(minimum_age="18") == (["Gardd Gymunedol"], ["Gardd Gymunedol @ Canolfan y Môr"])
    assert both(modified_after="2026-11-03T00:00:00Z")[0] == ["Caffi Trwsio"]
    assert both(organization_id=uid("ymddiriedolaeth"))[0] == [
        "Caffi Trwsio",
        "Côr Cymunedol Llanfair",
        "Gardd Gymunedol",
    ]
    for name in ("api_services", "api_service_at_locations"):
        assert "day must be one of MO" in refused(name, day="dydd Llun")
        assert "start_time must be a time written HH:MM" in refused(name, start_time="saith")
        assert "per_page must be from 1 to 200" in refused(name, per_page="500")


def test_postcode_and_proximity_in_metres_once_postcodes_are_loaded(
    llanfair: Organisation, tmp_path: Path
) -> None:
    for name in ("api_services", "api_service_at_locations"):  # no postcode file: said, not ignored
        assert "no postcode file is loaded on this server" in refused(
            name, postcode="ZW1 1AB", proximity="1000"
        )
    load_postcodes(tmp_path)

    def places(**query: str) -> list[str]:
        return ids(get("api_service_at_locations", **query))

    hall = [uid("caffi@neuadd"), uid("cor@neuadd")]
    assert sorted(places(postcode="ZW1 1AB", proximity="1000")) == sorted(hall)
    everywhere = places(postcode="zw11ab", proximity="20000")  # nearest first: the hall, then the sea
    assert sorted(everywhere[:2]) == sorted(hall) and sorted(everywhere[2:]) == [
        uid("caffi@mor"),
        uid("gardd@mor"),
    ]
    assert places(postcode="ZW1 1AB", proximity="100") == []  # the hall is about 130 m away
    assert places(postcode="ZW9 9ZZ", proximity="500", day="SA") == [uid("gardd@mor")]  # with other filters
    services = [s["name"] for s in get("api_services", postcode="ZW9 9ZZ", proximity="500")["contents"]]
    assert services == ["Caffi Trwsio", "Gardd Gymunedol"] or services == ["Gardd Gymunedol", "Caffi Trwsio"]
    near_hall = [s["name"] for s in get("api_services", postcode="ZW1 1AB", proximity="20000")["contents"]]
    assert near_hall[-1] == "Gardd Gymunedol"  # only at the sea centre: the furthest
    for name in ("api_services", "api_service_at_locations"):
        assert "postcode is answered with proximity, the distance in metres" in refused(
            name, postcode="ZW1 1AB"
        )
        assert "proximity needs a postcode to measure from" in refused(name, proximity="1000")
        for bad in ("far", "-5", "0", "nan", "1e9"):
            assert "proximity must be a distance in metres" in refused(
                name, postcode="ZW1 1AB", proximity=bad
            )
        assert "postcode 'ZW5 5ZZ' is not in the postcode file" in refused(
            name, postcode="ZW5 5ZZ", proximity="9"
        )
        assert "postcode 'Llanfair' is not in the postcode file" in refused(
            name, postcode="Llanfair", proximity="9"
        )


def test_taxonomies_and_their_terms(llanfair: Organisation, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(3):
        page = get("api_taxonomies")
    assert [t["name"] for t in page["contents"]] == ["Anghenion", "Diddordebau"] and page["total_pages"] == 1
    assert page["contents"][1] == {
        "id": uid("tax-diddordebau"),
        "name": "Diddordebau",
        "description": "Interests",
        "uri": None,
        "version": "2",
    }
    assert ids(get("api_taxonomies", search="need")) == [uid("tax-anghenion")]
    assert ids(get("api_taxonomies", per_page=1, page=2)) == [uid("tax-diddordebau")]
    one = get("api_taxonomy", uid("tax-diddordebau"))
    assert [t["name"] for t in one["taxonomy_terms"]] == ["Cerddoriaeth", "Côr", "Garddio"]
    assert "No taxonomy with that id." in refused("api_taxonomy", 404, uid("tax-arall"))

    def terms(**query: str) -> list[str]:
        return [t["name"] for t in get("api_taxonomy_terms", **query)["contents"]]

    assert terms() == ["Cerddoriaeth", "Côr", "Garddio", "Unigrwydd"]
    assert terms(taxonomy_id=uid("tax-diddordebau")) == ["Cerddoriaeth", "Côr", "Garddio"]
    assert terms(vocabulary="anghenion") == ["Unigrwydd"]  # the term's own `taxonomy`, in any case
    assert terms(vocabulary="DIDDORDEBAU") == ["Cerddoriaeth", "Côr", "Garddio"]  # or its taxonomy's name
    assert terms(search="côr") == ["Côr"] and terms(search="garddio") == ["Garddio"]
    assert terms(parent_id=uid("cerddoriaeth")) == ["Côr"]
    assert terms(top_only="true") == ["Cerddoriaeth", "Garddio", "Unigrwydd"]
    assert "top_only must be true or false" in refused("api_taxonomy_terms", top_only="weithiau")
    term = get("api_taxonomy_term", uid("cor"))
    assert term["name"] == "Côr" and term["parent_id"] == uid("cerddoriaeth") and term["term"] == "cor"
    assert "No taxonomy term with that id." in refused("api_taxonomy_term", 404, "nowhere")


def test_unpublished_and_other_directories_are_404_everywhere(llanfair: Organisation, tmp_path: Path) -> None:
    other = org("Northbridge CMHT")
    tables = llanfair_tables()
    tables["services.csv"][0]["id"] = "theirs-only"
    for row in tables["service_at_locations.csv"] + tables["contacts.csv"] + tables["cost_options.csv"]:
        if row.get("service_id") == uid("cor"):
            row["service_id"] = "theirs-only"
    tables["attributes.csv"] = [a for a in tables["attributes.csv"] if a["link_id"] != uid("cor")]
    path = write_package(tmp_path / "theirs", tables)
    call_command("community", "import", str(path), "--organisation", other.name, stdout=io.StringIO())
    assert "No service with that id." in refused("api_service", 404, "theirs-only")
    assert get("api_taxonomy_terms")["total_items"] == 4  # theirs are not counted with ours
    # Their trust has the same id as ours: ours lists our services only.
    assert get("api_organizations")["total_items"] == 2
    trust = get("api_organization", uid("ymddiriedolaeth"), full_service="true")
    assert "theirs-only" not in {s["id"] for s in trust["services"]} and len(trust["services"]) == 3
    do_set_publishing(None, llanfair, publish=False)
    for name, args in (
        ("api_meta", ()),
        ("api_services", ()),
        ("api_service_at_locations", ()),
        ("api_service_at_location", (uid("cor@neuadd"),)),
        ("api_taxonomies", ()),
        ("api_taxonomy", (uid("tax-anghenion"),)),
        ("api_taxonomy_terms", ()),
        ("api_taxonomy_term", (uid("cor"),)),
        ("api_organizations", ()),
        ("api_organization", (uid("ymddiriedolaeth"),)),
    ):
        assert refused(name, 404, *args, day="someday") == "No published directory by that name."


def test_cors_on_every_answer_and_preflight(llanfair: Organisation) -> None:
    client = Client()
    base = reverse("community:api_meta", args=[API])
    for url, status in (
        (base, 200),
        (base + "services", 200),
        (base + "services?day=someday", 400),
        (base + "services/nowhere", 404),
        (base + "taxonomy_terms", 200),
        (reverse("community:api_meta", args=["nobody"]), 404),
        (base + "organizations", 200),
        (base + "locations", 404),  # a path the API does not have
        (base + "services?search=a%00b", 400),  # a NUL, refused before any view
        (base + "services?format=ndjson", 200),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Access-Control-Allow-Origin"] == "*", url
    posted = client.post(base + "services")
    assert posted.status_code == 405 and posted["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        base + "service_at_locations",
        headers={
            "Origin": "https://finder.example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept, x-requested-with",
        },
    )
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert preflight["Access-Control-Allow-Headers"] == "accept, x-requested-with"
    odd = client.options(base, headers={"Access-Control-Request-Headers": "x-a\tb; evil"})
    assert odd.status_code == 204 and "Access-Control-Allow-Headers" not in odd
    # Nothing else on the site may be read from another site.
    assert "Access-Control-Allow-Origin" not in client.get(reverse("accounts:login"))
    assert client.options(reverse("accounts:login")).status_code != 204


# JSON Schemas of what the standard requires (HSDS 3.0 and its UK profile): each object's required fields
# and the type of every field we give, written here from the standard's schema reference. Beyond the
# standard's own `required`, the nested lists and objects we promise (a service's contacts, an attribute's
# term, a page's `contents`) are required too, so that a list left out is caught.
def _nullable(kind: str | list[str], **more: Any) -> dict[str, Any]:
    kinds = [kind] if isinstance(kind, str) else kind
    return {"type": [*kinds, "null"], **more}


STRING = {"type": "string", "minLength": 1}
TEXT = _nullable("string")
NUMBER = _nullable("number")
DATE = _nullable("string", pattern=r"^\d{4}-\d{2}-\d{2}$")
TIME = _nullable("string", pattern=r"^\d{2}:\d{2}(:\d{2})?$")
DATETIME = _nullable("string", pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


ORGANIZATION = _object(
    ["id", "name", "description"],
    id=STRING,
    name=STRING,
    description={"type": "string"},
    email=TEXT,
    website=TEXT,
    logo=TEXT,
    uri=TEXT,
    parent_organization_id=TEXT,
)
TAXONOMY_TERM = _object(
    ["id", "name", "description"],
    id=STRING,
    name=STRING,
    description={"type": "string"},
    parent_id=TEXT,
    taxonomy=TEXT,
    taxonomy_id=TEXT,
    term_uri=TEXT,
    term=TEXT,
)
TAXONOMY = _object(
    ["id", "name", "description"],
    id=STRING,
    name=STRING,
    description={"type": "string"},
    uri=TEXT,
    version=TEXT,
    taxonomy_terms=_list(TAXONOMY_TERM),
)
ADDRESS = _object(
    ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
    id=STRING,
    location_id=TEXT,
    attention=TEXT,
    address_1=STRING,
    city=STRING,
    region=TEXT,
    state_province=STRING,
    postal_code=STRING,
    country=STRING,
    address_type={"enum": ["physical", "postal", "virtual"]},
)
ACCESSIBILITY = _object(
    ["id"], id=STRING, location_id=TEXT, description=TEXT, details=TEXT, url=TEXT, accessibility=TEXT
)
LOCATION_FIELDS: dict[str, Any] = {
    "id": STRING,
    "location_type": {"enum": ["physical", "postal", "virtual"]},
    "name": TEXT,
    "description": TEXT,
    "latitude": NUMBER,
    "longitude": NUMBER,
    "external_identifier": TEXT,
    "external_identifier_type": TEXT,
}
LOCATION = _object(["id", "location_type"], **LOCATION_FIELDS)
LOCATION_FULL = _object(
    ["id", "location_type", "addresses", "accessibility"],
    **LOCATION_FIELDS,
    addresses=_list(ADDRESS),
    accessibility=_list(ACCESSIBILITY),
)
SCHEDULE = _object(
    ["id"],
    id=STRING,
    service_id=TEXT,
    service_at_location_id=TEXT,
    valid_from=DATE,
    valid_to=DATE,
    dtstart=DATE,
    freq=_nullable("string", enum=["WEEKLY", "MONTHLY", None]),
    interval=NUMBER,
    byday=TEXT,
    bymonthday=TEXT,
    description=TEXT,
    opens_at=TIME,
    closes_at=TIME,
    schedule_link=TEXT,
    attending_type=TEXT,
    notes=TEXT,
)
PHONE = _object(["id", "number"], id=STRING, contact_id=TEXT, number=STRING, description=TEXT)
CONTACT = _object(["id"], id=STRING, service_id=TEXT, name=TEXT, title=TEXT, phones=_list(PHONE))
COST_OPTION = _object(
    ["id"],
    id=STRING,
    service_id=TEXT,
    valid_from=DATE,
    valid_to=DATE,
    option=TEXT,
    amount=NUMBER,
    amount_description=TEXT,
)
SERVICE_AREA = _object(
    ["id"],
    id=STRING,
    service_id=TEXT,
    name=TEXT,
    description=TEXT,
    extent=TEXT,
    extent_type=TEXT,
    uri=TEXT,
    service_area=TEXT,
)
ATTRIBUTE = _object(
    ["id", "taxonomy_term_id", "taxonomy_term"],
    id=STRING,
    link_id=STRING,
    taxonomy_term_id=STRING,
    link_type=TEXT,
    taxonomy_term=TAXONOMY_TERM,
)
SERVICE_FIELDS: dict[str, Any] = {
    "id": STRING,
    "organization_id": STRING,
    "name": STRING,
    "description": TEXT,
    "url": TEXT,
    "email": TEXT,
    "status": {"enum": ["active", "inactive", "defunct", "temporarily closed"]},
    "fees": TEXT,
    "accreditations": TEXT,
    "minimum_age": NUMBER,
    "maximum_age": NUMBER,
    "assured_date": DATE,
    "assurer_email": TEXT,
    "alert": TEXT,
    "last_modified": DATETIME,
    "organization": ORGANIZATION,
}
SERVICE_SUMMARY = _object(["id", "name", "status", "organization"], **SERVICE_FIELDS)
SERVICE_NESTED: dict[str, Any] = {
    "schedules": _list(SCHEDULE),
    "service_areas": _list(SERVICE_AREA),
    "cost_options": _list(COST_OPTION),
    "contacts": _list(CONTACT),
    "attributes": _list(ATTRIBUTE),
}
PLACE_NESTED = _object(
    ["id", "location_id", "location"],
    id=STRING,
    service_id=STRING,
    location_id=STRING,
    schedules=_list(SCHEDULE),
    location=LOCATION_FULL,
)
SERVICE_FULL = _object(
    ["id", "name", "status", "organization", *SERVICE_NESTED, "service_at_locations"],
    **SERVICE_FIELDS,
    **SERVICE_NESTED,
    service_at_locations=_list(PLACE_NESTED),
)
PLACE_SUMMARY = _object(
    ["id", "service_id", "location_id", "location", "service"],
    id=STRING,
    service_id=STRING,
    location_id=STRING,
    location=LOCATION,
    service=SERVICE_SUMMARY,
)
PLACE_FULL = _object(
    ["id", "service_id", "location_id", "location", "service"],
    id=STRING,
    service_id=STRING,
    location_id=STRING,
    schedules=_list(SCHEDULE),
    location=LOCATION_FULL,
    service=_object(
        ["id", "name", "status", "organization", *SERVICE_NESTED], **SERVICE_FIELDS, **SERVICE_NESTED
    ),
)


SERVICE_OWN = _object(["id", "organization_id", "name", "status"], **SERVICE_FIELDS)
ORGANIZATION_FULL = {
    **ORGANIZATION,
    "required": [*ORGANIZATION["required"], "services"],
    "properties": {**ORGANIZATION["properties"], "services": _list(SERVICE_OWN)},
}
ORGANIZATION_FULL_SERVICES = {
    **ORGANIZATION_FULL,
    "properties": {**ORGANIZATION["properties"], "services": _list(SERVICE_FULL)},
}
SERVICE_MINIMAL = {
    **_object(["id", "last_modified"], id=STRING, last_modified=DATETIME),
    "additionalProperties": False,
}


def paged(item: dict[str, Any]) -> dict[str, Any]:
    """The standard's page: its counts and flags, and the items as `contents`."""
    return _object(
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
        total_items={"type": "integer", "minimum": 0},
        total_pages={"type": "integer", "minimum": 0},
        page_number={"type": "integer", "minimum": 1},
        size={"type": "integer", "minimum": 0},
        first_page={"type": "boolean"},
        last_page={"type": "boolean"},
        empty={"type": "boolean"},
        contents=_list(item),
    )


def valid(schema: dict[str, Any], document: Any) -> None:
    Draft202012Validator.check_schema(schema)
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(document)
    ]
    assert not problems, "\n".join(problems)


def test_the_json_meets_the_standards_schemas(llanfair: Organisation) -> None:
    valid(paged(ORGANIZATION), get("api_organizations"))
    valid(paged(ORGANIZATION_FULL), get("api_organizations", full="true"))
    valid(paged(ORGANIZATION_FULL_SERVICES), get("api_organizations", full_service="true"))
    valid(ORGANIZATION_FULL, get("api_organization", uid("ymddiriedolaeth")))
    valid(ORGANIZATION_FULL_SERVICES, get("api_organization", uid("ymddiriedolaeth"), full_service="true"))
    valid(paged(SERVICE_FULL), get("api_services", full="true"))
    valid(paged(SERVICE_MINIMAL), get("api_services", minimal="true"))
    valid(paged(PLACE_FULL), get("api_service_at_locations", full="true"))
    choir = get("api_service", uid("cor"))
    valid(SERVICE_FULL, choir)
    cafe = get("api_service", uid("caffi"))  # two places, a service area, times for the service
    valid(SERVICE_FULL, cafe)
    assert (
        cafe["service_areas"][0]["description"] == "Pentrefi Ynys Môn"
        and len(cafe["service_at_locations"]) == 2
    )
    assert (
        choir["service_at_locations"][0]["location"]["accessibility"][0]["details"] == "Gofynnwch wrth y drws"
    )
    valid(paged(SERVICE_SUMMARY), get("api_services"))
    valid(paged(SERVICE_SUMMARY), get("api_services", page=5))  # an empty page too
    valid(paged(PLACE_SUMMARY), get("api_service_at_locations"))
    valid(PLACE_FULL, get("api_service_at_location", uid("caffi@mor")))
    valid(paged(TAXONOMY), get("api_taxonomies"))
    valid(TAXONOMY, get("api_taxonomy", uid("tax-diddordebau")))
    valid(paged(TAXONOMY_TERM), get("api_taxonomy_terms"))
    valid(TAXONOMY_TERM, get("api_taxonomy_term", uid("cor")))
    # The schemas do check: a field of the wrong type, or a required one missing, is caught.
    broken = json.loads(json.dumps(choir))
    broken["service_at_locations"][0]["location"]["latitude"] = "53.2"
    del broken["contacts"][0]["phones"][0]["number"]
    errors = {e.message for e in Draft202012Validator(SERVICE_FULL).iter_errors(broken)}
    assert errors == {"'53.2' is not of type 'number', 'null'", "'number' is a required property"}


def test_organizations_list_and_one(llanfair: Organisation, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(3):  # the directory, the count and the page
        page = get("api_organizations")
    assert [o["name"] for o in page["contents"]] == [
        "Cyfeillion Llyfrgell Llanfair",
        "Ymddiriedolaeth Gymunedol Llanfair",
    ]
    assert page["total_items"] == 2 and page["contents"][0] == {
        "id": uid("cyfeillion"),
        "name": "Cyfeillion Llyfrgell Llanfair",
        "description": "Friends of the village library",
        "email": None,
        "website": None,
        "logo": None,
        "uri": None,
        "parent_organization_id": None,
    }
    assert ids(get("api_organizations", search="caffi trwsio")) == [uid("ymddiriedolaeth")]
    assert ids(get("api_organizations", search="LIBRARY")) == [uid("cyfeillion")]
    assert ids(get("api_organizations", per_page=1, page=2)) == [uid("ymddiriedolaeth")]
    with django_assert_num_queries(4):  # and the services of the page's organizations
        full = get("api_organizations", full="true")
    assert [[s["name"] for s in o["services"]] for o in full["contents"]] == [
        [],
        ["Caffi Trwsio", "Côr Cymunedol Llanfair", "Gardd Gymunedol"],
    ]
    with django_assert_num_queries(14):  # and what each service nests, a query a table
        nested = get("api_organizations", full_service="true")
    one = get("api_organization", uid("ymddiriedolaeth"))
    assert nested["contents"][1] == get("api_organization", uid("ymddiriedolaeth"), full_service="true")
    assert full["contents"][1] == one
    # /organizations/{id}: each service's own fields by default, as /services/{id} gives it with full_service.
    choir = one["services"][1]
    assert choir["id"] == uid("cor") and choir["organization_id"] == uid("ymddiriedolaeth")
    assert "contacts" not in choir and "organization" not in choir
    assert nested["contents"][1]["services"][1] == get("api_service", uid("cor"))
    # A service's organization_id is the organization /organizations/{id} gives.
    for service in get("api_services")["contents"]:
        found = get("api_organization", service["organization_id"])
        assert found["name"] == service["organization"]["name"]
        assert service["id"] in {s["id"] for s in found["services"]}
    assert get("api_organization", uid("cyfeillion"))["services"] == []
    assert "No organization with that id." in refused("api_organization", 404, uid("arall"))
    assert "full_service must be true or false" in refused(
        "api_organization", 400, uid("cyfeillion"), full_service="weithiau"
    )
    assert "full must be true or false" in refused("api_organizations", full="llawn")
    assert "per_page must be from 1 to 200" in refused("api_organizations", per_page="0")


def test_full_and_minimal_lists(llanfair: Organisation, django_assert_num_queries: Any) -> None:
    """`full` gives each item of a page as its /{id} does; `minimal` each service's id and date, in one
    call; both in a number of queries that does not grow with the page."""
    with django_assert_num_queries(13):  # directory, count, page and a query per nested table
        full = get("api_services", full="true", per_page=2)
    assert full["total_items"] == 3 and full["size"] == 2
    assert full["contents"] == [
        get("api_service", s["id"]) for s in get("api_services", per_page=2)["contents"]
    ]
    with django_assert_num_queries(13):
        assert get("api_services", full="true", per_page=2, page=2)["size"] == 1
    assert [s["name"] for s in get("api_services", full="true", day="TU")["contents"]] == [
        "Côr Cymunedol Llanfair"
    ]
    with django_assert_num_queries(12):  # directory, count, page, its nesting and its service's
        places = get("api_service_at_locations", full="true")
    assert [p["id"] for p in places["contents"]] == ids(get("api_service_at_locations"))
    assert places["contents"] == [get("api_service_at_location", p["id"]) for p in places["contents"]]
    with django_assert_num_queries(3):
        minimal = get("api_services", minimal="true")
    assert minimal["contents"] == [
        {"id": uid("caffi"), "last_modified": "2026-11-03T10:00:00Z"},
        {"id": uid("cor"), "last_modified": "2026-11-01T10:00:00Z"},
        {"id": uid("gardd"), "last_modified": "2026-11-02T10:00:00Z"},
    ]
    assert minimal["total_pages"] == 1  # every service in one call unless fewer are asked for
    assert ids(get("api_services", minimal="true", per_page=1, page=3)) == [uid("gardd")]
    assert ids(get("api_services", minimal="1", modified_after="2026-11-02T00:00:00Z")) == [
        uid("caffi"),
        uid("gardd"),
    ]
    assert "minimal gives only each service's id and last_modified" in refused(
        "api_services", minimal="true", full="true"
    )
    assert "minimal must be true or false" in refused("api_services", minimal="ychydig")
    assert "per_page must be from 1 to 10000" in refused("api_services", minimal="true", per_page="10001")


def ndjson(name: str, **query: Any) -> list[Any]:
    response = Client().get(reverse(f"community:{name}", args=[API]), query)
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    assert response["Access-Control-Allow-Origin"] == "*"
    text = b"".join(response.streaming_content).decode()
    assert text == "" or text.endswith("\n")  # each line ends with one, and no lines for no results
    return [json.loads(line) for line in text.splitlines()]


def test_ndjson_gives_every_result_a_line(llanfair: Organisation, django_assert_num_queries: Any) -> None:
    for name, query in (
        ("api_services", {}),
        ("api_services", {"full": "true"}),
        ("api_services", {"minimal": "true", "day": "TH"}),
        ("api_service_at_locations", {"search": "caffi"}),
        ("api_service_at_locations", {"full": "true"}),
        ("api_taxonomies", {}),
        ("api_taxonomy_terms", {"top_only": "true"}),
        ("api_organizations", {"full_service": "true"}),
    ):
        assert ndjson(name, format="ndjson", **query) == get(name, per_page=200, **query)["contents"]
    with django_assert_num_queries(2):  # the directory, then the services a chunk at a time
        assert len(ndjson("api_services", format="NDJSON")) == 3
    with django_assert_num_queries(12):  # and with each chunk, its nested tables
        assert len(ndjson("api_services", format="ndjson", full="true")) == 3
    assert ndjson("api_services", format="ndjson", search="dim byd") == []
    assert get("api_services", format="json")["total_items"] == 3
    assert "format must be json or ndjson" in refused("api_services", format="csv")
    for paging in ({"page": "2"}, {"per_page": "10"}):
        assert "page and per_page do not go with format=ndjson" in refused(
            "api_organizations", format="ndjson", **paging
        )


def test_every_answer_under_the_api_is_json(
    llanfair: Organisation, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An address the API does not have, a method it does not take and a server error are the API's JSON
    refusal with its CORS header, never the site's HTML pages; a POST is a 405, never a CSRF page."""

    def answer(response: Any, status: int) -> str:
        assert response.status_code == status, response.content
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        return str(response.json()["error"])

    client = Client(enforce_csrf_checks=True)
    base = reverse("community:api_meta", args=[API])
    assert client.get(base.removesuffix("/")).json() == client.get(base).json()  # the meta, not a redirect
    assert answer(client.get("/api/oruk/nothing"), 404) == "No published directory by that name."
    for path in (
        "/api/oruk/services/abc",
        "/api/oruk/",
        base + "locations",
        base + "services/abc/more",
        "/api/oruk/Llanfair%20Fach/services",
    ):
        assert answer(client.get(path), 404) == "This API has no such address.", path
        assert answer(client.post(path, {"a": "b"}), 404) == "This API has no such address.", path
    for path in (base, base + "services", base + "organizations/" + uid("ymddiriedolaeth")):
        for method in (client.post, client.put, client.patch, client.delete):
            refusal = method(path)
            assert (
                answer(refusal, 405)
                == f"{refusal.request['REQUEST_METHOD']} is not allowed: this API is only read, with GET."
            )
            assert refusal["Allow"] == "GET, OPTIONS"
    assert "held a NUL character (a zero byte), which is not text" in answer(
        client.get(base + "services", {"search": "a\x00b"}), 400
    )
    settings.DEBUG = True  # Django's own page for an address it does not have, while developing
    assert answer(client.get("/api/oruk/services/abc"), 404) == "This API has no such address."
    settings.DEBUG = False

    def broken(request: HttpRequest, api_name: str) -> None:
        raise RuntimeError("a fault in the view")

    monkeypatch.setattr(views, "published_owner", broken)
    errors = Client(raise_request_exception=False)
    assert "could not answer" in answer(errors.get(base + "organizations"), 500)
    # The rest of the site keeps its pages.
    other = client.get("/nothing-here/")
    assert other.status_code == 404 and "text/html" in other["Content-Type"]
    assert "Access-Control-Allow-Origin" not in other
