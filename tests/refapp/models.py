"""Stands in for later evidence records (excerpts, sessions) that point at a model component."""

from django.db import models


class EvidenceNote(models.Model):
    component = models.ForeignKey("interventions.Component", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=200)
