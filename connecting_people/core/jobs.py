"""Background jobs: guide builds, emails and the daily reminders, on Django Q2 with its queue in the
project's own database (SQLite for one machine, PostgreSQL for several workers). A job is queued once the
transaction that asked for it commits; a worker takes it by moving its lock forward, and acknowledges
(deletes) it when done, so a job whose worker was killed is taken again by another worker once its lock
expires (settings JOB_TIMEOUT, JOB_RETRY). Job bodies are idempotent: a job that finds its work already
done returns, and one that may kill its worker (a guide build) counts its attempts and gives up after
JOB_MAX_ATTEMPTS (guide/jobs.py)."""

from __future__ import annotations

import logging
import pydoc
from typing import Any

from django.conf import settings
from django.db import transaction
from django_q.brokers import get_broker
from django_q.models import Schedule
from django_q.scheduler import scheduler
from django_q.signing import SignedPackage
from django_q.tasks import async_task

log = logging.getLogger(__name__)

# Periodic jobs: name -> (function, Django Q2 schedule type).
PERIODIC = {
    "Consultation reminders": ("connecting_people.consult.actions.do_send_reminders", Schedule.DAILY),
    "Directory entries to check": (
        "connecting_people.community.actions.do_send_check_lists",
        Schedule.WEEKLY,
    ),
}


def enqueue(func: str, *args: Any) -> None:
    """Run the function (a dotted path) with these arguments in a worker, once the current transaction
    commits; with CPI_JOBS_INLINE (tests), at once in this process."""
    if settings.CPI_JOBS_INLINE:
        async_task(func, *args, sync=True)
    else:
        transaction.on_commit(lambda: async_task(func, *args, sync=False))


def ensure_periodic() -> None:
    """Keep one schedule row per periodic job (a worker calls this when it starts). Workers starting
    together may each create one; all but the first are deleted, so the job is still queued once a day."""
    for name, (func, kind) in PERIODIC.items():
        rows = Schedule.objects.filter(name=name)
        first = rows.order_by("pk").first()
        if first is None:
            first = Schedule.objects.create(name=name, func=func, schedule_type=kind)
        elif (first.func, first.schedule_type) != (func, kind):
            rows.filter(pk=first.pk).update(func=func, schedule_type=kind)
        rows.filter(pk__gt=rows.order_by("pk").values_list("pk", flat=True)[:1]).delete()


def run_pending() -> int:
    """Queue the periodic jobs that are due, then run every job waiting, one after the other in this
    process, until none is left; returns how many ran. The jobs are claimed and acknowledged exactly as a
    worker process does, so a job another worker holds is left alone."""
    broker = get_broker()
    scheduler(broker)
    count = 0
    while claimed := broker.dequeue():
        for ack_id, payload in claimed:
            task = SignedPackage.loads(payload)
            func = pydoc.locate(task["func"]) if isinstance(task["func"], str) else task["func"]
            try:
                if not callable(func):
                    raise LookupError(f"No job function {task['func']}")
                func(*task["args"], **task["kwargs"])
            except Exception:
                log.exception("job %s (%s) failed", task["name"], task["func"])
            broker.acknowledge(ack_id)
            count += 1
    return count
