from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from .parts import PART_ORDER, LinkKind, Part


class VersionFrozen(Exception):
    """A published version cannot change; make a new draft instead."""


class InterventionModel(models.Model):
    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ModelVersion(models.Model):
    model = models.ForeignKey(InterventionModel, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(max_length=40, help_text="e.g. 1.0, 1.1, 2.0-draft")
    note = models.TextField(blank=True, help_text="What this version is and what changed.")
    status = models.CharField(max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Wheel part -> how many components that wheel has, written when the version is published (a published
    # version never changes), so a stage reads "3/8" from the row it is joined to. Empty for drafts.
    wheel_sizes = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["model", "-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["model", "label"], name="unique_version_label")]

    def __str__(self) -> str:
        return f"{self.model.name} {self.label}"

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED

    def frozen_message(self) -> str:
        return (
            f"Version {self.label} of {self.model.name} is published and cannot be changed. "
            "Start a new draft from it to make changes."
        )

    def assert_editable(self) -> None:
        """Checks the stored status, so an in-memory copy cannot sneak a change past a publish."""
        if self.pk and ModelVersion.objects.filter(pk=self.pk, status=VersionStatus.PUBLISHED).exists():
            raise VersionFrozen(self.frozen_message())

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.assert_editable()
        return super().delete(*args, **kwargs)

    def components_in_order(self) -> list[Component]:
        rank = {part: i for i, part in enumerate(PART_ORDER)}
        return sorted(self.components.all(), key=lambda c: (rank[c.part], c.order, c.key))


class Component(models.Model):
    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="components")
    key = models.SlugField(max_length=80, help_text="Stable identifier kept across versions.")
    part = models.CharField(max_length=32, choices=Part.choices)
    order = models.PositiveIntegerField(default=0, help_text="Position within its part, from 1.")
    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    questions = models.JSONField(default=list, blank=True, help_text="Guiding questions, in order.")

    class Meta:
        ordering = ["version", "part", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="unique_component_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def wheel_size(self) -> int:
        """How many components this component's wheel has (0 outside a wheel or in a draft)."""
        return int(self.version.wheel_sizes.get(self.part, 0))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.version.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.version.assert_editable()
        return super().delete(*args, **kwargs)


class ComponentLink(models.Model):
    """A directed record of a link; 'pairs with' reads both ways."""

    version = models.ForeignKey(ModelVersion, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=16, choices=LinkKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_component_link")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.version.assert_editable()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        self.version.assert_editable()
        return super().delete(*args, **kwargs)


class VersionMigration(models.Model):
    """A record of moving evidence from one published version's components to another's."""

    source = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="migrations_out")
    target = models.ForeignKey(ModelVersion, on_delete=models.PROTECT, related_name="migrations_in")
    mapping = models.JSONField(default=dict, help_text="{old key: new key or null}")
    report = models.JSONField(default=dict)
    applied_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-applied_at"]
