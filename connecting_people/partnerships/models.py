"""An organisation's partner agencies and the activities it co-produces with them and with the people it
supports. About organisations and roles, never about a person supported: load through getters.py."""

from __future__ import annotations

import datetime as dt

from django.db import models

from connecting_people.accounts.models import Organisation, User


class PartnerKind(models.TextChoices):
    STATUTORY = "statutory", "Statutory"
    VOLUNTARY = "voluntary", "Voluntary"
    COMMUNITY = "community", "Community"
    FAITH = "faith", "Faith"
    BUSINESS = "business", "Business"


class Relationship(models.TextChoices):
    REFERRAL_IN = "referral_in", "Refers people to us"
    REFERRAL_OUT = "referral_out", "We refer people to them"
    CO_DELIVERED = "co_delivered", "Co-delivered activity"
    SHARED_PREMISES = "shared_premises", "Shared premises"
    JOINT_TRAINING = "joint_training", "Joint training"
    CO_PRODUCED = "co_produced", "Co-produced service"


class Partner(models.Model):
    """A partner agency of one of our organisations, with the kinds of relationship they have; tied to the
    directory's record of it when it runs community services itself."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=PartnerKind.choices)
    relationships = models.JSONField(default=list, help_text="Relationship values, in the order chosen.")
    contact_name = models.CharField(
        max_length=200, blank=True, default="", help_text="Who to speak to there (a professional contact)."
    )
    contact_details = models.CharField(max_length=300, blank=True, default="")
    since = models.DateField(help_text="When the partnership began.")
    ended_on = models.DateField(null=True, blank=True, help_text="When it ended, if it has.")
    directory_organization = models.ForeignKey(
        "community.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The partner's entry in the organisation's community directory, when it has one.",
    )
    note = models.TextField(blank=True, default="")

    AUDITED_FIELDS = (
        "name",
        "kind",
        "relationships",
        "contact_name",
        "contact_details",
        "since",
        "ended_on",
        "directory_organization",
        "note",
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="partnerships_partner_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id

    def relationship_labels(self) -> list[str]:
        return [Relationship(r).label for r in self.relationships if r in Relationship.values]

    def active_on(self, day: dt.date) -> bool:
        return self.since <= day and (self.ended_on is None or self.ended_on > day)


class Stage(models.TextChoices):
    DESIGNED = "designed", "Designed together"
    DELIVERED = "delivered", "Delivered together"
    BOTH = "both", "Designed and delivered together"


class CoProduction(models.Model):
    """An activity designed or delivered with people who use services and partner agencies. Who took part
    is said by role only; the text is checked for names of people supported before it is saved."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="coproductions")
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    stage = models.CharField(max_length=16, choices=Stage.choices)
    partners = models.ManyToManyField(Partner, blank=True, related_name="activities")
    took_part = models.TextField(help_text="Who took part, by role only.")
    decided = models.TextField(help_text="What was decided.")
    came_of_it = models.TextField(blank=True, default="", help_text="What came of it.")
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    AUDITED_FIELDS = ("held_on", "title", "stage", "partners", "took_part", "decided", "came_of_it")

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "held_on"], name="partnerships_coprod_held")]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_organisation_id(self) -> int:
        return self.organisation_id
