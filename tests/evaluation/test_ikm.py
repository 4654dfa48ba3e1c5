"""IKM (PermenPANRB 14/2017) on hand-computed cases, and properties that must always hold."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mutasi.evaluation import ikm


def _fill(respondents: int, fours: int) -> list[list[int]]:
    """``respondents`` rows of nine answers, all 3 except ``fours`` answers of 4 (row by row)."""
    rows = [[3] * 9 for _ in range(respondents)]
    for k in range(fours):
        rows[k // 9][k % 9] = 4
    return rows


def test_a_worked_example_of_three_respondents():
    # By hand: NRR u1 = (4+3+2)/3 = 3, u2 = (4+3+3)/3 = 10/3, u3 = 11/3, u4 = 8/3, u5 = 3,
    # u6 = 10/3, u7 = 11/3, u8 = 8/3, u9 = 3; Σ NRR = 85/3; IKM = 85/3 × 1/9 × 25 = 78.7037… → 78.70
    # (B, baik); with the printed weight 0.11: 85/3 × 0.11 × 25 = 77.9166… → 77.92.
    result = ikm.compute([[4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 1, 2]])
    assert result.respondents == 3
    assert result.nrr == (
        Fraction(3), Fraction(10, 3), Fraction(11, 3), Fraction(8, 3), Fraction(3),
        Fraction(10, 3), Fraction(11, 3), Fraction(8, 3), Fraction(3),
    )  # fmt: skip
    assert result.ikm_rounded == Decimal("78.70")
    assert result.grade == "B"
    assert ikm.round2(result.ikm_printed_weight) == Decimal("77.92")


def test_a_unit_exactly_on_the_b_side_of_the_a_b_boundary():
    # 250 respondents, 2,250 answers summing to 7,947 (1,197 fours, the rest threes):
    # IKM = 25 × 7947 / 2250 = 88.30 exactly, the top of B.
    result = ikm.compute(_fill(250, 1197))
    assert result.ikm == Fraction(8830, 100)
    assert (result.ikm_rounded, result.grade) == (Decimal("88.30"), "B")


def test_one_more_point_crosses_into_a():
    # 7,948 / 2250 × 25 = 88.3111… → 88.31, the bottom of A.
    result = ikm.compute(_fill(250, 1198))
    assert (result.ikm_rounded, result.grade) == (Decimal("88.31"), "A")


def test_a_half_hundredth_rounds_up_exactly():
    # 5,000 respondents summing to 158,949: IKM = 25 × 158949 / 45000 = 88.305 exactly, which a
    # float would hold as 88.30499… ; half up gives 88.31 and grade A.
    result = ikm.compute(_fill(5000, 158_949 - 3 * 45_000))
    assert result.ikm == Fraction(88305, 1000)
    assert (result.ikm_rounded, result.grade) == (Decimal("88.31"), "A")


def test_a_small_sample_of_one_respondent():
    # 4+3+3+2+4+3+3+2+4 = 28; IKM = 25 × 28 / 9 = 77.777… → 77.78 (B); printed weight: 77.00.
    result = ikm.compute([[4, 3, 3, 2, 4, 3, 3, 2, 4]])
    assert (result.ikm_rounded, result.grade) == (Decimal("77.78"), "B")
    assert ikm.round2(result.ikm_printed_weight) == Decimal("77.00")
    # A unit serving 50 people a period needs 44 respondents (Krejcie & Morgan): short.
    assert ikm.required_sample(50) == 44
    # One respondent a side gives a difference but no interval (no spread to estimate).
    d = ikm.difference_interval([77.78], [70.0])
    assert d is not None and d.low is None and not d.fell


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        ("100", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
        ("65.00", "C"), ("64.99", "D"), ("25", "D"), ("76.605", "B"), ("64.994", "D"),
    ],
)  # fmt: skip
def test_grades_follow_the_regulation_intervals(value, grade):
    assert ikm.grade(Fraction(value)) == grade


def test_no_respondent_is_no_data_not_a_division_by_zero():
    result = ikm.compute([])
    assert (result.respondents, result.nrr, result.ikm, result.grade) == (0, None, None, None)
    assert not result.has_data
    assert ikm.difference_interval([], [80.0]) is None


@pytest.mark.parametrize("bad", [[5, 3, 3, 3, 3, 3, 3, 3, 3], [0] * 9, [3] * 8, [3.5] + [3] * 8])
def test_answers_outside_the_scale_are_refused(bad):
    with pytest.raises(ikm.SurveyDataError):
        ikm.compute([bad])


def test_the_sample_table_is_krejcie_and_morgan():
    # Every line of the table is the formula's value rounded (within one, as printed in 1970).
    for population, sample in ikm.KREJCIE_MORGAN:
        assert abs(ikm.krejcie_morgan_formula(population) - sample) <= 1, population
    assert ikm.required_sample(10) == 10
    assert ikm.required_sample(7) == 7  # surveyed whole
    assert ikm.required_sample(100) == 80
    assert ikm.required_sample(105) == 86  # between 100 and 110: the safe side
    assert ikm.required_sample(None) == 384
    assert ikm.required_sample(5_000_000) == 384


def test_the_interval_of_a_difference_by_hand():
    # before: mean 85, s² = 100/3; after: mean 75, s² = 100/3; se = √(2 × 100/3 / 4) = 4.0825;
    # 95%: −10 ± 1.95996 × 4.0825 = (−18.00, −2.00): service fell beyond the uncertainty.
    d = ikm.difference_interval([80, 80, 90, 90], [70, 70, 80, 80])
    assert d is not None
    assert d.difference == pytest.approx(-10)
    assert d.low == pytest.approx(-18.0016, abs=1e-3)
    assert d.high == pytest.approx(-1.9984, abs=1e-3)
    assert d.fell and not d.rose


answers = st.lists(st.integers(1, 4), min_size=9, max_size=9)


@given(st.lists(answers, min_size=1, max_size=60))
def test_ikm_stays_on_the_25_to_100_scale_and_matches_its_grade(responses):
    result = ikm.compute(responses)
    assert 25 <= result.ikm <= 100
    assert all(1 <= v <= 4 for v in result.nrr)
    # The unit's IKM is the mean of its respondents' own scores (what the interval uses).
    scores = [ikm.respondent_score(r) for r in responses]
    assert result.ikm == sum(scores, Fraction(0)) / len(scores)
    # The printed weight 0.11 is 0.99 of 1/9.
    assert result.ikm_printed_weight == result.ikm * Fraction(99, 100)
    floors = {"A": Decimal("88.31"), "B": Decimal("76.61"), "C": Decimal("65.00"), "D": 0}
    assert result.ikm_rounded >= floors[result.grade]


@given(st.lists(answers, min_size=2, max_size=30), st.lists(answers, min_size=2, max_size=30))
def test_the_interval_contains_the_difference(before, after):
    d = ikm.difference_interval(
        [float(ikm.respondent_score(r)) for r in before],
        [float(ikm.respondent_score(r)) for r in after],
    )
    assert d is not None and d.low is not None and d.high is not None
    assert d.low <= d.difference + 1e-9 and d.difference <= d.high + 1e-9
    assert -75 <= d.difference <= 75
    assert not (d.fell and d.rose)
