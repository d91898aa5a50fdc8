"""The high-versus-low fidelity analysis and the organisation's change chart at scale (issue 16).

Targets: the analysis over 10,000 people with three time points (baseline, 3 and 6 months) in under 2 s;
the organisation's change chart page (`/measures/change/`) under 300 ms.

Data: one organisation with our connections check, 10,000 people who began between one and two years ago,
each with the check at baseline, 3 and 6 months (about 3% of follow-ups recorded as missed, 1% finished
with too many items missing), and nine in ten with one or two pair ratings with our fidelity scale. Made
with bulk_create (the answers are scored by `measures/scoring.py` as the actions do).

Measured: the analysis in process (`organisation_dataset` then `organisation_analysis`: what the command
and the page do), five runs, with its query count, and the change chart's `organisation_change` the same
way; then the change page and the analysis page served by gunicorn in production mode and requested in
an open loop at a fixed rate by a manager (practice_bench's `serve` and `open_loop`: each latency counted
from when the request was due, so a slow server cannot hide its queue). Reported: median and max in
process, p50, p95 and p99 per page.

Run:  .venv/bin/python bench/analysis_bench.py [--postgres] [--people 10000] [--rate 0.5] [--seconds 40]
      [--profile]
SQLite in a scratch folder, or the database cpi_bench on 127.0.0.1 (dropped and created again; another name
in CPI_BENCH_DATABASE, so two benchmarks can share the server)."""

from __future__ import annotations

import argparse
import base64
import cProfile
import datetime as dt
import os
import pstats
import random
import statistics
import time

import scratch
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from practice_bench import open_loop, serve

from connecting_people.accounts.models import Organisation, User
from connecting_people.interventions import actions, modelfile
from connecting_people.measures.actions import do_load_fidelity_scale, do_load_instrument
from connecting_people.measures.analysis import organisation_analysis
from connecting_people.measures.change import organisation_change
from connecting_people.measures.dataset import organisation_dataset
from connecting_people.measures.models import CompletedBy, Completion, FidelityRating
from connecting_people.measures.schedule import add_months
from connecting_people.measures.scoring import score
from connecting_people.practice.models import Person

pct = scratch.percentile
DATA = scratch.ROOT / "connecting_people" / "measures" / "data"


def generate(people: int, rng: random.Random) -> tuple[Organisation, User]:
    path = scratch.ROOT / "connecting_people/interventions/data/default_model.yaml"
    actions.do_import_version(None, modelfile.parse(path.read_text()), publish=True)
    org = Organisation.objects.create(name="Bench agency", sector="third_sector", region="london")
    worker = User.objects.create(username="worker", organisation=org, role="worker")
    manager = User.objects.create(username="manager", organisation=org, role="manager")
    check, _ = do_load_instrument(None, org, (DATA / "connections_check.yaml").read_text())
    scale, _ = do_load_fidelity_scale(None, org, (DATA / "fidelity_scale.yaml").read_text())
    definition, fidelity = check.definition(), scale.definition()
    today = timezone.localdate()
    with transaction.atomic():
        for start in range(0, people, 2000):
            batch = Person.objects.bulk_create(
                [
                    Person(
                        reference=f"B{i:06d}",
                        full_name=f"Person {i}",
                        organisation=org,
                        consent_to_work_on=today - dt.timedelta(days=365 + rng.randrange(365)),
                    )
                    for i in range(start, min(people, start + 2000))
                ]
            )
            if not batch or batch[0].pk is None:
                batch = list(
                    Person.objects.filter(reference__gte=f"B{start:06d}").order_by("reference")[:2000]
                )
            completions, ratings = [], []
            for p in batch:
                gain = rng.gauss(0.4, 0.6)
                level = rng.uniform(1.5, 3.5)
                for months in (0, 3, 6):
                    assert p.consent_to_work_on is not None
                    done = add_months(p.consent_to_work_on, months) + dt.timedelta(days=rng.randrange(10))
                    if months and rng.random() < 0.03:
                        completions.append(
                            Completion(
                                person=p,
                                instrument=check,
                                months=months,
                                completed_by=CompletedBy.WORKER,
                                missed_reason="Not reached.",
                            )
                        )
                        continue
                    target = level + gain * months / 6
                    answers: dict[str, int | None] = {}
                    for item in definition.items:
                        value = min(5, max(1, round(target + rng.gauss(0, 0.7))))
                        answers[item.key] = 6 - value if item.reverse else value
                    if rng.random() < 0.01:
                        for item in definition.items[:3]:
                            answers.pop(item.key)
                    results = score(definition, answers)
                    completions.append(
                        Completion(
                            person=p,
                            instrument=check,
                            months=months,
                            completed_by=CompletedBy.PROXY if rng.random() < 0.05 else CompletedBy.WORKER,
                            answers=answers,
                            scores={r.key: None if r.value is None else str(r.value) for r in results},
                            finished_on=done,
                        )
                    )
                if rng.random() < 0.9:
                    leaning = 3 if gain > 0.4 else 1
                    for _ in range(rng.choice((1, 2))):
                        given: dict[str, int | None] = {
                            i.key: min(4, max(0, leaning + rng.choice((-1, 0, 1)))) for i in fidelity.items
                        }
                        ratings.append(
                            FidelityRating(
                                scale=scale,
                                worker=worker,
                                person=p,
                                rated_on=today - dt.timedelta(days=rng.randrange(300)),
                                rater_role="supervisor",
                                ratings=given,
                                score=str(fidelity.score(given)),
                            )
                        )
            Completion.objects.bulk_create(completions, batch_size=5000)
            FidelityRating.objects.bulk_create(ratings, batch_size=5000)
            print(f"  {min(people, start + 2000):,} people", end="\r", flush=True)
    return org, manager


