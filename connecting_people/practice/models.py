from __future__ import annotations

from django.conf import settings
from django.db import models

from connecting_people.accounts.models import Organisation


class Person(models.Model):
    """Someone an organisation supports. Confidential: load only through practice.getters."""

    reference = models.CharField(
        max_length=40, unique=True, help_text="A pseudonymous reference used in lists and exports, e.g. NOR-0012."
    )
    full_name = models.CharField(max_length=200)
    preferred_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    workers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="caseload")
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="own_record",
        help_text="The person's own sign-in, if they have one: it sees this record only.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("reference", "full_name", "preferred_name", "phone", "email", "organisation", "workers", "account")

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        # The reference, never the name, so audit entries and logs carry no name by default.
        return self.reference

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id
