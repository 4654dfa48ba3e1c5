"""The public satisfaction index (IKM) of PermenPANRB 14/2017, as plain functions.

PermenPANRB 14/2017 (Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan
Publik), Lampiran:

1. Nine service elements (unsur), each answered on a scale of 1 (tidak baik) to 4 (sangat baik).
2. NRR (nilai rata-rata unsur) of an element = the sum of its answers ÷ the number of respondents.
3. IKM = Σ NRR × weight, weight = 1/9 (the regulation prints it rounded as 0.11); converted to the
   25–100 scale by × 25.
4. The grade (mutu) and performance from the converted value: A sangat baik 88.31–100,
   B baik 76.61–88.30, C kurang baik 65.00–76.60, D tidak baik 25.00–64.99. The intervals are
   printed to two decimals with gaps between them (88.30 | 88.31), so the grade is read from the
   value rounded half up to two decimals, as the regulation's worked example reports it.
5. The sample: the regulation takes the number of respondents from the table of Krejcie and Morgan
   (1970, "Determining sample size for research activities", Educational and Psychological
   Measurement 30, 607–610) for the unit's population of service users in the period.

Computations use exact fractions, so a grade boundary is never missed by a float rounding. Nothing
here imports Django.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final

ELEMENT_COUNT: Final = 9
SCALE_MIN: Final = 1
SCALE_MAX: Final = 4
# Step 3: the exact weight and the one the regulation prints.
WEIGHT_EXACT: Final = Fraction(1, ELEMENT_COUNT)
WEIGHT_PRINTED: Final = Fraction(11, 100)
CONVERSION: Final = 25
TWO_PLACES: Final = Decimal("0.01")

# Step 4: (lowest converted IKM of the grade, grade), best first.
GRADE_FLOORS: Final = ((Decimal("88.31"), "A"), (Decimal("76.61"), "B"), (Decimal("65.00"), "C"))
LOWEST_GRADE: Final = "D"
GRADES: Final = ("A", "B", "C", "D")


class SurveyDataError(ValueError):
    """An answer outside the scale, or a row without nine answers."""


@dataclass(frozen=True)
class IkmResult:
    """The IKM of one unit and period. ``respondents == 0`` means "no data": every figure None."""

    respondents: int
    nrr: tuple[Fraction, ...] | None  # one per element, in element order
    ikm: Fraction | None  # converted (25–100), weight 1/9
    ikm_printed_weight: Fraction | None  # converted, weight 0.11 as printed in the regulation

    @property
    def has_data(self) -> bool:
        return self.respondents > 0

    @property
    def ikm_rounded(self) -> Decimal | None:
        return None if self.ikm is None else round2(self.ikm)

    @property
    def grade(self) -> str | None:
        return None if self.ikm is None else grade(self.ikm)


def round2(value: Fraction | float) -> Decimal:
    """Half up to two decimals, exactly (a Fraction is never passed through a float)."""
    if isinstance(value, Fraction):
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            TWO_PLACES, rounding=ROUND_HALF_UP
        )
    return Decimal(repr(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def grade(converted: Fraction | float) -> str:
    """Mutu A–D of a converted IKM (step 4)."""
    value = round2(converted)
    for floor, letter in GRADE_FLOORS:
        if value >= floor:
            return letter
    return LOWEST_GRADE


def validate_answers(answers: Sequence[int], *, scale_max: int = SCALE_MAX) -> None:
    if len(answers) != ELEMENT_COUNT:
        raise SurveyDataError(f"expected {ELEMENT_COUNT} answers, got {len(answers)}")
    for answer in answers:
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise SurveyDataError(f"answer {answer!r} is not a whole number")
        if not SCALE_MIN <= answer <= scale_max:
            raise SurveyDataError(f"answer {answer} is outside {SCALE_MIN}–{scale_max}")


def nrr(responses: Sequence[Sequence[int]]) -> tuple[Fraction, ...] | None:
    """Step 2: the mean answer per element; None when there is no respondent."""
    if not responses:
        return None
    for answers in responses:
        validate_answers(answers)
    n = len(responses)
    return tuple(Fraction(sum(r[i] for r in responses), n) for i in range(ELEMENT_COUNT))


def converted_ikm(nrrs: Sequence[Fraction], weight: Fraction = WEIGHT_EXACT) -> Fraction:
    """Step 3: Σ NRR × weight × 25."""
    return sum((value * weight for value in nrrs), Fraction(0)) * CONVERSION


def compute(responses: Sequence[Sequence[int]]) -> IkmResult:
    """The IKM of a set of responses (each nine answers 1–4). No respondent: "no data"."""
    values = nrr(responses)
    if values is None:
        return IkmResult(respondents=0, nrr=None, ikm=None, ikm_printed_weight=None)
    return IkmResult(
        respondents=len(responses),
        nrr=values,
        ikm=converted_ikm(values),
        ikm_printed_weight=converted_ikm(values, WEIGHT_PRINTED),
    )


def respondent_score(answers: Sequence[int]) -> Fraction:
    """One respondent's own converted score: mean answer × 25. The unit's IKM (weight 1/9) is
    exactly the mean of these over its respondents, which is what the interval below uses."""
    return Fraction(sum(answers), ELEMENT_COUNT) * CONVERSION


# --- step 5: sample size --------------------------------------------------------------------

# Krejcie & Morgan (1970), Table 1, as reprinted in the Lampiran of PermenPANRB 14/2017:
# population N -> sample S (95% confidence, ±5%, P = 0.5).
KREJCIE_MORGAN: Final[tuple[tuple[int, int], ...]] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip
_KM_POPULATIONS: Final = [n for n, _ in KREJCIE_MORGAN]
# The table's last line: the sample for a population too large to count (or not known).
SAMPLE_FOR_UNKNOWN_POPULATION: Final = KREJCIE_MORGAN[-1][1]


def krejcie_morgan_formula(population: int) -> float:
    """The formula behind the table: s = χ²NP(1−P) / (d²(N−1) + χ²P(1−P)), χ² = 3.841, P = 0.5,
    d = 0.05 (used by the tests to check the table, not for the requirement itself)."""
    chi2, p, d = 3.841, 0.5, 0.05
    return chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))


def required_sample(population: int | None) -> int:
    """The sample the regulation's table asks for: the line for the population, or the next
    larger line when the population falls between two (the safe side). A population smaller than
    the table's first line is surveyed whole; an unknown one counts as the table's largest."""
    if population is None:
        return SAMPLE_FOR_UNKNOWN_POPULATION
    if population < 0:
        raise ValueError("population must be >= 0")
    if population <= _KM_POPULATIONS[0]:
        return population
    index = bisect.bisect_left(_KM_POPULATIONS, population)
    if index >= len(KREJCIE_MORGAN):
        return SAMPLE_FOR_UNKNOWN_POPULATION
    return KREJCIE_MORGAN[index][1]


# --- the interval of a difference ------------------------------------------------------------

Z_95: Final = 1.959963984540054  # two-sided 95% quantile of the standard normal


@dataclass(frozen=True)
class Difference:
    """After minus before, with a 95% interval (None when either side has fewer than 2
    respondents, where no spread can be estimated)."""

    before: float
    after: float
    difference: float
    low: float | None
    high: float | None

    @property
    def fell(self) -> bool:
        """Service fell beyond the uncertainty: the whole interval lies below zero."""
        return self.high is not None and self.high < 0

    @property
    def rose(self) -> bool:
        return self.low is not None and self.low > 0


def _mean_var(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else math.nan
    return mean, var


def difference_interval(
    before: Sequence[float], after: Sequence[float], z: float = Z_95
) -> Difference | None:
    """Normal (Welch) interval of the difference of two independent means: d ± z·√(s₁²/n₁ +
    s₂²/n₂), the values being respondents' own scores (``respondent_score``). None when a side
    has no respondent at all."""
    if not before or not after:
        return None
    mean_b, var_b = _mean_var(before)
    mean_a, var_a = _mean_var(after)
    diff = mean_a - mean_b
    if len(before) < 2 or len(after) < 2:
        return Difference(mean_b, mean_a, diff, None, None)
    se = math.sqrt(var_b / len(before) + var_a / len(after))
    return Difference(mean_b, mean_a, diff, diff - z * se, diff + z * se)
