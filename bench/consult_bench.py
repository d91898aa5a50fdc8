"""Consultation at scale (issue 5).

Targets: aggregating a round with 500 reviewers x 40 sections x 3 questions, and rendering its report
page, within 1 s; a reviewer's page for a 40-section draft loads in under 200 ms.

Run:  .venv/bin/python bench/consult_bench.py [--reviewers 500] [--sections 40] [--postgres]
Uses a scratch database; the pages are rendered through Django's test client (in-process, no network)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
import uuid

import scratch
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.utils import timezone
from scratch import sentence

from connecting_people.accounts.models import Organisation, User
from connecting_people.consult.aggregate import aggregate
from connecting_people.consult.models import Comment, Rating, Reviewer, Round
from connecting_people.consult.report import build_report, rows_for
from connecting_people.consult.tokens import digest
from connecting_people.guide.actions import do_create_guide, do_make_draft
from connecting_people.guide.models import Section
from connecting_people.interventions import actions
from connecting_people.interventions.data import ComponentData, VersionData


def generate(reviewers: int, sections: int, rng: random.Random) -> tuple[object, object, str]:

    parts = ["prerequisites", "worker_wheel", "individual_wheel", "agency", "outcomes"]
    data = VersionData(
        "bench",
        "Bench model",
        "1",
        "",
        tuple(
            ComponentData(
                f"c{i}",
                parts[i % 5],
                f"Component {i}",
                sentence(rng, 15),
                "\n\n".join(sentence(rng, 40) for _ in range(3)),
            )
            for i in range(sections)
        ),
    )
    version = actions.do_import_version(None, data, publish=True)
    team = Organisation.objects.create(name="Bench research team", sector="university", region="yorkshire")
    researcher = User.objects.create(
        username="bench-researcher", organisation=team, role="researcher", password=make_password("x")
    )
    guide = do_create_guide(None, team, version)
    Section.objects.filter(guide=guide).update(introduction="\n\n".join(sentence(rng, 50) for _ in range(3)))
    draft = do_make_draft(None, guide)
    now = timezone.now()
    round_ = Round.objects.create(
        team=team,
        title="Bench round",
        draft=draft,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
    )
    views = ["worker", "lived_experience", "organisation", "funder", "academic", "other"]
    people = Reviewer.objects.bulk_create(
        [
            Reviewer(
                round=round_,
                name=f"Reviewer {i}",
                email=f"r{i}@example.org",
                perspective=views[i % 6],
                token_hash=digest(uuid.uuid4().hex),
                submitted_at=now,
            )
            for i in range(reviewers)
        ]
    )
    people = list(Reviewer.objects.filter(round=round_).order_by("id"))
    keys = [f"c{i}" for i in range(sections)]
    batch = []
    for reviewer in people:
        for key in keys:
            for q in ("clear", "useful", "true"):
                batch.append(
                    Rating(
                        reviewer=reviewer,
                        section=key,
                        question=q,
                        value=None if rng.random() < 0.05 else rng.choice([2, 3, 4, 4, 5, 5]),
                    )
                )
        if len(batch) > 20000:
            Rating.objects.bulk_create(batch)
            batch = []
    Rating.objects.bulk_create(batch)
    Comment.objects.bulk_create(
        [
            Comment(
                reviewer=people[i % len(people)],
                section=keys[i % sections],
                exact="community",
                text=sentence(rng, 20),
            )
            for i in range(reviewers)
        ]
    )
    token = "bench-token-" + uuid.uuid4().hex
    Reviewer.objects.create(
        round=round_,
        name="Page reader",
        email="reader@example.org",
        perspective="worker",
        token_hash=digest(token),
    )
    return researcher, round_, token


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reviewers", type=int, default=500)
    parser.add_argument("--sections", type=int, default=40)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("CPI_ALLOWED_HOSTS", "testserver,127.0.0.1")
    vendor = scratch.setup()
    rng = random.Random(8)
    print(
        f"Generating {args.reviewers} reviewers x {args.sections} sections x 3 questions on {vendor}...",
        flush=True,
    )
    researcher, round_, token = generate(args.reviewers, args.sections, rng)

    print(f"  {Rating.objects.count():,} ratings")
    runs = times(lambda: aggregate(rows_for(round_), round_.question_keys, round_.consensus), 5)
    print(f"aggregate (read the ratings and summarise):  median {statistics.median(runs):.0f} ms")
    runs = times(lambda: build_report(round_), 5)
    print(f"report data (ratings, comments, sections):    median {statistics.median(runs):.0f} ms")

    client = Client()
    client.force_login(researcher)
    url = f"/consult/rounds/{round_.pk}/report/"
    runs = times(lambda: ok(client.get(url)), 5)
    print(
        f"report page through Django, whole request:    median {statistics.median(runs):.0f} ms, max "
        f"{max(runs):.0f} ms"
    )

    reader = Client()
    page = f"/consult/r/{token}/"
    runs = times(lambda: ok(reader.get(page)), 20)
    print(
        f"reviewer's page, {args.sections} sections:              median {statistics.median(runs):.0f} ms, "
        f"p95 {scratch.percentile(runs, 95):.0f} ms"
    )


def times(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds for each of `repeat` calls, after one call to warm up."""
    fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def ok(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.status_code
    return response


if __name__ == "__main__":
    main()
