"""One display rule, half up, in lib/rounding.py: the template filters, the CSV exports and the PDFs all
go through it (issue 18, finding 7). Stored values are never rounded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.template import Context, Template

from connecting_people.lib.rounding import half_up, percent, shown


def test_halves_go_up_as_in_a_spreadsheet() -> None:
    assert percent(Fraction(5, 8)) == "63%" and percent(0.625) == "63%"  # half-to-even would say 62%
    assert shown(7.25, 1) == "7.3" and shown(2.675, 2) == "2.68"  # the decimal people typed, not the float
    assert shown(Fraction(13, 3), 2) == "4.33" and shown(Fraction(1, 4), 1) == "0.3"
    assert shown(-1.25, 1) == "-1.3" and shown(-0.04, 1) == "0.0"  # half away from zero; no "-0.0"
    assert shown(3, 2) == "3.00" and half_up(Fraction(1, 3), 3) == Decimal("0.333")
    assert shown(None) == "—" and shown(None, 2, "") == "" and percent(None) == "—"


def test_the_template_filters_use_the_same_rule() -> None:
    template = Template("{% load cpi %}{{ share|percent }} {{ size|rounded:1 }} {{ missing|rounded:2 }}")
    assert template.render(Context({"share": Fraction(5, 8), "size": 7.25, "missing": None})) == "63% 7.3 —"
