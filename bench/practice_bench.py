"""Practice at scale (issue 6).

Targets: with 50,000 people, 500,000 sessions and 1,000,000 map entries, a worker's caseload page and a
person's page each p95 under 150 ms on SQLite and PostgreSQL, with 10 concurrent users over loopback;
measures and comparison for one pair of 150-member maps under 50 ms; recomputing measures for every map
in under 60 s.

Run:  .venv/bin/python bench/practice_bench.py [--postgres] [--people 50000] [--workers 4] [--seconds 20]
It serves the app with gunicorn (production settings) on 127.0.0.1:8765 and loads each page with wrk
(Debian's package, installed by scripts/system-deps.sh) holding 10 keep-alive connections; --threads loads
from Python threads in this process instead. Nothing leaves the machine."""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import scratch
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.interventions import actions, modelfile
from connecting_people.interventions.models import Component
from connecting_people.practice.caseload import refresh_all_stages
from connecting_people.practice.maps import all_measures
from connecting_people.practice.models import (
    Goal,
    GoalAction,
    GoalStatus,
    MapMember,
    NetworkMap,
    Person,
    Review,
    Session,
    SessionComponent,
)
from connecting_people.practice.network import Alter, Snapshot, compare

PORT = 8765


pct = scratch.percentile


def generate(people: int, rng: random.Random) -> tuple[object, list[int], int]:
    path = scratch.ROOT / "connecting_people/interventions/data/default_model.yaml"
    version = actions.do_import_version(None, modelfile.parse(path.read_text()), publish=True)
    wheel = list(Component.objects.filter(version=version, part__in=["worker_wheel", "individual_wheel"]))
    org = Organisation.objects.create(name="Bench agency", sector="third_sector", region="london")
    workers = User.objects.bulk_create(
        [User(username=f"w{i}", organisation=org, role="worker") for i in range(people // 30 + 1)]
    )
    workers = list(User.objects.filter(organisation=org).order_by("id"))
    today, now = timezone.localdate(), timezone.now()
    with transaction.atomic():
        for start in range(0, people, 2000):
            batch = Person.objects.bulk_create(
                [
                    Person(reference=f"B{i:06d}", full_name=f"Person {i}", organisation=org)
                    for i in range(start, min(people, start + 2000))
                ]
            )
            if not batch or batch[0].pk is None:
                batch = list(
                    Person.objects.filter(reference__gte=f"B{start:06d}").order_by("reference")[:2000]
                )
            Person.workers.through.objects.bulk_create(
                [
                    Person.workers.through(person_id=p.pk, user_id=workers[(start + n) // 30].pk)
                    for n, p in enumerate(batch)
                ]
            )
            sessions = [
                Session(
                    person=p,
                    date=today - dt.timedelta(days=7 * k + rng.randint(0, 6)),
                    status="held" if k else "planned",
                    minutes=60,
                    shared_notes="Notes " * 20,
                )
                for p in batch
                for k in range(10)
            ]
            Session.objects.bulk_create(sessions, batch_size=5000)
            made = list(Session.objects.filter(person__in=batch, status="held").values_list("id", flat=True))
            SessionComponent.objects.bulk_create(
                [SessionComponent(session_id=s, component=rng.choice(wheel)) for s in made], batch_size=10000
            )
            goals = Goal.objects.bulk_create(
                [
                    Goal(
                        person=p,
                        title=f"Goal {k + 1}",
                        own_words=scratch.sentence(rng, 12),
                        review_on=today + dt.timedelta(days=28),
                        status=GoalStatus.ACTIVE if k else GoalStatus.ACHIEVED,
                        status_changed_on=None if k else today - dt.timedelta(days=20),
                    )
                    for p in batch
                    for k in range(2)
                ],
                batch_size=5000,
            )
            if not goals or goals[0].pk is None:
                goals = list(Goal.objects.filter(person__in=batch))
            GoalAction.objects.bulk_create(
                [
                    GoalAction(
                        goal=g,
                        description=scratch.sentence(rng, 6),
                        owner=rng.choice(["person", "worker", "both"]),
                        due_on=today + dt.timedelta(days=7 * j),
                        done_at=now - dt.timedelta(days=30) if j == 0 else None,
                    )
                    for g in goals
                    for j in range(3)
                ],
                batch_size=10000,
            )
            Review.objects.bulk_create(
                [
                    Review(
                        person=p,
                        held_on=today - dt.timedelta(days=40),
                        covers_from=today - dt.timedelta(days=130),
                        summary=[scratch.sentence(rng, 10) for _ in range(3)],
                        agreed=scratch.sentence(rng, 15),
                        next_review_on=today + dt.timedelta(days=44),
                    )
                    for p in batch
                ],
                batch_size=5000,
            )
            maps = NetworkMap.objects.bulk_create(
                [
                    NetworkMap(person=p, drawn_on=today - dt.timedelta(days=90 * k))
                    for p in batch
                    for k in range(2)
                ]
            )
            if not maps or maps[0].pk is None:
                maps = list(NetworkMap.objects.filter(person__in=batch))
            MapMember.objects.bulk_create(
                [
                    MapMember(
                        map=m,
                        key=uuid.uuid4(),
                        label=f"Member {j}",
                        relationship=rng.choice(["family", "friend", "paid"]),
                        circle=rng.randint(1, 3),
                        frequency=rng.choice(["daily", "weekly", "monthly"]),
                    )
                    for m in maps
                    for j in range(10)
                ],
                batch_size=10000,
            )
            print(f"  {min(people, start + 2000):,} people", end="\r", flush=True)

    refresh_all_stages()  # the sessions above were bulk-loaded, not saved one by one through the app
    ids = list(Person.objects.filter(organisation=org).values_list("id", flat=True))
    return workers[0], ids, org.pk


def serve(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    cpi = os.path.join(os.path.dirname(sys.executable), "cpi")
    process = subprocess.Popen(
        [cpi, "serve", "--port", str(PORT), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def load(paths: list[str], cookie: str, total: int, concurrency: int = 10) -> list[float]:
    """The fallback load generator: `concurrency` threads in this process, each a keep-alive client that
    sends its next request when the last one is answered. Used to warm up, and when wrk is missing."""
    timings: list[float] = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        for n in counter:
            path = paths[n % len(paths)]
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - t0) * 1000
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            with lock:
                timings.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings


# wrk (Debian package wrk) holds `concurrency` keep-alive connections, each sending its next request when
# the last is answered, cycling through the paths; it reports percentiles from its own histogram and
# counts any answer that is not 200.
WRK_SCRIPT = """
local paths = {%s}
local n = 0
local bad = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%.1f %%.1f %%d\\n", summary.requests, latency:percentile(50) / 1000,
                         latency:percentile(95) / 1000, e.connect + e.read + e.write + e.timeout + e.status + bad))
end
"""


def load_wrk(paths: list[str], cookie: str, seconds: int, concurrency: int) -> tuple[int, float, float]:
    """(requests, p50 ms, p95 ms) from wrk over `seconds`; any error or non-200 answer stops the bench."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
        script.flush()
        out = subprocess.run(
            [
                "wrk",
                "--threads",
                "1",
                "--connections",
                str(concurrency),
                "--duration",
                f"{seconds}s",
                "--timeout",
                "10s",
                "--script",
                script.name,
                "--header",
                f"Cookie: {cookie}",
                f"http://127.0.0.1:{PORT}/",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(row for row in out.splitlines() if row.startswith("RESULT "))
    requests, p50, p95, errors = line.split()[1:]
    if int(errors):
        raise SystemExit(f"wrk saw {errors} failed requests on {paths[0]}")
    return int(requests), float(p50), float(p95)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=300, help="requests per page with --threads")
    parser.add_argument("--seconds", type=int, default=20, help="how long wrk loads each page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", action="store_true", help="load from threads in this process, not wrk")
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    secret = "bench-" + uuid.uuid4().hex * 2
    os.environ.update(
        CPI_PRODUCTION="1", SECRET_KEY=secret, CPI_SSL_REDIRECT="0", CPI_ALLOWED_HOSTS="127.0.0.1"
    )
    vendor = scratch.setup()
    rng = random.Random(5)
    print(f"Generating {args.people:,} people on {vendor}...", flush=True)
    t0 = time.perf_counter()
    worker, _person_ids, _org = generate(args.people, rng)

    with connection.cursor() as cursor:
        # VACUUM as well on PostgreSQL, so autovacuum does not start on the fresh tables during the timing.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"  {Person.objects.count():,} people, {Session.objects.count():,} sessions, "
        f"{MapMember.objects.count():,} map entries in {time.perf_counter() - t0:.0f} s"
    )

    store = SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = (
        str(worker.pk),
        "connecting_people.accounts.backends.Backend",
    )
    store[HASH_SESSION_KEY] = worker.get_session_auth_hash()
    store.create()
    cookie = f"sessionid={store.session_key}"
    mine = list(Person.objects.filter(workers=worker).values_list("id", flat=True))
    pages = {
        f"caseload page ({len(mine)} people)": ["/people/"],
        "person page": [f"/people/{pk}/" for pk in mine],
    }
    use_wrk = shutil.which("wrk") is not None and not args.threads
    print(
        f"Serving with gunicorn, {args.workers} workers; load from "
        + (
            f"wrk, {args.seconds} s per page"
            if use_wrk
            else f"{args.concurrency} threads here, {args.requests} requests per page"
        )
        + f", {args.concurrency} concurrent users"
    )
    server = serve(dict(os.environ), args.workers)
    try:
        for name, paths in pages.items():
            load(paths, cookie, 40, args.concurrency)  # warm up every worker's connection and caches
            if use_wrk:
                requests, p50, p95 = load_wrk(paths, cookie, args.seconds, args.concurrency)
            else:
                timings = load(paths, cookie, args.requests, args.concurrency)
                requests, p50, p95 = len(timings), pct(timings, 50), pct(timings, 95)
            print(f"{name}: {requests:,} requests, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=20)

    def big(seed: int) -> Snapshot:
        r = random.Random(seed)
        alters = tuple(
            Alter(
                f"a{i}",
                f"A{i}",
                r.choice(["family", "friend", "paid", "neighbour"]),
                r.randint(1, 3),
                r.random() < 0.3,
                r.choice(["daily", "weekly", "monthly"]),
            )
            for i in range(150)
        )
        ties = tuple((f"a{r.randrange(150)}", f"a{r.randrange(150)}") for _ in range(400))
        return Snapshot(alters, ties)

    a, b = big(1), big(2)
    runs = []
    for _ in range(50):
        t0 = time.perf_counter()
        compare(a, b)
        runs.append((time.perf_counter() - t0) * 1000)
    print(
        f"measures and comparison, two maps of 150: median {statistics.median(runs):.1f} ms, max {max(runs):.1f} ms"
    )

    t0 = time.perf_counter()
    count = sum(1 for _ in all_measures())
    print(f"recomputed measures for {count:,} maps in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
