"""Typed access to a form's fields, for forms that set choices or querysets when they are made, and the
date input every date field uses.

`form.fields[name]` is typed as a plain `Field`; these check the field's class and return it as what it is,
so `queryset` and `choices` are known to exist (and a renamed field fails loudly, not silently)."""

from __future__ import annotations

from typing import Any

from django import forms


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A `ModelChoiceField` (or `ModelMultipleChoiceField`) of the form."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"The field {name!r} is a {type(field).__name__}, not a model choice field.")
    return field


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A `ChoiceField` (or one of its subclasses) of the form."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"The field {name!r} is a {type(field).__name__}, not a choice field.")
    return field


class DateInput(forms.DateInput):
    """The browser's own date picker. Its value is an ISO date, which `DATE_INPUT_FORMATS` accepts beside
    dd/mm/yyyy, so a browser without a picker, showing a text box, takes either."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
