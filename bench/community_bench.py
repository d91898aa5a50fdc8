"""Community directory import speed through `cpi community import` (issue 15).

Targets: importing a 20,000-service data package under 30 s; directory search over 20,000 services p95
under 50 ms. The package is generated here as a council tool writes it (CSV with a byte-order mark and
CRLF, zipped): per service a location link, a weekly schedule, a cost (a third free), a contact with a
phone and an interest term; per location an address in one of 12 towns and 60 postcode districts, and for
one in three an accessibility entry; so about 150,000 rows in all. Two locations in three give their own
latitude and longitude, scattered over the towns; the rest only a postcode, found in a postcode file the bench
writes as the ONS Postcode Directory does (the 540 postcodes of the package among 60,000 others, a few
terminated or with no grid reference), loaded with `cpi community postcodes`. Also times re-importing the same
package (every record unchanged) and exporting it again. Then a worker searches the directory
(`/community/find/`, the page a worker shows a person: the count, a page of 12 cards and their details)
with a mix of filters, distances from a postcode among them, through Django's test client, one request at a
time.
Run: .venv/bin/python bench/community_bench.py [--services 20000] [--searches 300] [--postgres]
Uses a scratch database (bench/scratch.py; with --postgres the database cpi_bench, recreated)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import secrets
import statistics
import tempfile
import time
import uuid
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import scratch
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from connecting_people.accounts.actions import do_create_user
from connecting_people.accounts.models import Organisation, User
from connecting_people.community.find import PER_PAGE, TIMES_OF_DAY, search
from connecting_people.community.find_forms import FindForm
from connecting_people.community.getters import directory_for_user
from connecting_people.community.models import TaxonomyTerm

TOWNS = ["Carrowmouth", "Northbridge", "Eastholme", "Fellside", "Marton Vale", "Kilnworth"]
TOWNS += ["Saltby", "Greystone", "Ashcombe", "Dunmere", "Hollin Cross", "Wickham Fold"]
DISTRICTS = [f"{area}{n}" for area in ("CM", "NB", "EH") for n in range(1, 21)]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
HOURS = [("10:00", "12:00"), ("14:00", "16:00"), ("18:30", "20:30")]  # mornings, afternoons, evenings
ACCESS = ["Step-free access", "Hearing loop", "Accessible toilet"]
UNITS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's unit uses


def postcode_of(n: int) -> str:
    """The postcode of location n's address."""
    return f"{DISTRICTS[n % len(DISTRICTS)]} {n % 9 + 1}AB"


