from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django_q.cluster import Cluster

from connecting_people.core.jobs import ensure_periodic, run_pending


class Command(BaseCommand):
    help = (
        "Run the background jobs (guide builds, emails, daily reminders) until stopped; --burst runs "
        "those waiting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst",
            action="store_true",
            help="run the jobs waiting now (and periodic jobs that are due) in this process, then stop",
        )

    def handle(self, *args: Any, burst: bool, **options: Any) -> None:
        ensure_periodic()
        if burst:
            count = run_pending()
            self.stdout.write(f"Ran {count} job{'s' if count != 1 else ''}.")
            return
        processes = settings.Q_CLUSTER["workers"]
        self.stdout.write(
            f"Running background jobs with {processes} worker process{'es' if processes != 1 else ''} "
            "(Ctrl+C to stop)."
        )
        self.stdout.flush()
        cluster = Cluster()
        cluster.start()
        cluster.sentinel.join()  # until SIGINT or SIGTERM: the cluster finishes the jobs in hand, then stops
