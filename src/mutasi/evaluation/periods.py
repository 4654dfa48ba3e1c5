"""Survey periods: a semester (``2026-S1``) or a quarter (``2026-T3``, triwulan), as plain values.

PermenPANRB 14/2017 asks for a survey at least once a year and lets the unit choose the rhythm
(triwulan, semester, tahunan); a whole year is written ``2026``. A period has a first and a last
day, so that the survey results can be placed before or after a transfer cycle's effective date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Final

_PATTERN: Final = re.compile(r"^\s*(\d{4})(?:\s*-\s*([STst])\s*([1-4]))?\s*$")


class PeriodError(ValueError):
    """Not a period this product knows (the message is for logs; callers name the cell)."""


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    code: str

    def is_future(self, today: datetime.date) -> bool:
        """A period that has not begun yet cannot have answers."""
        return self.start > today


def parse_period(text: str) -> Period:
    """``2026``, ``2026-S1``/``2026-S2`` or ``2026-T1``…``2026-T4`` (case and spaces ignored)."""
    match = _PATTERN.match(str(text))
    if match is None:
        raise PeriodError(f"not a period: {text!r}")
    year = int(match.group(1))
    if not 1900 <= year <= 2999:
        raise PeriodError(f"year out of range: {year}")
    kind, number = (match.group(2) or "").upper(), int(match.group(3) or 0)
    if not kind:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"{year}")
    if kind == "S" and number not in (1, 2):
        raise PeriodError(f"no semester {number}")
    months = 6 if kind == "S" else 3
    first_month = (number - 1) * months + 1
    start = datetime.date(year, first_month, 1)
    last_month = first_month + months - 1
    end = (
        datetime.date(year, 12, 31)
        if last_month == 12
        else datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
    )
    return Period(start, end, f"{year}-{kind}{number}")


def semester_of(day: datetime.date) -> Period:
    """The semester a day falls in (the online form files its answers there)."""
    return parse_period(f"{day.year}-S{1 if day.month <= 6 else 2}")


def sort_key(code: str) -> tuple[datetime.date, datetime.date]:
    period = parse_period(code)
    return period.start, period.end