def point_of(code: str) -> tuple[float, float]:
    """A postcode's centre: its district's place on a grid about 60 km across, then a few hundred metres on
    for the sector."""
    district = DISTRICTS.index(code.split()[0])
    sector = int(code.split()[1][0])
    return (
        53.2 + (district // 8) * 0.07 + sector * 0.003,
        -2.8 + (district % 8) * 0.11 + sector * 0.004,
    )


def postcode_file(path: Path) -> list[str]:
    """An ONSPD-like CSV (pcds, doterm, lat, long among other columns): every postcode of the package, and
    60,000 others around them, one in 50 terminated and one in 200 with no grid reference (latitude
    99.999999). Returns the package's postcodes."""
    rng = random.Random(21)
    ours = sorted({postcode_of(n) for n in range(len(DISTRICTS) * 9)})
    others: set[str] = set()
    while len(others) < 60_000:
        area = rng.choice(["WA", "WN", "BL", "OL", "SK", "PR"])
        others.add(f"{area}{rng.randint(1, 40)} {rng.randint(0, 9)}{rng.choice(UNITS)}{rng.choice(UNITS)}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "lat", "long"])
    for code in ours:
        lat, lon = point_of(code)
        writer.writerow(
            [code.replace(" ", ""), code, code, "198001", "", "E10000017", f"{lat:.6f}", f"{lon:.6f}"]
        )
    for n, code in enumerate(sorted(others)):
        lat, lon = (99.999999, 0.0) if n % 200 == 0 else (53 + rng.random(), -3 + rng.random() * 1.5)
        writer.writerow(
            [
                code.replace(" ", ""),
                code,
                code,
                "198001",
                "202001" if n % 50 == 0 else "",
                "E1",
                f"{lat:.6f}",
                f"{lon:.6f}",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")
    return ours


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def table(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def located(n: int) -> list[str]:
    """Location n's own latitude and longitude, near its postcode's centre; every third gives none, so its
    point is its postcode's."""
    if n % 3 == 0:
        return ["", ""]
    lat, lon = point_of(postcode_of(n))
    return [f"{lat + (n % 7) * 0.001:.6f}", f"{lon - (n % 5) * 0.001:.6f}"]


def interest_of(n: int, terms: int) -> int:
    """Service n's interest term, spread over the places independently of them (n % terms would give each
    interest only three districts, so most searches near a postcode for an interest would find nothing)."""
    return zlib.crc32(f"s{n}".encode()) % terms


def package(services: int, path: Path) -> None:
    organisations = max(1, services // 50)
    locations = max(1, services // 10)
    terms = 40
    files = {
        "organizations.csv": table(
            ["id", "name", "description"],
            [[uid(f"org{n}"), f"Community trust {n}", "Runs local groups"] for n in range(organisations)],
        ),
        "taxonomy_terms.csv": table(
            ["id", "name", "description", "taxonomy_id"],
            [
                [
                    uid(f"term{n}"),
                    f"{scratch.WORDS[n % len(scratch.WORDS)]} group {n}",
                    "An interest",
                    uid("tax"),
                ]
                for n in range(terms)
            ],
        ),
        "locations.csv": table(
            ["id", "location_type", "name", "latitude", "longitude"],
            [[uid(f"loc{n}"), "physical", f"Hall {n}", *located(n)] for n in range(locations)],
        ),
        "addresses.csv": table(
            [
                "id",
                "location_id",
                "address_1",
                "city",
                "state_province",
                "postal_code",
                "country",
                "address_type",
            ],
            [
                [
                    uid(f"ad{n}"),
                    uid(f"loc{n}"),
                    f"{n % 90 + 1} Chapel Street",
                    TOWNS[n % len(TOWNS)],
                    "Lancashire",
                    postcode_of(n),
                    "GB",
                    "physical",
                ]
                for n in range(locations)
            ],
        ),
        "accessibility.csv": table(
            ["id", "location_id", "accessibility"],
            [[uid(f"ac{n}"), uid(f"loc{n}"), ACCESS[n // 3 % len(ACCESS)]] for n in range(0, locations, 3)],
        ),
        "services.csv": table(
            ["id", "organization_id", "name", "description", "status", "last_modified"],
            [
                [
                    uid(f"s{n}"),
                    uid(f"org{n % organisations}"),
                    f"{scratch.WORDS[n % len(scratch.WORDS)]} group {n}",
                    " ".join(scratch.WORDS[(n + k) % len(scratch.WORDS)] for k in range(12)),
                    "active",
                    "2026-10-01T09:00:00Z",
                ]
                for n in range(services)
            ],
        ),
        "service_at_locations.csv": table(
            ["id", "service_id", "location_id"],
            [[uid(f"sal{n}"), uid(f"s{n}"), uid(f"loc{n % locations}")] for n in range(services)],
        ),
        "schedules.csv": table(
            ["id", "service_id", "freq", "byday", "opens_at", "closes_at"],
            [
                [uid(f"sch{n}"), uid(f"s{n}"), "WEEKLY", DAYS[n % 7], *HOURS[n % len(HOURS)]]
                for n in range(services)
            ],
        ),
        "cost_options.csv": table(
            ["id", "service_id", "amount", "amount_description"],
            [
                [uid(f"c{n}"), uid(f"s{n}"), "0" if n % 3 == 0 else "2.50", "per session"]
                for n in range(services)
            ],
        ),
        "contacts.csv": table(
            ["id", "service_id", "name"],
            [[uid(f"ct{n}"), uid(f"s{n}"), "Organiser"] for n in range(services)],
        ),
        "phones.csv": table(
            ["id", "contact_id", "number"],
            [[uid(f"p{n}"), uid(f"ct{n}"), "01632 960000"] for n in range(services)],
        ),
        "attributes.csv": table(
            ["id", "link_id", "taxonomy_term_id", "link_type"],
            [
                [uid(f"a{n}"), uid(f"s{n}"), uid(f"term{interest_of(n, terms)}"), "service"]
                for n in range(services)
            ],
        ),
    }
    resources = [{"name": name.removesuffix(".csv"), "path": name} for name in files]
    files["datapackage.json"] = json.dumps({"name": "bench", "resources": resources}).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def timed(*args: str) -> str:
    """Wall-clock seconds, and this process's CPU seconds (the figure a busy shared machine blurs least)."""
    start, cpu = time.perf_counter(), time.process_time()
    call_command("community", *args, stdout=io.StringIO())
    return f"{time.perf_counter() - start:.1f} s (CPU {time.process_time() - cpu:.1f} s)"


def searches(count: int, postcodes: list[str]) -> list[tuple[str, dict[str, str]]]:
    """A worker's searches: a word, an interest, an area (a postcode district or a town), a day and a cost,
    a day and a time of day, accessibility, two or three filters together, near a postcode (within 1 to 10
    miles) and near a postcode with an interest, in equal shares."""
    rng = random.Random(15)
    terms = list(TaxonomyTerm.objects.values_list("pk", flat=True))
    word = lambda: rng.choice(scratch.WORDS)  # noqa: E731
    makers: dict[str, Callable[[], dict[str, str]]] = {
        "word": lambda: {"words": word()},
        "interest": lambda: {"term": str(rng.choice(terms))},
        "district": lambda: {"area": rng.choice(DISTRICTS)},
        "town": lambda: {"area": rng.choice(TOWNS)},
        "day and cost": lambda: {"day": rng.choice(DAYS), "cost": rng.choice(["free", "paid"])},
        "day and time": lambda: {"day": rng.choice(DAYS), "time_of_day": rng.choice(list(TIMES_OF_DAY))},
        "access": lambda: {"access": rng.choice(ACCESS)},
        "combined": lambda: {
            "term": str(rng.choice(terms)),
            "area": rng.choice(TOWNS),
            "day": rng.choice(DAYS),
        },
        "near": lambda: {"near": rng.choice(postcodes), "within": rng.choice(["1", "2", "5", "10"])},
        "near, interest": lambda: {
            "near": rng.choice(postcodes),
            "within": rng.choice(["2", "5"]),
            "term": str(rng.choice(terms)),
        },
    }
    return [(label, makers[label]()) for _ in range(max(1, count // len(makers))) for label in makers]


def search_timings(worker: User, count: int, postcodes: list[str]) -> str:
    """One at a time, per kind of search: the search itself (`community.find.search`: the count and the
    first page of 12), and the whole find page through Django's test client (the search, the cards'
    details, the form and the template). p50 and p95 in milliseconds."""
    client = Client()
    client.force_login(worker)
    directory = directory_for_user(worker)
    today = timezone.localdate()
    planned = searches(count, postcodes)

    def query_only(query: dict[str, str]) -> int:
        form = FindForm(query, user=worker)
        assert form.is_valid(), form.errors
        found = search(directory, form.filters(), today)
        count = found.count()
        list(found.values_list("pk", flat=True)[:PER_PAGE])
        return count

    for _label, query in planned[:14]:  # warm the connection and the database's caches
        client.get("/community/find/", query)
        query_only(query)
    pages: dict[str, list[float]] = {}
    queries: dict[str, list[float]] = {}
    matches: dict[str, list[int]] = {}
    for label, query in planned:
        start = time.perf_counter()
        response = client.get("/community/find/", query)
        pages.setdefault(label, []).append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        start = time.perf_counter()
        matches.setdefault(label, []).append(query_only(query))
        queries.setdefault(label, []).append((time.perf_counter() - start) * 1000)

    def p(samples: list[float], n: int) -> str:
        return f"{scratch.percentile(samples, n):6.1f}"

    lines = [f"  {'kind':<15} {'n':>4} {'matches':>8}  search p50/p95 ms   page p50/p95 ms"]
    lines += [
        f"  {label:<15} {len(pages[label]):>4} {statistics.median(matches[label]):>8,.0f}  "
        f"{p(queries[label], 50)} {p(queries[label], 95)}      {p(pages[label], 50)} {p(pages[label], 95)}"
        for label in pages
    ]
    every_query = [t for samples in queries.values() for t in samples]
    every_page = [t for samples in pages.values() for t in samples]
    return (
        f"{len(every_page)} searches: search p50 {p(every_query, 50).strip()} ms, "
        f"p95 {p(every_query, 95).strip()} ms; find page p50 {p(every_page, 50).strip()} ms, "
        f"p95 {p(every_page, 95).strip()} ms\n" + "\n".join(lines)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    options = parser.parse_args()
    vendor = scratch.setup()
    bench = Organisation.objects.create(name="Bench", sector="third_sector", region="north_west")
    worker = do_create_user(
        None, password=secrets.token_urlsafe(24), username="worker", organisation=bench, role="worker"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "directory.zip"
        package(options.services, path)
        postcodes = postcode_file(Path(folder) / "ONSPD_NOV_2026_UK.csv")
        loaded = timed("postcodes", str(Path(folder) / "ONSPD_NOV_2026_UK.csv"))
        first = timed("import", str(path), "--organisation", "Bench")
        again = timed("import", str(path), "--organisation", "Bench")
        export = timed(
            "export",
            "--format",
            "datapackage",
            "--out",
            str(Path(folder) / "out.zip"),
            "--organisation",
            "Bench",
        )
    print(
        f"{vendor}: {options.services:,} services: "
        f"import {first}, re-import (unchanged) {again}, export {export}; "
        f"60,540 postcodes loaded first in {loaded}",
        flush=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(search_timings(worker, options.searches, postcodes))


if __name__ == "__main__":
    main()
