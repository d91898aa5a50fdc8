from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

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
        if "\x00" in username + organisation + email:
            raise CommandError("The username, organisation and email cannot hold a NUL character.")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        # The rules the admin site's forms apply: the username's length and characters, an email address.
        new_org = Organisation(name=organisation, sector=sector, region=region)
        for obj, fields in (
            (User(username=username, email=email), ("username", "email")),
            (new_org, ("name",)),
        ):
            try:
                obj.clean_fields(exclude=[f.name for f in obj._meta.fields if f.name not in fields])
            except ValidationError as exc:
                raise CommandError(
                    " ".join(f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items())
                ) from None
        password = os.environ.get("CPI_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        if not os.environ.get("CPI_ADMIN_PASSWORD") and password != getpass.getpass("Password again: "):
            raise CommandError("The passwords did not match.")
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        with transaction.atomic():
            org = Organisation.objects.filter(name=organisation).first() or do_save_organisation(
                None, new_org
            )
            do_create_user(
                None,
                password=password,
                username=username,
                email=email,
                organisation=org,
                role=Role.ADMINISTRATOR,
            )
        self.stdout.write(f"Created administrator {username} in {org}.")
