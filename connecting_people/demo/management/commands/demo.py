from __future__ import annotations

import os
import shutil
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test import override_settings
from rich.progress import Progress

from connecting_people.accounts.models import Organisation, User
from connecting_people.demo.state import World
from connecting_people.demo.world import STEPS, USERS
from connecting_people.interventions.models import InterventionModel
from connecting_people.lib.console import console_for


def _has_data() -> bool:
    return User.objects.exists() or Organisation.objects.exists() or InterventionModel.objects.exists()


class Command(BaseCommand):
    help = (
        "Create the fictitious demo world (migrating first); refuses on a database with data unless --reset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Delete ALL data in this database first.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="If the database already has data, leave it and just print the saved demo logins.",
        )

    def handle(self, *args: Any, reset: bool, keep: bool, **options: Any) -> None:
        console = console_for(self.stdout, highlight=False)
        call_command("migrate", interactive=False, verbosity=0)
        logins_file = settings.VAR_DIR / "demo_logins.txt"
        if _has_data() and not reset:
            if keep:
                if logins_file.exists():
                    self.stdout.write(
                        "The demo world is already loaded. Sign in with:\n" + logins_file.read_text()
                    )
                else:
                    self.stdout.write(
                        "This database already has data; use your own accounts (or `cpi demo --reset`)."
                    )
                return
            raise CommandError(
                "This database already has data, so the demo world was not created. "
                "Run `cpi demo --reset` to delete everything in it and start again."
            )
        if reset:
            call_command("flush", interactive=False, verbosity=0)
            # Stored originals belong to the rows just flushed.
            shutil.rmtree(settings.MEDIA_ROOT / "fieldwork", ignore_errors=True)
        world = World()
        # The demo's reviewers are invented (example.org): their invitations are kept in the outbox and
        # sent nowhere, neither to a mail server nor to this console (their mail jobs run here, at once).
        with (
            Progress(console=console, transient=True) as progress,
            transaction.atomic(),
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend", CPI_JOBS_INLINE=True
            ),
        ):
            task = progress.add_task("Creating the demo world", total=len(STEPS))
            for label, step in STEPS:
                progress.update(task, description=f"Creating: {label}")
                step(world)
                progress.advance(task)
        # Plain lines rather than a table, so a narrow terminal never cuts a password short.
        lines = [f"  {'User name':<20} {'Password':<30} Role, organisation"]
        for username, _first, _last, _org, role, _job in USERS:
            user = world.users[username]
            lines.append(
                f"  {username:<20} {world.passwords[username]:<30} {role.label}, {user.organisation}"
            )
        self.stdout.write("Demo world created. Every person, place and organisation in it is fictitious.")
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ with:\n" + "\n".join(lines))
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(logins_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        self.stdout.write(f"Logins saved in {logins_file} (readable only by you).")
