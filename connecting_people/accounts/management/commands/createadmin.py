from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from connecting_people.accounts.actions import do_create_user, do_save_organisation
from connecting_people.accounts.models import Organisation, Region, Sector, User
from connecting_people.accounts.roles import Role


class Command(BaseCommand):
    help = "Create the first administrator (and their organisation) on a new installation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="Organisation name; created if new.")
        parser.add_argument("--sector", choices=Sector.values, default=Sector.OTHER)
        parser.add_argument("--region", choices=Region.values, default=Region.LONDON)
        parser.add_argument("--email", default="")

    def handle(
        self, *args: Any, username: str, organisation: str, sector: str, region: str, email: str, **_: Any
    ) -> None:
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        password = os.environ.get("CPI_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        if not os.environ.get("CPI_ADMIN_PASSWORD") and password != getpass.getpass("Password again: "):
            raise CommandError("The passwords did not match.")
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        org = Organisation.objects.filter(name=organisation).first() or do_save_organisation(
            None, Organisation(name=organisation, sector=sector, region=region)
        )
        do_create_user(
            None, password=password, username=username, email=email, organisation=org, role=Role.ADMINISTRATOR
        )
        self.stdout.write(f"Created administrator {username} in {org}.")
