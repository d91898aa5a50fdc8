from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from .roles import Role


class Sector(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    THIRD_SECTOR = "third_sector", "Third sector"
    SERVICE_USER_LED = "service_user_led", "Service-user-led"
    UNIVERSITY = "university", "University or research"
    OTHER = "other", "Other"


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST = "east", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"


class Organisation(models.Model):
    """An agency, a team within one, or a research team."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    region = models.CharField(max_length=32, choices=Region.choices)
    client_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the organisation mainly works with, e.g. adults with mental health problems.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
        help_text="For a team, the agency it belongs to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organisation_id(self) -> int:
        return self.pk


class CpiUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.WORKER)
    job_title = models.CharField(
        max_length=120, blank=True, help_text="e.g. support worker, peer worker, social worker"
    )

    objects: ClassVar[CpiUserManager] = CpiUserManager()

    # Which fields are personal data worth recording in the audit trail when they change.
    AUDITED_FIELDS = (
        "username",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "job_title",
        "is_active",
    )

    class Meta:
        ordering = ["username"]

    @property
    def caps(self) -> Role:
        return Role(self.role)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The admin site is for administrators only: the role decides, not a separate flag.
        is_admin = self.role == Role.ADMINISTRATOR
        self.is_staff = is_admin
        self.is_superuser = is_admin
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """How a page names this person: their full name, or their username only when no name is set."""
        return self.get_full_name() or self.username

    def __str__(self) -> str:
        # A person supported is named only on their own record, which administrators never open.
        full = "" if self.role == Role.INDIVIDUAL else self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    @property
    def audit_organisation_id(self) -> int | None:
        return self.organisation_id

    @property
    def audit_subject(self) -> str:
        """A person supported's own sign-in is their data: its audit values are sealed with a key of its own,
        destroyed when they are erased. Staff accounts are the administrators' to read."""
        return f"accounts.user:{self.pk}" if self.role == Role.INDIVIDUAL else ""

    @property
    def audit_repr(self) -> str:
        return f"account {self.pk}" if self.role == Role.INDIVIDUAL else str(self)


class LoginAttempt(models.Model):
    """Failed sign-ins, kept to throttle password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "at"])]
