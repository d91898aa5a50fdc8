"""The public ORUK API beyond /services: /service_at_locations, /taxonomies and /taxonomy_terms with their
/{id}, the paging and filters they share with /services (postcode and proximity in metres once a postcode
file is loaded, a 400 saying why otherwise), CORS on every answer, and the JSON checked against JSON Schemas
written here from the standard's required fields and types. The directory is generated below: a Welsh
village's groups, every name with its accents."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from connecting_people.accounts.models import Organisation
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
            }
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
        (base + "organizations", 404),  # a path the API does not have
        (base + "services?search=a%00b", 400),  # a NUL, refused before any view
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
