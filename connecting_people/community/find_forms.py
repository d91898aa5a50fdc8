"""The form for finding opportunities: every field optional, so an empty search lists the whole directory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef

from connecting_people.accounts.models import User
from connecting_people.lib.forms import choice_field, model_choice_field
from connecting_people.practice.getters import people_for_user
from connecting_people.practice.models import Person

from . import postcodes
from .actions import CheckFinding
from .find import DAYS, TIMES_OF_DAY, Filters, access_label
from .models import Accessibility, Attribute, Postcode, TaxonomyTerm

ANY = [("", "Any")]


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.reference} · {obj.preferred_name or obj.full_name}"


class TermChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.name


class FindForm(forms.Form):
    person = PersonChoice(
        queryset=Person.objects.none(),
        required=False,
        label="Finding with",
        empty_label="No one yet",
        help_text="Someone on your caseload, to suggest an opportunity to.",
    )
    words = forms.CharField(required=False, max_length=100, label="Words")
    term = TermChoice(
        queryset=TaxonomyTerm.objects.none(), required=False, label="Interest or need", empty_label="Any"
    )
    area = forms.CharField(
        required=False, max_length=60, label="Area", help_text="A postcode district (NB4) or a place name."
    )
    day = forms.ChoiceField(required=False, choices=ANY + list(DAYS.items()), label="Day")
    time_of_day = forms.ChoiceField(
        required=False,
        choices=ANY + [(key, label) for key, (label, _starts, _ends) in TIMES_OF_DAY.items()],
        label="Time",
    )
    cost = forms.ChoiceField(
        required=False, choices=[("", "Any"), ("free", "Free"), ("paid", "Paid")], label="Cost"
    )
    access = forms.ChoiceField(required=False, label="Accessibility")
    due = forms.BooleanField(required=False, label="Only entries due a check")
    near = forms.CharField(
        required=False, max_length=10, label="Near a postcode", help_text="Where the person lives, say."
    )
    within = forms.ChoiceField(
        required=False,
        choices=[("1", "1 mile"), ("2", "2 miles"), ("5", "5 miles"), ("10", "10 miles"), ("20", "20 miles")],
        initial="2",
        label="Within",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_id = user.organisation_id
        model_choice_field(self, "person").queryset = (
            people_for_user(user)
            .select_related(None)
            .only("reference", "full_name", "preferred_name", "organisation")
        ).order_by("reference")
        model_choice_field(self, "term").queryset = (
            TaxonomyTerm.objects.filter(owner_id=organisation_id)
            .filter(Exists(Attribute.objects.filter(taxonomy_term=OuterRef("pk"), service__isnull=False)))
            .order_by("name")
        )
        values = (
            Accessibility.objects.filter(owner_id=organisation_id)
            .annotate(label=access_label())
            .exclude(label="")
            .values_list("label", flat=True)
            .distinct()
            .order_by("label")[:50]
        )
        choice_field(self, "access").choices = ANY + [(v, v) for v in values]
        if not Postcode.objects.exists():  # distance needs a postcode file the organisation loads
            del self.fields["near"], self.fields["within"]

    def clean_near(self) -> tuple[float, float] | None:
        written = self.cleaned_data.get("near", "").strip()
        if not written:
            return None
        centre = postcodes.centre_of(written) if postcodes.looks_like_postcode(written) else None
        if centre is None:
            raise forms.ValidationError(
                f"“{written}” is not in the loaded postcode file. Check it, or search by area instead."
            )
        return centre

    def filters(self) -> Filters:
        data = self.cleaned_data
        term = data.get("term")
        return Filters(
            words=data.get("words", "").strip(),
            term=term.pk if term is not None else None,
            area=data.get("area", "").strip(),
            day=data.get("day", ""),
            time_of_day=data.get("time_of_day", ""),
            cost=data.get("cost", ""),
            access=data.get("access", ""),
            due=bool(data.get("due")),
            near=data.get("near"),
            miles=float(data.get("within") or 2),
        )


class CheckForm(forms.Form):
    finding = forms.ChoiceField(choices=CheckFinding.CHOICES)
    note = forms.CharField(required=False, max_length=300, label="Anything to add (optional)")
