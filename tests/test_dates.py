"""Dates and times are written one way everywhere (formats/en_GB/formats.py), in Europe/London time."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from pathlib import Path

from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from connecting_people.fieldwork.models import ImportJob, ImportState
from connecting_people.practice.actions import do_save_action, do_save_session
from connecting_people.practice.models import CommunityLink, GoalAction, Person, Session

from .conftest import Cast


def test_bare_values_and_named_formats_follow_the_house_rule() -> None:
    summer = dt.datetime(2026, 6, 1, 13, 45, tzinfo=dt.UTC)  # 14:45 in London (BST)
    with timezone.override("Europe/London"):
        written = Template(
            "{{ t }}|{{ t|date }}|{{ t|time }}|{{ t|date:'SHORT_DATE_FORMAT' }}|"
            "{{ t|date:'SHORT_DATETIME_FORMAT' }}"
        ).render(Context({"t": summer}))
    assert written == "1 June 2026, 14:45|1 June 2026|14:45|01/06/2026|01/06/2026 14:45"
    assert "p.m." not in written


def test_date_fields_read_uk_dates_and_iso_dates() -> None:
    field = forms.DateField()
    assert field.clean("09/11/2026") == dt.date(2026, 11, 9)  # 9 November, not 11 September
    assert field.clean("2026-11-09") == dt.date(2026, 11, 9)  # what a browser's date input sends


# A day and month with no year after it ("Friday 4 December", "4 December."), an abbreviated month
# ("22 Sep 2026"), or a 12-hour clock ("2:45 p.m.").
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
NO_YEAR = re.compile(rf"\b\d{{1,2}} ({MONTHS})\b(?! \d{{4}})")
ABBREVIATED = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")
TWELVE_HOUR = re.compile(r"\d ?(a\.m\.|p\.m\.|am\b|pm\b)")
WEEKDAY = re.compile(
    rf"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{{1,2}} ({MONTHS}) \d{{4}}\b"
)
# Django's names for formats; a template names one of these rather than spelling a format out.
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
}
TEMPLATES = Path(__file__).resolve().parent.parent / "connecting_people" / "templates"


def _wrong_dates(html: str) -> list[str]:
    text = html_text(html)
    return [m.group(0) for pattern in (NO_YEAR, ABBREVIATED, TWELVE_HOUR) for m in pattern.finditer(text)]


def html_text(html: str) -> str:
    """The page's words, the text inside its SVG drawings (titles, descriptions, labels) included."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_templates_name_their_date_formats() -> None:
    spelled = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        for match in re.finditer(r"\|(date|time):[\"']([^\"']*)[\"']", path.read_text(encoding="utf-8")):
            if match.group(2) not in NAMED:
                spelled.append(f"{name}: {match.group(0)}")
    assert not spelled, "\n".join(spelled)


def test_the_weekday_filter_writes_the_year() -> None:
    written = Template("{% load cpi %}{{ d|weekday_date }}|{{ none|weekday_date }}").render(
        Context({"d": dt.date(2026, 12, 4), "none": None})
    )
    assert written == "Friday 4 December 2026|"


def _coming_days(cast: Cast) -> None:
    """Something due in the coming days for every list of the start pages, so that they print dates that
    are not today (today and overdue read "Today" and "Overdue")."""
    today = timezone.localdate()
    soon = today + dt.timedelta(days=3)
    worker, person = cast.users["worker"], cast.people["HAR-1"]
    do_save_session(worker, Session(person=person, date=soon, status="planned"), [])
    goal = cast.practice["goal"]
    for owner, days in (("worker", 2), ("person", 4)):
        do_save_action(
            worker,
            GoalAction(
                goal=goal,
                description=f"A step of the {owner}",
                owner=owner,
                due_on=today + dt.timedelta(days=days),
            ),
        )
    CommunityLink.objects.create(
        person=person,
        name="Walking group",
        follow_up_on=today + dt.timedelta(days=5),
        state_changed_at=timezone.now(),
    )
    Person.objects.filter(pk=person.pk).update(review_due=today + dt.timedelta(days=6))
    ImportJob.objects.create(
        team=cast.orgs["fernhill"], started_by=cast.users["researcher"], total=2, state=ImportState.QUEUED
    )


def test_every_start_page_and_the_persons_chart_write_dates_with_their_year(cast: Cast) -> None:
    _coming_days(cast)
    pages = {
        actor: cast.client(actor).get("/").content.decode()
        for actor in ("admin", "researcher", "manager", "worker", "reviewer", "individual")
    }
    person = reverse("practice:person", args=[cast.people["HAR-1"].pk])
    pages["the person's record (worker)"] = cast.client("worker").get(person).content.decode()
    pages["their own record"] = cast.client("individual").get(person).content.decode()
    for name, html in pages.items():
        assert not _wrong_dates(html), f"{name}: {_wrong_dates(html)}"
    # The dates are there to be checked: each weekday date with its year, the chart's labels and its
    # description.
    for name in ("worker", "manager", "individual"):
        assert WEEKDAY.search(html_text(pages[name])), name
    for name in ("the person's record (worker)", "their own record"):
        chart = pages[name][pages[name].index('class="circle-chart"') :]
        chart = chart[: chart.index("</svg>")]
        assert ">01/06/2026<" in chart and ">01/11/2026<" in chart  # the labels under the bars
        assert "2 maps from 1 June 2026 to 1 November 2026." in chart
