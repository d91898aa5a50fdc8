"""Background jobs: guide builds, emails and the daily reminders, on Django Q2 with its queue in the
project's own database (SQLite for one machine, PostgreSQL for several workers). A job is queued once the
transaction that asked for it commits; a worker takes it by moving its lock forward, and acknowledges
(deletes) it when done, so a job whose worker was killed is taken again by another worker once its lock
expires. Job bodies are idempotent: a job that finds its work already done returns."""

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
}


def enqueue(func: str, *args: Any) -> None:
    """Run the function (a dotted path) with these arguments in a worker, once the current transaction
    commits; with CPI_JOBS_INLINE (tests), at once in this process."""
    if settings.CPI_JOBS_INLINE:
        async_task(func, *args, sync=True)
    else:
        transaction.on_commit(lambda: async_task(func, *args, sync=False))


def ensure_periodic() -> None:
    """Keep one schedule row per periodic job (a worker calls this when it starts)."""
    for name, (func, kind) in PERIODIC.items():
        Schedule.objects.update_or_create(name=name, defaults={"func": func, "schedule_type": kind})


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
