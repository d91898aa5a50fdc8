"""The one rule for showing a figure: round half up (half away from zero), as people and spreadsheets
do, to a fixed number of places. Pages, CSV exports and PDFs all go through `shown` and `percent`;
stored and compared values are never rounded."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

Number = int | float | Fraction | Decimal

_EXACT = Context(prec=60)


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return _EXACT.divide(Decimal(value.numerator), Decimal(value.denominator))
    if isinstance(value, float):
        # The shortest text that reads back as this float, so 2.675 rounds as the 2.675 people typed.
        return Decimal(repr(value))
    return Decimal(value)


def half_up(value: Number, places: int = 0) -> Decimal:
    """value rounded half away from zero to `places` decimal places (5/8 as a percentage: 63)."""
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_EXACT)


def shown(value: Number | None, places: int = 0, empty: str = "—") -> str:
    """The figure as text with exactly `places` decimals; `empty` for a figure that does not exist."""
    if value is None:
        return empty
    rounded = half_up(value, places)
    return f"{rounded if rounded else abs(rounded):f}"  # -0.04 shows as 0.0, never -0.0


def percent(share: Number | None, places: int = 0, empty: str = "—") -> str:
    """A share from 0 to 1 as a percentage: percent(Fraction(5, 8)) == '63%'."""
    if share is None:
        return empty
    return shown(_decimal(share) * 100, places) + "%"


def points(value: Number | None, empty: str = "—") -> str:
    """A value on a rating scale as a reader writes it: a whole number without decimals (4), a half
    with one (3.5)."""
    if value is None:
        return empty
    return shown(value) if value == int(value) else shown(value, 1)
