"""Dates and times are written one way everywhere (formats/en_GB/formats.py), in Europe/London time."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.template import Context, Template
from django.utils import timezone


def test_bare_values_and_named_formats_follow_the_house_rule() -> None:
    summer = dt.datetime(2026, 6, 1, 13, 45, tzinfo=dt.UTC)  # 14:45 in London (BST)
    with timezone.override("Europe/London"):
        written = Template(
            "{{ t }}|{{ t|date }}|{{ t|time }}|{{ t|date:'SHORT_DATE_FORMAT' }}|{{ t|date:'SHORT_DATETIME_FORMAT' }}"
        ).render(Context({"t": summer}))
    assert written == "1 June 2026, 14:45|1 June 2026|14:45|01/06/2026|01/06/2026 14:45"
    assert "p.m." not in written


def test_date_fields_read_uk_dates_and_iso_dates() -> None:
    field = forms.DateField()
    assert field.clean("09/11/2026") == dt.date(2026, 11, 9)  # 9 November, not 11 September
    assert field.clean("2026-11-09") == dt.date(2026, 11, 9)  # what a browser's date input sends
