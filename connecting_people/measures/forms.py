"""Forms for measures: the organisation's schedule, the worker's form with the person (every item on one
page), and one question at a time for the person on their phone."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from connecting_people.accounts.models import User
from connecting_people.lib.forms import DateField, DateInput, UserChoiceField
from connecting_people.practice.models import Person

from .fidelity import FidelityScaleData
from .instrument import InstrumentData, Item
from .models import CompletedBy

SKIP = ""  # the value of "I would rather not say" / not answered


def parse_months(text: str) -> list[int]:
    """ "3, 6, 12" -> [3, 6, 12]; anything else is a ValidationError naming it."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    bad = [p for p in parts if not p.isdigit()]
    if bad:
        raise forms.ValidationError(f"Write whole numbers of months, such as 3, 6, 12 (not “{bad[0]}”).")
    return sorted({int(p) for p in parts})


class MeasureFileForm(forms.Form):
    file = forms.FileField(
        label="Instrument or fidelity scale file",
        help_text="A YAML file with the schema cpi-instrument/1 or cpi-fidelity/1 (docs/instrument-file.md, "
        "docs/fidelity-file.md), at most 1 MB.",
    )
    licence_held = forms.BooleanField(
        label="We hold a licence to use this measure",
        required=False,
        help_text="Needed for a file not written by the Connecting People project: tick it only once you "
        "have checked that your organisation's licence covers using it here. Its item texts stay in your "
        "organisation's records.",
    )


class ScheduleForm(forms.Form):
    follow_up_months = forms.CharField(
        label="Follow-ups, in months after the start",
        required=False,
        max_length=100,
        help_text="Separated by commas, for example 3, 6, 12. The baseline is always when the work starts.",
    )

    def clean_follow_up_months(self) -> list[int]:
        return parse_months(self.cleaned_data["follow_up_months"])


def _choices(item: Item) -> list[tuple[str, str]]:
    return [(str(r.value), r.label) for r in item.responses]


def answer_field(item: Item, *, required: bool = False) -> forms.Field:
    """The field for one item: its responses as large radio buttons, or a whole number in its range. The
    range is not enforced here: scoring.check_answers refuses what is outside it, with its own message."""
    if item.responses:
        return forms.TypedChoiceField(
            label=item.text,
            choices=[*_choices(item), (SKIP, "Not answered")],
            coerce=int,
            empty_value=None,
            required=required,
            widget=forms.RadioSelect,
        )
    return forms.IntegerField(
        label=item.text,
        required=required,
        help_text=f"A whole number from {item.low} to {item.high}.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CompletionForm(forms.Form):
    """Every item of an instrument, filled in by the worker with the person, or for them by a proxy."""

    completed_by = forms.ChoiceField(
        label="Who is answering",
        choices=[
            (CompletedBy.WORKER.value, CompletedBy.WORKER.label),
            (CompletedBy.PROXY.value, CompletedBy.PROXY.label),
        ],
        widget=forms.RadioSelect,
        initial=CompletedBy.WORKER.value,
    )
    proxy = forms.CharField(
        label="Who answered for the person",
        required=False,
        max_length=200,
        help_text=(
            "Only for a proxy: their relationship to the person, for example “her sister”. The answers "
            "are flagged as given by a proxy."
        ),
    )
    finished_on = DateField(label="Date answered", widget=DateInput())

    def __init__(self, *args: Any, instrument: InstrumentData, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items:
            self.fields[f"item-{item.key}"] = answer_field(item)

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item-{item.key}"] for item in self.instrument.items]

    def answers(self) -> dict[str, int | None]:
        return {item.key: self.cleaned_data.get(f"item-{item.key}") for item in self.instrument.items}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("completed_by") == CompletedBy.PROXY and not (data.get("proxy") or "").strip():
            self.add_error("proxy", "Say who answered for the person.")
        return data


class QuestionForm(forms.Form):
    """One item, for the one-question-per-screen way of answering."""

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"] = answer_field(item)
        if item.responses:
            self.fields["answer"].choices = _choices(item)  # type: ignore[attr-defined]


class FidelityItemsForm(forms.Form):
    """Each item of a fidelity scale as large radio buttons with its anchors, or not rated, and the date.
    `plain`: the statements and anchors in the plain words the scale gives for the person supported."""

    rated_on = DateField(label="Date of the rating", widget=DateInput())

    def __init__(self, *args: Any, scale: FidelityScaleData, plain: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scale = scale
        for item in scale.items:
            self.fields[f"item_{item.key}"] = forms.TypedChoiceField(
                label=item.for_person if plain else item.text,
                choices=[
                    *(
                        (str(a.value), a.for_person if plain else f"{a.value}: {a.label}")
                        for a in scale.anchors
                    ),
                    (SKIP, "I don't know" if plain else "Not rated"),
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{i.key}"] for i in self.scale.items]

    def ratings(self) -> dict[str, int | None]:
        return {i.key: self.cleaned_data.get(f"item_{i.key}") for i in self.scale.items}


class FidelityRatingForm(FidelityItemsForm):
    """A supervisor's rating of one worker with one person."""

    worker = UserChoiceField(
        label="Worker", queryset=User.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    field_order = ["worker", "rated_on"]

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker_field = self.fields["worker"]
        assert isinstance(worker_field, forms.ModelChoiceField)
        worker_field.queryset = workers


class PersonChoice(forms.ModelChoiceField):
    """People by their reference, as the worker's pages name them."""

    def label_from_instance(self, obj: Any) -> str:
        return f"With {obj.reference}"


class FirstNameChoice(forms.ModelChoiceField):
    """Workers by the first name the person supported knows them by."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.first_name or obj.username)


class OwnPracticeForm(FidelityItemsForm):
    """A worker rates their own practice: overall, or with one person they work with."""

    person = PersonChoice(
        label="Your practice",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Overall, with everyone I work with",
        widget=forms.RadioSelect,
    )
    field_order = ["person", "rated_on"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["person"]
        assert isinstance(person_field, forms.ModelChoiceField)
        person_field.queryset = people


class RateMyWorkerForm(FidelityItemsForm):
    """The person supported rates their worker, in plain words, on their phone."""

    worker = FirstNameChoice(
        label="Which worker is this about?",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    field_order = ["worker"]

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, plain=True, **kwargs)
        worker_field = self.fields["worker"]
        assert isinstance(worker_field, forms.ModelChoiceField)
        worker_field.queryset = workers
        del self.fields["rated_on"]  # the person rates as of today


class ExportForm(forms.Form):
    """What an analyst's export of the organisation's measures is written as (measures/exports.py)."""

    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("csv", "CSV, with its data dictionary (.zip)"),
            ("xlsx", "Excel workbook (.xlsx), the dictionary on its second sheet"),
            ("sav", "SPSS (.sav) with variable and value labels, and its dictionary (.zip)"),
            ("dta", "Stata (.dta) with variable and value labels, and its dictionary (.zip)"),
        ],
        initial="xlsx",
    )
    licence_confirmed = forms.BooleanField(
        label="Include the texts of licensed questionnaires",
        required=False,
        help_text="Only if whoever receives the file may see them under your organisation's licence. "
        "Otherwise their items are numbered variables with the texts withheld.",
    )
