"""Dates written the UK way, for pages that print many of them (cheaper than the template's date filter,
and the same text): 26/11/2026 and 26 November 2026."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def uk_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def uk_day_month(day: dt.date | None) -> str:
    """26 Nov (the template's "j M")."""
    return f"{day.day} {MONTHS[day.month - 1][:3]}" if day else ""


def uk_long_date(day: dt.date | None) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else ""
