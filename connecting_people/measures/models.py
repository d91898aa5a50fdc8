"""Instruments an organisation has loaded. The file itself is kept (`source`), so the item texts of a
licensed scale stay in the organisation's own database and every score can be traced to the exact
version it was made with."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from connecting_people.accounts.models import Organisation

from . import instrument


class Instrument(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="instruments")
    key = models.CharField(max_length=64)
    version = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    ours = models.BooleanField(
        help_text="Written by the Connecting People project (free to use, unvalidated)."
    )
    licence_note = models.TextField()
    licence_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When someone confirmed the organisation holds a licence (not ours)."
    )
    licence_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.TextField(help_text="The instrument file as loaded.")
    loaded_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = (
        "organisation",
        "key",
        "version",
        "title",
        "ours",
        "licence_note",
        "licence_confirmed_at",
    )

    class Meta:
        ordering = ["title", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="one_instrument_version_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    def definition(self) -> instrument.InstrumentData:
        """The instrument as data, read again from the file it was loaded from (checked when loaded)."""
        return instrument.parse(self.source)
