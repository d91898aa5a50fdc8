"""Community directory import speed through `cpi community import` (issue 15).

Target: importing a 20,000-service data package under 30 s. The package is generated here as a council
tool writes it (CSV with a byte-order mark and CRLF, zipped): per service a location link, a weekly
schedule, a cost, a contact with a phone and an interest term, so about 140,000 rows in all. Also times
re-importing the same package (every record unchanged) and exporting it again.
Run: .venv/bin/python bench/community_bench.py [--services 20000] [--postgres]
Uses a scratch database (bench/scratch.py; with --postgres the database cpi_bench, recreated)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import scratch
from django.core.management import call_command

from connecting_people.accounts.models import Organisation


def uid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def table(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


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
            [[uid(f"loc{n}"), "physical", f"Hall {n}", "53.48", "-2.24"] for n in range(locations)],
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
            [[uid(f"sch{n}"), uid(f"s{n}"), "WEEKLY", "TU", "10:00", "12:00"] for n in range(services)],
        ),
        "cost_options.csv": table(
            ["id", "service_id", "amount", "amount_description"],
            [[uid(f"c{n}"), uid(f"s{n}"), "2.50", "per session"] for n in range(services)],
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
            [[uid(f"a{n}"), uid(f"s{n}"), uid(f"term{n % terms}"), "service"] for n in range(services)],
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--postgres", action="store_true")
    options = parser.parse_args()
    vendor = scratch.setup()
    Organisation.objects.create(name="Bench", sector="third_sector", region="north_west")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "directory.zip"
        package(options.services, path)
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
        f"import {first}, re-import (unchanged) {again}, export {export}"
    )


if __name__ == "__main__":
    main()