def profile(people: int) -> None:
    scratch.setup()
    org, _ = generate(people, random.Random(16))
    for _ in range(3):
        t0 = time.perf_counter()
        data = organisation_dataset(org, for_analysis=True)
        t1 = time.perf_counter()
        organisation_analysis(data)
        t2 = time.perf_counter()
        organisation_change(org.pk)
        print(
            f"data set {t1 - t0:.2f} s, analysis {t2 - t1:.2f} s, change chart "
            f"{time.perf_counter() - t2:.2f} s"
        )
    for name, work in (
        ("the analysis", lambda: organisation_analysis(organisation_dataset(org, for_analysis=True))),
        ("the change chart", lambda: organisation_change(org.pk)),
    ):
        print(f"Profile of {name}:")
        profiler = cProfile.Profile()
        profiler.runcall(work)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=0.5, help="requests a second in the open loop")
    parser.add_argument("--seconds", type=int, default=40, help="how long the open loop runs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--profile", action="store_true", help="profile one analysis instead (cProfile)")
    args = parser.parse_args()
    if args.profile:
        profile(args.people)
        return
    os.environ.update(
        CPI_PRODUCTION="1",
        # The key this process signs the manager's session with, so the server can read it.
        SECRET_KEY=settings.SECRET_KEY,
        CPI_MASTER_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        CPI_SSL_REDIRECT="0",
        CPI_ALLOWED_HOSTS="127.0.0.1",
    )
    vendor = scratch.setup()
    print(f"Generating {args.people:,} people on {vendor}...", flush=True)
    t0 = time.perf_counter()
    org, manager = generate(args.people, random.Random(16))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"  {Person.objects.count():,} people, {Completion.objects.count():,} completions, "
        f"{FidelityRating.objects.count():,} ratings in {time.perf_counter() - t0:.0f} s"
    )

    runs = []
    for n in range(5):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            found = organisation_analysis(organisation_dataset(org, for_analysis=True))
            runs.append(time.perf_counter() - t0)
        if n == 0:
            first = found[0]
            print(
                f"  {len(found)} comparisons in {len(queries)} queries; at {first.label.lower()}: "
                f"high n={first.high.n}, low n={first.low.n}, not rated {first.not_rated}"
            )
    print(
        f"analysis of {args.people:,} people: median {statistics.median(runs):.2f} s, max {max(runs):.2f} s"
    )
    charts = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            organisation_change(org.pk)
            charts.append(time.perf_counter() - t0)
    print(
        f"change chart of {args.people:,} people in process: median {statistics.median(charts) * 1000:.0f} "
        f"ms, max {max(charts) * 1000:.0f} ms, {len(queries)} queries"
    )

    store = SessionStore()
    store[SESSION_KEY] = str(manager.pk)
    store[BACKEND_SESSION_KEY] = "connecting_people.accounts.backends.Backend"
    store[HASH_SESSION_KEY] = manager.get_session_auth_hash()
    store.create()
    cookie = f"sessionid={store.session_key}"
    pages = {"change chart": "/measures/change/", "analysis page": "/measures/analysis/"}
    total = int(args.rate * args.seconds)
    plan = [(name, path, cookie) for _ in range(total // 2) for name, path in pages.items()]
    warm = [(name, path, cookie) for name, path in pages.items()] * 2
    print(
        f"Serving with gunicorn, {args.workers} workers; open loop at {args.rate:g} requests/s for "
        f"{args.seconds} s"
    )
    server = serve(dict(os.environ), args.workers)
    try:
        results = open_loop(warm + plan, args.rate, warm=len(warm))
    finally:
        server.terminate()
        server.wait(timeout=20)
    for name, (timings, errors) in sorted(results.items()):
        if not timings:
            print(f"{name}: no answers, {errors} errors")
            continue
        print(
            f"{name}: {len(timings)} answered, {errors} errors; p50 {pct(timings, 50):.0f} ms, "
            f"p95 {pct(timings, 95):.0f} ms, p99 {pct(timings, 99):.0f} ms"
        )


if __name__ == "__main__":
    main()
