from __future__ import annotations

from typing import Any

from django import forms

from connecting_people.lib.forms import DateField, DateInput

from .models import SUPPORT_KINDS, MapMember


class NewMapForm(forms.Form):
    drawn_on = DateField(label="Date", widget=DateInput())
    circles = forms.IntegerField(
        min_value=2,
        max_value=6,
        initial=3,
        label="Circles of closeness",
        help_text="Used for a first map; later maps keep the same circles.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(forms.ModelForm):
    support_received = forms.MultipleChoiceField(
        choices=SUPPORT_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Support the person gets from them",
    )
    support_given = forms.MultipleChoiceField(
        choices=SUPPORT_KINDS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Support the person gives them",
    )

    class Meta:
        model = MapMember
        fields = [
            "label",
            "kind",
            "relationship",
            "circle",
            "frequency",
            "quality",
            "support_received",
            "support_given",
        ]
        labels = {
            "label": "Name (as the person calls them)",
            "circle": "Circle (1 is closest)",
            "frequency": "How often in touch",
            "quality": "How the tie feels",
            "relationship": "Who they are to the person",
        }
        help_texts = {
            "relationship": "Choose “Paid professional or service” for anyone there because it is their job."
        }

    def __init__(self, *args: Any, circles: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["circle"] = forms.TypedChoiceField(
            choices=[(i, f"{i}{' (closest)' if i == 1 else ''}") for i in range(1, circles + 1)],
            coerce=int,
            label="Circle (1 is closest)",
            initial=min(2, circles),
        )
