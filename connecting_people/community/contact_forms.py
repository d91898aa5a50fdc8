"""The form for one of a worker's own contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from connecting_people.lib.forms import DateField, DateInput, choice_field

from .models import OpportunityType, WorkerContact


class ContactForm(forms.ModelForm):
    class Meta:
        field_classes = {"consent_on": DateField}
        model = WorkerContact
        fields = [
            "name",
            "how_to_reach",
            "could_offer",
            "opportunity_type",
            "consent_on",
            "consent_how",
            "shared_with_team",
        ]
        labels = {
            "name": "Their name",
            "how_to_reach": "How to reach them",
            "could_offer": "What they could offer",
            "consent_on": "They agreed on",
            "consent_how": "How they agreed",
            "shared_with_team": "Share with my team",
        }
        widgets = {"consent_on": DateInput(), "could_offer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "opportunity_type").choices = [("", "Not said"), *OpportunityType.choices]

    def clean_consent_on(self) -> object:
        agreed = self.cleaned_data["consent_on"]
        if agreed > timezone.localdate():
            raise forms.ValidationError("The date they agreed cannot be in the future.")
        return agreed
