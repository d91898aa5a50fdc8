"""Practice at scale (issues 6 and 13).

Targets: with 50,000 people, 500,000 sessions and 1,000,000 map entries, a worker's caseload page and a
person's page each p95 under 150 ms on SQLite and PostgreSQL, under the load 50 active users make;
measures and comparison for one pair of 150-member maps under 50 ms; recomputing measures for every map
in under 60 s.

Load (issue 13): an open loop. Requests are sent at fixed times, whatever the server is doing: by default
5 a second, on the assumption that each of 50 active users asks for a page every 10 s (reading a record
takes longer than that; clicking through a caseload less). Each request is one of the 50 users (each a
worker with their own session and caseload of 30): their caseload or the page of one of their people, half
and half, and one in ten the whole organisation's caseload of 50,000 sorted by review date, as a manager.
Each latency runs from the time the request was due, not from when a thread was free to send it, so a
slow server cannot slow the load down and hide its own queue (coordinated omission). Reported: p50, p95,
p99 and errors per page. The saturation throughput is measured separately with wrk (10 keep-alive
connections, no pause): what the server can do, not what a user waits.

Run:  .venv/bin/python bench/practice_bench.py [--postgres] [--people 50000] [--rate 5] [--seconds 120]
                                               [--rounds 2] [--workers 4] [--redis redis://127.0.0.1:6379/1]
It serves the app with `cpi serve` in production mode (gunicorn) on 127.0.0.1:8771. PostgreSQL uses the
database cpi_bench on 127.0.0.1 (dropped and created again). Nothing leaves the machine."""

from __future__ import annotations

import argparse
import base64
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
from concurrent.futures import ThreadPoolExecutor

import scratch
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone

from connecting_people.accounts.models import Organisation, User
from connecting_people.interventions import actions, modelfile
from connecting_people.interventions.models import Component
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
from connecting_people.practice.summary import refresh_all_summaries

PORT = int(os.environ.get("CPI_BENCH_PORT", "8771"))


pct = scratch.percentile


def generate(people: int, rng: random.Random, map_members: int = 10) -> tuple[list, object]:

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
                    for j in range(map_members)
                ],
                batch_size=10000,
            )
            print(f"  {min(people, start + 2000):,} people", end="\r", flush=True)

    refresh_all_summaries()  # the records above were bulk-loaded, not saved one by one through the actions
    manager = User.objects.create(username="manager", organisation=org, role="manager")
    return workers, manager


def setup_database() -> str:
    """A fresh database (bench/scratch.py: SQLite in a scratch folder, or cpi_bench with --postgres)."""
    return scratch.setup()


def serve(env: dict[str, str], workers: int) -> subprocess.Popen[bytes]:
    cpi = os.path.join(os.path.dirname(sys.executable), "cpi")
    try:
        http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
        raise SystemExit(f"something else is listening on port {PORT}")
    except OSError:
        pass
    log = open(os.path.join(env["CPI_VAR_DIR"], "serve.log"), "ab")  # noqa: SIM115  (the server's lifetime)
    process = subprocess.Popen(
        [cpi, "serve", "--port", str(PORT), "--workers", str(workers)], env=env, stdout=log, stderr=log
    )
    for _ in range(600):
        try:
            # Answered several times over: every worker has loaded the application.
            for _ in range(2 * workers):
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
                conn.request("GET", "/")
                conn.getresponse().read()
            return process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start; see {log.name}")


def open_loop(
    plan: list[tuple[str, str, str]], rate: float, warm: int = 0
) -> dict[str, tuple[list[float], int]]:
    """Send plan[i] = (page name, path, cookie) at start + i / rate seconds, from a pool of threads large
    enough that a request never waits for a thread in normal running; page name -> (latencies in ms from
    the time each request was due, errors). The first `warm` requests are sent but not counted."""
    local = threading.local()
    results: dict[str, tuple[list[float], int]] = {}
    lock = threading.Lock()

    def send(n: int, name: str, path: str, cookie: str, due: float) -> None:
        ok = False
        try:
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            local.conn = None
        elapsed = (time.perf_counter() - due) * 1000
        if n < warm:
            return
        with lock:
            timings, errors = results.setdefault(name, ([], 0))
            if ok:
                timings.append(elapsed)
            else:
                results[name] = (timings, errors + 1)

    with ThreadPoolExecutor(max_workers=64) as pool:
        start = time.perf_counter() + 0.5
        for n, (name, path, cookie) in enumerate(plan):
            due = start + n / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, n, name, path, cookie, due)
    return results


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
                         latency:percentile(95) / 1000, \
