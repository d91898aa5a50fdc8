"""Background jobs on several workers (issue 13): how fast guide builds queued together are worked
through by one `cpi worker` and by two, each a real process on the same database. (That a killed
worker's build is finished by the other, once, is tests/test_scale_out.py.)

Run:  .venv/bin/python bench/jobs_bench.py [--builds 24] [--postgres]
Uses a scratch database in a temporary folder (or recreates cpi_bench on 127.0.0.1 with
--postgres; several workers need PostgreSQL, so SQLite runs one)."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import scratch

from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation, User
from connecting_people.guide.actions import do_create_guide, do_make_draft, do_start_build
from connecting_people.guide.models import Build, BuildStatus, Draft
from connecting_people.interventions import actions, modelfile

CPI = Path(sys.executable).with_name("cpi")


def generate() -> tuple[User, Draft]:
    """A research team's guide to the default model, an introduction in every section, and a draft."""
    path = scratch.ROOT / "connecting_people/interventions/data/default_model.yaml"
    version = actions.do_import_version(None, modelfile.parse(path.read_text()), publish=True)
    team = do_save_organisation(None, Organisation(name="Bench team", sector="university", region="london"))
    user = do_create_user(
        None, password=secrets.token_urlsafe(24), username="bench", organisation=team, role="researcher"
    )
    guide = do_create_guide(user, team, version)
    for section in guide.sections.all():
        section.introduction = " ".join(["Workers and people plan the week together."] * 40)
        section.save()
    return user, do_make_draft(user, guide)


def run(workers: int, builds: int, user: User, draft: Draft) -> tuple[float, float]:
    """Queue the builds, start the workers, wait for every build; (seconds to the first build started,
    seconds from then to the last build done)."""
    Build.objects.all().delete()
    for _ in range(builds):
        do_start_build(user, draft, ["html", "docx"])
    env = {**os.environ, "CPI_WORKER_PROCESSES": "1"}
    t0 = time.perf_counter()
    logs = Path(os.environ["CPI_VAR_DIR"])
    started = [
        subprocess.Popen(
            [CPI, "worker"],
            env=env,
            stdout=(logs / f"worker-{workers}-{n}.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for n in range(workers)
    ]
    try:
        while not Build.objects.exclude(status=BuildStatus.WAITING).exists():
            time.sleep(0.05)
        first = time.perf_counter()
        while Build.objects.filter(status__in=[BuildStatus.WAITING, BuildStatus.RUNNING]).exists():
            time.sleep(0.1)
        done = time.perf_counter()
    finally:
        for process in started:  # as systemd's KillMode=mixed: SIGTERM to the worker, then SIGKILL to all
            process.terminate()
        for process in started:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert Build.objects.filter(status=BuildStatus.DONE).count() == builds
    return first - t0, done - first


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--builds", type=int, default=24)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    vendor = scratch.setup()
    user, draft = generate()
    print(f"{args.builds} guide builds (web site and Word file, 28 sections) on {vendor}:")
    for workers in (1, 2) if vendor == "postgresql" else (1,):
        startup, seconds = run(workers, args.builds, user, draft)
        print(
            f"  {workers} worker{'s' if workers > 1 else ''}: first build started after {startup:.1f} s, "
            f"all done {seconds:.1f} s later ({args.builds / seconds * 60:.0f} builds a minute)"
        )


if __name__ == "__main__":
    main()
