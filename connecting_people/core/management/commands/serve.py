from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the web application (gunicorn when CPI_PRODUCTION=1, Django's server otherwise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("CPI_WORKERS", "3")),
            help="gunicorn worker processes in production (default 3, or CPI_WORKERS)",
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "connecting_people.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "-",
            ]
            self.stdout.write(f"Serving Connecting People (production) on http://{host}:{port}/")
            sys.stdout.flush()
            os.execv(sys.executable, command)  # replace this process so signals reach gunicorn directly
        self.stdout.write(f"Serving Connecting People on http://{host}:{port}/ (Ctrl+C to stop)")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
