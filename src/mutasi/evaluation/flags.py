"""Before and after a transfer cycle, per unit: the flag "perlu penyesuaian" and its reasons.

Plain functions over plain values (no Django). For one unit touched by a cycle:

1. Before = the unit's latest survey period that ended on or before the cycle's effective date;
   after = its latest period that began on or after it (``choose_periods``).
2. The IKM of each side and the interval of the difference (``ikm.difference_interval``: a
   normal/Welch 95% interval of the difference of two means of respondents' scores).
3. The moved employees' mean score (1–5 over the five items), counted only from
   ``questionnaire.MIN_ANSWERS_SHOWN`` answers (below that it is neither shown nor used).
4. Flag when service fell beyond the uncertainty (the whole interval below 0), when the unit is
   still at grade C or D after the cycle, or when the moved people are unhappy.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from . import ikm
from .periods import Period

# A flagged unit's posts weigh this many times more when the next cycle fills shortages
# (Policy.unit_weights). Twice, like the default weight of the priority sectors
# (education, health), so that a flagged unit ranks with them.
FLAG_UNIT_WEIGHT: Final = 2.0
LOW_GRADES: Final = frozenset({"C", "D"})


class FlagReason(StrEnum):
    FELL = "fell"  # IKM fell beyond the interval
    LOW_GRADE = "low_grade"  # still C or D after the cycle
    UNHAPPY = "unhappy"  # moved employees' mean below the neutral point


@dataclass(frozen=True)
class UnitEvaluation:
    before_period: str | None
    after_period: str | None
    before: ikm.IkmResult | None
    after: ikm.IkmResult | None
    difference: ikm.Difference | None
    employee_answers: int
    employee_mean: float | None  # None below the confidentiality threshold
    reasons: tuple[FlagReason, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


def choose_periods(
    periods: Sequence[Period], effective: datetime.date
) -> tuple[Period | None, Period | None]:
    """Step 1 (``periods``: the unit's periods that have answers)."""
    before = [p for p in periods if p.end <= effective]
    after = [p for p in periods if p.start >= effective]
    return (max(before) if before else None), (max(after) if after else None)


def employee_mean(scores: Sequence[Sequence[int]], minimum: int) -> float | None:
    """Step 3: the mean of every item of every answer, or None with fewer than ``minimum``."""
    if len(scores) < minimum:
        return None
    values = [v for row in scores for v in row]
    return math.fsum(values) / len(values) if values else None


def evaluate_unit(
    *,
    before_period: str | None,
    after_period: str | None,
    before_answers: Sequence[Sequence[int]],
    after_answers: Sequence[Sequence[int]],
    employee_scores: Sequence[Sequence[int]],
    minimum_employee_answers: int,
    unhappy_below: float,
) -> UnitEvaluation:
    """Steps 2–4 for one unit."""
    before = ikm.compute(before_answers) if before_period else None
    after = ikm.compute(after_answers) if after_period else None
    difference = ikm.difference_interval(
        [float(ikm.respondent_score(a)) for a in before_answers],
        [float(ikm.respondent_score(a)) for a in after_answers],
    )
    mean = employee_mean(employee_scores, minimum_employee_answers)
    reasons: list[FlagReason] = []
    if difference is not None and difference.fell:
        reasons.append(FlagReason.FELL)
    if after is not None and after.grade in LOW_GRADES:
        reasons.append(FlagReason.LOW_GRADE)
    if mean is not None and mean < unhappy_below:
        reasons.append(FlagReason.UNHAPPY)
    return UnitEvaluation(
        before_period=before_period,
        after_period=after_period,
        before=before,
        after=after,
        difference=difference,
        employee_answers=len(employee_scores),
        employee_mean=mean,
        reasons=tuple(reasons),
    )
