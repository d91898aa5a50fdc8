"""Typed access to a form's fields, for forms that set choices or querysets when they are made, and the
date field and input every date uses.

`form.fields[name]` is typed as a plain `Field`; these check the field's class and return it as what it is,
so `queryset` and `choices` are known to exist (and a renamed field fails loudly, not silently)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

# Ids are kept in 64-bit integers on both databases; a larger number cannot be one (and SQLite's driver
# refuses to send it at all).
MAX_ID = 2**63 - 1

# Dates people give: a year outside these is a slip of the keyboard, and working from it (a review twelve
# weeks on, a measure a year on) would pass year 9999, which dates cannot.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


def as_id(raw: str) -> int | None:
    """An id written in a request (a query string's `?site=`), or None when it cannot be one."""
    raw = raw.strip()
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID else None


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a value too large to be an id as it refuses any other value that is no choice
    (SQLite's driver would raise on it rather than find nothing)."""

    def clean(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else []:
            if isinstance(item, str) and as_id(item) is None and item.strip().isdigit():
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super().clean(value)


class UserChoiceField(forms.ModelChoiceField):
    """A choice of people with accounts, each named as pages name them (`User.display_name`), not by the
    account's `str()`, which adds the username for the admin site."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class UserMultipleChoiceField(ModelMultipleChoiceField):
    """Several people with accounts, each named as pages name them."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


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
        bounds = {"min": EARLIEST.isoformat(), "max": LATEST.isoformat()}
        super().__init__({**bounds, **(attrs or {})}, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date from 1900 to 2100, given with the browser's date picker (or typed as dd/mm/yyyy)."""

    widget = DateInput

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise ValidationError(
                f"Check the year: give a date from {date_format(EARLIEST, 'SHORT_DATE_FORMAT')} to "
                f"{date_format(LATEST, 'SHORT_DATE_FORMAT')}.",
                code="out_of_range",
            )
