"""Analisis Beban Kerja (ABK): the pure formulas of the needs analysis.

No Django import: plain values in, plain values out, so that the formulas can be checked by hand
and reused by the command line, the pages and the planner adapter alike.

Source: PermenPANRB 1/2020 (Pedoman Analisis Jabatan dan Analisis Beban Kerja); older offices use
Permendagri 12/2008 with the same formula. See docs/domain.md, "Needs analysis".

Steps for one post:
1. workload (menit) = Σ over its tasks of volume per year × standard minutes per unit of output;
2. staff needed = workload ÷ effective working minutes per employee per year (75,000 by default);
3. the staff figure is shown with two decimals (half up) and the formation is that shown figure
   rounded to a whole number by the office's rule (half up by default, or always up), so that a
   reader can check the formation from the figure printed beside it;
4. job effectiveness EJ = workload ÷ (current staff × effective minutes), graded A–E.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

# 1,250 effective hours a year = 75,000 minutes per employee (PermenPANRB 1/2020, lampiran).
EFFECTIVE_MINUTES_PER_YEAR = 75_000

TWO_PLACES = Decimal("0.01")


class Rounding(enum.StrEnum):
    """How the staff figure becomes a whole formation; offices differ, so it is a setting."""

    HALF_UP = "half_up"  # 2.49 → 2, 2.50 → 3
    UP = "up"  # 2.01 → 3, 2.00 → 2


# Grade of job effectiveness (prestasi jabatan), PermenPANRB 1/2020 as widely quoted [check]:
# A (sangat baik) EJ > 1.00; B (baik) 0.90–1.00; C (cukup) 0.70–0.89; D (sedang) 0.50–0.69;
# E (kurang) < 0.50. Applied to EJ shown with two decimals, so 0.895 (shown 0.90) is B.
EJ_GRADE_A_ABOVE = Decimal("1.00")
EJ_GRADE_B_FROM = Decimal("0.90")
EJ_GRADE_C_FROM = Decimal("0.70")
EJ_GRADE_D_FROM = Decimal("0.50")
EJ_GRADE_SOURCE = "PermenPANRB 1/2020"  # thresholds widely quoted, primary text not read

# How many years ahead the retirement projection looks.
PROJECTION_YEARS = 5


def workload_minutes(tasks: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ volume per year × minutes per unit over (volume, minutes) pairs, exactly."""
    total = Decimal(0)
    for volume, minutes in tasks:
        total += Decimal(volume) * Decimal(minutes)
    return total


def staff_needed(workload: Decimal, effective_minutes: int = EFFECTIVE_MINUTES_PER_YEAR) -> Decimal:
    """Staff needed (kebutuhan pegawai) to the two decimals shown, rounded half up."""
    if effective_minutes <= 0:
        raise ValueError("effective_minutes must be positive")
    return (Decimal(workload) / Decimal(effective_minutes)).quantize(TWO_PLACES, ROUND_HALF_UP)


def round_formation(needed: Decimal, rule: Rounding | str = Rounding.HALF_UP) -> int:
    """The whole formation from the two-decimal staff figure, by the office's rounding rule."""
    mode = ROUND_CEILING if Rounding(rule) is Rounding.UP else ROUND_HALF_UP
    return int(Decimal(needed).quantize(Decimal(1), mode))


def abk_formation(
    workload: Decimal,
    effective_minutes: int = EFFECTIVE_MINUTES_PER_YEAR,
    rule: Rounding | str = Rounding.HALF_UP,
) -> tuple[Decimal, int]:
    """(staff needed with two decimals, rounded formation) for one post's workload."""
    needed = staff_needed(workload, effective_minutes)
    return needed, round_formation(needed, rule)


class FormationSource(enum.StrEnum):
    """Where a post's effective formation comes from, in order of precedence."""

    OVERRIDE = "override"  # set by hand by a planner, with a written reason
    ABK = "abk"  # computed from the post's workload
    IMPORTED = "imported"  # the workbook's kebutuhan column
    STAFF = "staff"  # nothing known: taken as the present staff, so neither short nor over


def effective_formation(
    *,
    override: int | None,
    abk: int | None,
    imported: int | None,
    staff: int,
) -> tuple[int, FormationSource]:
    """The formation the planner fills: override, else ABK (if the post has workload), else the
    imported kebutuhan, else the present staff (a post with no figure at all is not reported as
    short or over)."""
    if override is not None:
        return override, FormationSource.OVERRIDE
    if abk is not None:
        return abk, FormationSource.ABK
    if imported is not None:
        return imported, FormationSource.IMPORTED
    return staff, FormationSource.STAFF


def job_effectiveness(
    workload: Decimal, staff: int, effective_minutes: int = EFFECTIVE_MINUTES_PER_YEAR
) -> Decimal | None:
    """EJ = workload ÷ (staff × effective minutes), two decimals; None when the post is empty."""
    if staff <= 0:
        return None
    return (Decimal(workload) / (Decimal(staff) * Decimal(effective_minutes))).quantize(
        TWO_PLACES, ROUND_HALF_UP
    )


def effectiveness_grade(ej: Decimal | None) -> str | None:
    """Grade A–E of a two-decimal EJ (see the thresholds above); None when EJ is undefined."""
    if ej is None:
        return None
    if ej > EJ_GRADE_A_ABOVE:
        return "A"
    if ej >= EJ_GRADE_B_FROM:
        return "B"
    if ej >= EJ_GRADE_C_FROM:
        return "C"
    if ej >= EJ_GRADE_D_FROM:
        return "D"
    return "E"


def retirement_year(birth_date: datetime.date, bup: int) -> int:
    """Year in which someone reaches the retirement age (BUP) and leaves the post (end of that
    month; pension from the first of the next)."""
    return birth_date.year + bup


def projection_years(today: datetime.date, horizon: int = PROJECTION_YEARS) -> list[int]:
    """The years of the projection: the end of each of the next ``horizon`` years after today's."""
    return [today.year + k for k in range(1, horizon + 1)]


def staff_left(staff: int, retirements_by_year: dict[int, int], year: int) -> int:
    """Staff still in post at the end of ``year`` once everyone reaching BUP by then has left.

    ``retirements_by_year`` holds how many reach BUP in each year; years already past (people
    over BUP still on the books) count too."""
    gone = sum(n for y, n in retirements_by_year.items() if y <= year)
    return max(staff - gone, 0)


def difference(staff: int, formation: int) -> int:
    """Selisih = bezetting − kebutuhan: negative is a shortage (kurang), positive a surplus."""
    return staff - formation
