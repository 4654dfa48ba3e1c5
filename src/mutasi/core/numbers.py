"""Figures in the active language's format, rounded: Django's ``number_format`` with
``decimal_pos`` cuts the digits beyond it instead (2.96 at one decimal reads "2,9", a gap of
0.0996% at three decimals "0,099%"), so every figure a page or a command shows goes through
``number`` here."""

from __future__ import annotations

import numbers
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def number(value: float | int | Decimal, places: int = 0, grouping: bool = False) -> str:
    """``value`` rounded half away from zero to ``places`` decimals (2.96 -> "3,0" in
    Indonesian, "3.0" in English), digits grouped by thousands when ``grouping``. A value that
    is not a number (infinite, NaN) reads "—"."""
    if isinstance(value, Decimal):
        exact = value
    elif isinstance(value, numbers.Integral):  # also numpy's integers
        exact = Decimal(int(value))
    else:  # the shortest decimal of the float (numpy's floats too; "inf", "nan" as such)
        exact = Decimal(repr(float(value)))
    if not exact.is_finite():
        return "—"
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded.is_zero():
        rounded = rounded.copy_abs()  # not "-0,0"
    return str(formats.number_format(rounded, decimal_pos=places, force_grouping=grouping))
