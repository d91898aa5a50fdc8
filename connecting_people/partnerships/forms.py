"""Forms for a partner and an activity of the co-production log."""

from __future__ import annotations

from typing import Any

from django import forms

from connecting_people.community.models import Organization
from connecting_people.lib.forms import DateField, DateInput, ModelMultipleChoiceField, model_choice_field

from .models import CoProduction, Partner, Relationship


class DirectoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class PartnerForm(forms.ModelForm):
    relationships = forms.MultipleChoiceField(
        choices=Relationship.choices,
        widget=forms.CheckboxSelectMultiple,
        label="How you work together",
    )
    directory_organization = DirectoryChoice(
        queryset=Organization.objects.none(),
        required=False,
        label="Its entry in your directory",
        help_text="When the partner runs groups or activities listed in your community directory.",
    )

    class Meta:
        field_classes = {"since": DateField, "ended_on": DateField}
        model = Partner
        fields = [
            "name",
            "kind",
            "relationships",
            "contact_name",
            "contact_details",
            "since",
            "ended_on",
            "directory_organization",
            "note",
        ]
        labels = {
            "name": "Name of the agency",
            "kind": "Kind of agency",
            "contact_name": "Named contact",
            "contact_details": "How to reach them",
            "since": "Partners since",
            "ended_on": "Partnership ended on",
        }
        widgets = {
            "since": DateInput(),
            "ended_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "directory_organization").queryset = Organization.objects.filter(
            owner_id=organisation_id
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, ended = data.get("since"), data.get("ended_on")
        if since and ended and ended < since:
            self.add_error("ended_on", "A partnership cannot end before it began.")
        return data


class PartnerChoices(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return obj.name


class ActivityForm(forms.ModelForm):
    partners = PartnerChoices(
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partners involved",
    )

    class Meta:
        field_classes = {"held_on": DateField}
        model = CoProduction
        fields = ["held_on", "title", "stage", "partners", "took_part", "decided", "came_of_it"]
        labels = {
            "held_on": "Date",
            "stage": "What was done together",
            "took_part": "Who took part, by role",
            "decided": "What was decided",
            "came_of_it": "What came of it",
        }
        help_texts = {
            "took_part": "Roles only, never names: e.g. “four people who use the service, two workers, the "
            "food bank’s volunteer lead”.",
        }
        widgets = {
            "held_on": DateInput(),
            "took_part": forms.Textarea(attrs={"rows": 2}),
            "decided": forms.Textarea(attrs={"rows": 3}),
            "came_of_it": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "partners").queryset = Partner.objects.filter(
            organisation_id=organisation_id
        )


class NetworkForm(forms.Form):
    """The two dates the agencies' network is compared at (the later one is drawn with what is new)."""

    then = DateField(widget=DateInput(), label="Compare with the network on")
    on = DateField(widget=DateInput(), label="The network on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("then") and data.get("on") and data["then"] >= data["on"]:
            self.add_error("then", "Choose a date before the later one.")
        return data


class PeriodForm(forms.Form):
    """The period a commissioner report covers."""

    start = DateField(widget=DateInput(), label="From")
    end = DateField(widget=DateInput(), label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end of the period comes after its start.")
        elif start and end and (end - start).days > 3660:
            self.add_error("start", "Choose a period of ten years or less.")
        return data
