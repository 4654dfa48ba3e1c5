import datetime

import pytest

from mutasi.evaluation import flags
from mutasi.evaluation.periods import PeriodError, parse_period, semester_of


def test_periods_are_years_semesters_or_quarters():
    assert parse_period("2026-S2").start == datetime.date(2026, 7, 1)
    assert parse_period("2026-s2").end == datetime.date(2026, 12, 31)
    assert parse_period("2026-T1").end == datetime.date(2026, 3, 31)
    assert parse_period(" 2025 ").code == "2025"
    assert semester_of(datetime.date(2026, 6, 30)).code == "2026-S1"
    for bad in ("2026-S3", "2026-T5", "26-S1", "semester 1", ""):
        with pytest.raises(PeriodError):
            parse_period(bad)
    assert parse_period("2027-S1").is_future(datetime.date(2026, 11, 30))


def _evaluate(before, after, employees=(), minimum=5):
    return flags.evaluate_unit(
        before_period="2025-S2",
        after_period="2026-S2",
        before_answers=before,
        after_answers=after,
        employee_scores=list(employees),
        minimum_employee_answers=minimum,
        unhappy_below=3.0,
    )


def test_a_unit_whose_service_fell_beyond_the_interval_is_flagged():
    e = _evaluate([[4] * 9] * 20 + [[3] * 9] * 20, [[3] * 9] * 20 + [[2] * 9] * 20)
    assert e.difference.fell
    assert flags.FlagReason.FELL in e.reasons
    assert flags.FlagReason.LOW_GRADE in e.reasons  # 62.5: D


def test_a_small_change_inside_the_uncertainty_is_not_a_fall():
    e = _evaluate([[4] * 9, [3] * 9, [4] * 9], [[3] * 9, [4] * 9, [4] * 9, [3] * 9])
    assert not e.difference.fell and e.reasons == ()


def test_unhappy_moved_people_flag_only_from_five_answers():
    sad = [(2, 2, 2, 2, 2)] * 4
    assert _evaluate([[4] * 9] * 3, [[4] * 9] * 3, sad).employee_mean is None
    e = _evaluate([[4] * 9] * 3, [[4] * 9] * 3, [*sad, (3, 2, 2, 2, 2)])
    assert e.employee_mean == pytest.approx(2.04)
    assert e.reasons == (flags.FlagReason.UNHAPPY,)


def test_periods_are_chosen_around_the_effective_date():
    periods = [parse_period(c) for c in ("2025-S1", "2025-S2", "2026-S1", "2026-S2")]
    before, after = flags.choose_periods(periods, datetime.date(2026, 1, 1))
    assert (before.code, after.code) == ("2025-S2", "2026-S2")
    assert flags.choose_periods(periods[:1], datetime.date(2024, 1, 1)) == (None, periods[0])