e.connect + e.read + e.write + e.timeout + e.status + bad))
end
"""


def load_wrk(paths: list[str], cookie: str, seconds: int, concurrency: int) -> tuple[int, float, float]:
    """(requests, p50 ms, p95 ms) from wrk over `seconds` at saturation; any error or non-200 answer stops
    the bench."""
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
    parser.add_argument("--users", type=int, default=50, help="active users (workers) in the open loop")
    parser.add_argument("--rate", type=float, default=5.0, help="requests a second in the open loop")
    parser.add_argument("--seconds", type=int, default=120, help="how long the open loop runs each round")
    parser.add_argument(
        "--rounds", type=int, default=2, help="open-loop rounds, the server restarted between"
    )
    parser.add_argument("--wrk-seconds", type=int, default=20, help="how long wrk loads each page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--reuse",
        default="",
        metavar="DIR",
        help="measure the SQLite data an earlier run left in this folder",
    )
    parser.add_argument(
        "--map-members", type=int, default=10, help="members per map (the pages show none of them)"
    )
    parser.add_argument(
        "--redis", default="", help="CPI_REDIS_URL for the server (default: per-process cache)"
    )
    args = parser.parse_args()
    # The server is given this process's keys: importing `scratch` configured Django already, so the
    # sessions made below are signed, and the audit sealed, with these; other keys would make every
    # request a redirect to the sign-in page.
    os.environ.update(
        CPI_PRODUCTION="1",
        SECRET_KEY=settings.SECRET_KEY,
        CPI_MASTER_KEY=base64.urlsafe_b64encode(settings.CPI_MASTER_KEY).decode(),
        CPI_SSL_REDIRECT="0",
        CPI_ALLOWED_HOSTS="127.0.0.1",
    )
    if args.redis:
        os.environ["CPI_REDIS_URL"] = args.redis
    if args.reuse:
        workers = list(User.objects.filter(role="worker").order_by("id"))
        manager = User.objects.get(username="manager")
        t0 = time.perf_counter()
    else:
        vendor = setup_database()
        rng = random.Random(5)
        print(f"Generating {args.people:,} people on {vendor}...", flush=True)
        t0 = time.perf_counter()
        workers, manager = generate(args.people, rng, args.map_members)

    if not args.reuse:  # a reused database was analysed when it was generated
        with connection.cursor() as cursor:
            # VACUUM as well on PostgreSQL, so autovacuum does not start on the fresh tables during the
            # timing.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(
        f"  {Person.objects.count():,} people, {Session.objects.count():,} sessions, "
        f"{MapMember.objects.count():,} map entries in {time.perf_counter() - t0:.0f} s"
    )

    def cookie_of(user: object) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
        store[BACKEND_SESSION_KEY] = "connecting_people.accounts.backends.Backend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()  # type: ignore[attr-defined]
        store.create()
        return f"sessionid={store.session_key}"

    # Every 30th worker, so the active users' caseloads are spread over the whole table.
    active = workers[:: max(1, len(workers) // args.users)][: args.users]
    users = [
        (cookie_of(w), list(Person.objects.filter(workers=w).values_list("id", flat=True))) for w in active
    ]
    boss = cookie_of(manager)
    pages = args.people // 50
    total = int(args.rate * args.seconds)
    plan_rng = random.Random(13)
    plan = []
    for _ in range(total):
        cookie, mine = plan_rng.choice(users)
        roll = plan_rng.random()
        if roll < 0.1:
            page = plan_rng.randint(1, min(pages, 20))
            plan.append(("organisation's caseload", f"/people/?sort=review_due&page={page}", boss))
        elif roll < 0.55:
            plan.append(("caseload", "/people/", cookie))
        else:
            plan.append(("person page", f"/people/{plan_rng.choice(mine)}/", cookie))
    warm = int(args.rate * 10)  # the first 10 s open every worker's connection
    print(
        f"Serving with gunicorn, {args.workers} workers, cache: {args.redis or 'per process'}; open loop at "
        f"{args.rate:g} requests/s for {args.seconds} s (+10 s not counted) from {len(users)} users, "
        f"{args.rounds} rounds"
    )
    for round_ in range(1, args.rounds + 1):
        server = serve(dict(os.environ), args.workers)
        try:
            warmup = [(n, p, c) for n, p, c in plan[:warm]]
            results = open_loop(warmup + plan, args.rate, warm=len(warmup))
        finally:
            server.terminate()
            server.wait(timeout=20)
        for name, (timings, errors) in sorted(results.items()):
            if not timings:
                print(f"round {round_}, {name}: no answers, {errors} errors")
                continue
            print(
                f"round {round_}, {name}: {len(timings):,} answered, {errors} errors; "
                f"p50 {pct(timings, 50):.0f} ms, p95 {pct(timings, 95):.0f} ms, p99 {pct(timings, 99):.0f} ms"
            )

    if shutil.which("wrk"):
        server = serve(dict(os.environ), args.workers)
        try:
            cookie, mine = users[0]
            for name, paths in {
                "caseload": ["/people/"],
                "person page": [f"/people/{pk}/" for pk in mine],
            }.items():
                load_wrk(paths, cookie, 3, 10)  # warm up
                requests, p50, p95 = load_wrk(paths, cookie, args.wrk_seconds, 10)
                print(
                    f"saturation, {name}: {requests / args.wrk_seconds:.0f} requests/s "
                    f"(wrk, 10 connections; p50 {p50:.0f} ms, p95 {p95:.0f} ms)"
                )
        finally:
            server.terminate()
            server.wait(timeout=20)
    else:
        print("wrk is not installed: no saturation figure (scripts/system-deps.sh installs it)")

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
        f"measures and comparison, two maps of 150: median {statistics.median(runs):.1f} ms, max "
        f"{max(runs):.1f} ms"
    )

    t0 = time.perf_counter()
    count = sum(1 for _ in all_measures())
    print(f"recomputed measures for {count:,} maps in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
