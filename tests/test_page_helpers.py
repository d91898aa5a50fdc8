"""Helpers the busy pages use instead of the slower general ones must give exactly the same text."""

from __future__ import annotations

import datetime as dt

from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import dateformat, translation

from connecting_people.core.links import link
from connecting_people.lib.dates import uk_date, uk_day_month, uk_long_date


def test_link_gives_the_address_reverse_gives() -> None:
    template = engines["django"].from_string(
        "{% load cpi %}{% link 'practice:session' 7 %} {% link 'interventions:component' 3 'find-out' %} {% link 'core:home' %}"
    )
    expected = f"{reverse('practice:session', args=[7])} {reverse('interventions:component', args=[3, 'find-out'])} {reverse('core:home')}"
    assert template.render({}) == expected
    assert link("practice:session", 8) == reverse("practice:session", args=[8]) != link("practice:session", 7)


def test_link_follows_the_script_prefix() -> None:
    # Served under a sub-path, remembered addresses must not leak from one prefix to the other.
    plain = link("practice:people")
    set_script_prefix("/cpi/")
    try:
        assert link("practice:people") == "/cpi" + plain
    finally:
        set_script_prefix("/")
    assert link("practice:people") == plain


def test_uk_dates_match_the_template_filter() -> None:
    with translation.override("en-gb"):
        day = dt.date(2025, 12, 25)
        while day < dt.date(2027, 1, 10):
            assert uk_long_date(day) == dateformat.format(day, "j F Y")
            assert uk_date(day) == dateformat.format(day, "d/m/Y")
            assert uk_day_month(day) == dateformat.format(day, "j M")
            day += dt.timedelta(days=13)
    assert uk_date(None) == uk_long_date(None) == ""
