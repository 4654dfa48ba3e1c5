"""The ABK formulas on hand-computed cases (PermenPANRB 1/2020: 75,000 effective minutes)."""

import datetime
from decimal import Decimal as D

import pytest

from mutasi.needs import abk


def test_it_sums_volume_times_minutes_over_the_tasks():
    # 1,200 letters × 30 min + 250 reports × 120 min = 36,000 + 30,000 = 66,000 minutes
    assert abk.workload_minutes([(D("1200"), D("30")), (D("250"), D("120"))]) == D("66000")


def test_it_divides_the_workload_by_75000_effective_minutes():
    # 150,000 / 75,000 = 2 exactly
    assert abk.abk_formation(D("150000")) == (D("2.00"), 2)


@pytest.mark.parametrize(
    ("minutes", "shown", "half_up", "up"),
    [
        (D("186750"), D("2.49"), 2, 3),  # 186,750 / 75,000 = 2.49
        (D("187500"), D("2.50"), 3, 3),  # 2.50 exactly: half up goes up
        (D("225000"), D("3.00"), 3, 3),  # exact integer: both rules keep it
        (D("75750"), D("1.01"), 1, 2),  # 1.01: only "up" adds a post
        (D("187124"), D("2.49"), 2, 3),  # 2.4949866…: shown 2.49
        # 2.495 shows as 2.50; the formation follows the figure shown
        (D("187125"), D("2.50"), 3, 3),
        (D("375"), D("0.01"), 0, 1),
    ],
)
def test_it_rounds_the_shown_figure_by_the_rule(minutes, shown, half_up, up):
    assert abk.staff_needed(minutes) == shown
    assert abk.abk_formation(minutes, rule=abk.Rounding.HALF_UP) == (shown, half_up)
    assert abk.abk_formation(minutes, rule="up") == (shown, up)


def test_zero_workload_needs_nobody():
    assert abk.workload_minutes([]) == 0
    assert abk.abk_formation(D(0)) == (D("0.00"), 0)
    assert abk.abk_formation(D(0), rule=abk.Rounding.UP) == (D("0.00"), 0)


def test_the_effective_minutes_are_a_setting():
    # 60,000 minutes a year: 90,000 / 60,000 = 1.50
    assert abk.abk_formation(D("90000"), 60_000) == (D("1.50"), 2)
    with pytest.raises(ValueError):
        abk.staff_needed(D(1), 0)


def test_a_post_with_workload_but_no_staff_has_no_effectiveness():
    assert abk.job_effectiveness(D("150000"), 0) is None
    assert abk.effectiveness_grade(None) is None
    assert abk.abk_formation(D("150000")) == (D("2.00"), 2)


@pytest.mark.parametrize(
    ("minutes", "staff", "ej", "grade"),
    [
        (D("165000"), 2, D("1.10"), "A"),  # 165,000 / 150,000
        (D("75000"), 1, D("1.00"), "B"),  # exactly 1.00 is B, not A
        (D("67500"), 1, D("0.90"), "B"),
        (D("66750"), 1, D("0.89"), "C"),
        (D("52500"), 1, D("0.70"), "C"),
        (D("51750"), 1, D("0.69"), "D"),
        (D("37500"), 1, D("0.50"), "D"),
        (D("36750"), 1, D("0.49"), "E"),
        (D("0"), 3, D("0.00"), "E"),
    ],
)
def test_it_grades_job_effectiveness(minutes, staff, ej, grade):
    assert abk.job_effectiveness(minutes, staff) == ej
    assert abk.effectiveness_grade(ej) == grade


def test_the_effective_formation_prefers_override_then_abk_then_import_then_staff():
    src = abk.FormationSource
    assert abk.effective_formation(override=4, abk=2, imported=3, staff=1) == (4, src.OVERRIDE)
    assert abk.effective_formation(override=0, abk=2, imported=3, staff=1) == (0, src.OVERRIDE)
    assert abk.effective_formation(override=None, abk=0, imported=3, staff=1) == (0, src.ABK)
    assert abk.effective_formation(override=None, abk=None, imported=3, staff=1) == (
        3,
        src.IMPORTED,
    )
    assert abk.effective_formation(override=None, abk=None, imported=None, staff=5) == (
        5,
        src.STAFF,
    )


def test_staff_left_takes_out_everyone_who_reached_bup_by_that_year():
    retirements = {2026: 1, 2028: 2, 2031: 1}
    assert abk.projection_years(datetime.date(2026, 11, 27)) == [2027, 2028, 2029, 2030, 2031]
    assert [abk.staff_left(5, retirements, y) for y in range(2027, 2032)] == [4, 2, 2, 2, 1]
    assert abk.staff_left(1, retirements, 2031) == 0  # never negative


def test_retirement_year_is_the_year_bup_is_reached():
    assert abk.retirement_year(datetime.date(1968, 12, 31), 58) == 2026
    assert abk.retirement_year(datetime.date(1970, 1, 1), 60) == 2030


def test_difference_is_staff_minus_formation():
    assert abk.difference(3, 5) == -2
    assert abk.difference(5, 3) == 2
