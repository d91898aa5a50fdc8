from __future__ import annotations

from typing import Any

from django import forms

from connecting_people.accounts.models import User
from connecting_people.accounts.roles import Role
from connecting_people.lib.forms import DateField, DateInput, UserMultipleChoiceField, model_choice_field
from connecting_people.partnerships.models import Partner

from .models import Person


class PersonForm(forms.ModelForm):
    class Meta:
        field_classes = {
            "date_of_birth": DateField,
            "consent_to_work_on": DateField,
            "workers": UserMultipleChoiceField,
        }
        model = Person
        fields = [
            "reference",
            "full_name",
            "preferred_name",
            "phone",
            "email",
            "date_of_birth",
            "client_group",
            "consent_to_work_on",
            "consent_to_data_use",
            "consent_to_story_use",
            "referred_by",
            "review_every_weeks",
            "workers",
        ]
        widgets = {
            "workers": forms.CheckboxSelectMultiple,
            "date_of_birth": DateInput(),
            "consent_to_work_on": DateInput(),
        }
        labels = {
            "workers": "Assigned workers",
            "review_every_weeks": "Review the work every … weeks",
            "referred_by": "Referred by a partner",
        }

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "workers").queryset = User.objects.filter(
            organisation_id=organisation_id, role__in=[Role.WORKER, Role.MANAGER], is_active=True
        )
        model_choice_field(self, "referred_by").queryset = Partner.objects.filter(
            organisation_id=organisation_id
        )
        self.fields["reference"].help_text = "A code that does not identify the person, e.g. NOR-0012."
        self.fields["review_every_weeks"].required = False

    def clean_review_every_weeks(self) -> int:
        """Left empty, the interval stays as it was (12 weeks for a new record)."""
        value = self.cleaned_data.get("review_every_weeks")
        return value if value is not None else (self.instance.review_every_weeks or 12)
