"""The filter form shared by the audit page and its CSV export."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from connecting_people.lib.forms import DateField

from .models import Action, AuditEntry


class AuditFilterForm(forms.Form):
    actor = forms.CharField(required=False, label="Who (user name contains)")
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *Action.choices])
    object_type = forms.CharField(required=False, label="Kind of record (e.g. practice.person)")
    object_id = forms.CharField(required=False, label="Record id")
    date_from = DateField(required=False, label="From (dd/mm/yyyy)", widget=forms.DateInput)
    date_to = DateField(required=False, label="To (dd/mm/yyyy)", widget=forms.DateInput)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The 'from' date is after the 'to' date.")
        return data

    def apply(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        data = self.cleaned_data
        if data.get("actor"):
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("object_type"):
            entries = entries.filter(object_type__iexact=data["object_type"].strip())
        if data.get("object_id"):
            entries = entries.filter(object_id=data["object_id"].strip())
        tz = timezone.get_current_timezone()
        if data.get("date_from"):
            entries = entries.filter(at__gte=dt.datetime.combine(data["date_from"], dt.time.min, tzinfo=tz))
        if data.get("date_to"):
            entries = entries.filter(
                at__lt=dt.datetime.combine(data["date_to"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            )
        return entries
