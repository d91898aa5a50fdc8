import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString

from connecting_people.formats.en_GB.formats import WEEKDAY_DATE_FORMAT
from connecting_people.interventions.parts import Part
from connecting_people.lib.markdown import render_markdown
from connecting_people.lib.rounding import Number, percent, points, shown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text)


@register.filter
def part_label(value: str) -> str:
    """'worker_wheel' -> 'Worker wheel'; 'worker_wheel #3' -> 'Worker wheel, stage 3'."""
    part, _, number = value.partition(" #")
    label = Part(part).label if part in Part.values else part
    return f"{label}, position {number}" if number else label


@register.filter
def get_item(mapping: Mapping[Any, object], key: object) -> object:
    return mapping.get(key)


@register.filter(expects_localtime=True)
def weekday_date(value: dt.date | None) -> str:
    """{{ day|weekday_date }}: "Friday 4 December 2026", a date with its day of the week
    (`WEEKDAY_DATE_FORMAT` in formats/en_GB/formats.py); empty for no date, as Django's `date` filter."""
    return format_date(value, WEEKDAY_DATE_FORMAT) if value else ""


@register.filter(name="rounded")
def rounded_filter(value: Number | None, places: int = 0) -> str:
    """{{ average|rounded:2 }}: the one display rule, half up (lib/rounding.py)."""
    return shown(value, int(places))


@register.filter(name="percent")
def percent_filter(share: Number | None, places: int = 0) -> str:
    """{{ share|percent }}: a share from 0 to 1 as a percentage, half up (5/8 is 63%)."""
    return percent(share, int(places))


@register.filter(name="points")
def points_filter(value: Number | None) -> str:
    """{{ median|points }}: a point of a rating scale, 4 or 3.5 (lib/rounding.py)."""
    return points(value)
