"""What must hold for any workload (Hypothesis)."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from mutasi.needs import abk

minutes = st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False)
effective = st.integers(min_value=1_000, max_value=200_000)


@given(minutes, effective)
def test_half_up_is_within_half_a_post_and_up_never_below(workload, eff):
    needed, half_up = abk.abk_formation(workload, eff, abk.Rounding.HALF_UP)
    _, up = abk.abk_formation(workload, eff, abk.Rounding.UP)
    assert abs(needed - workload / eff) <= Decimal("0.005")
    assert abs(half_up - needed) <= Decimal("0.5")
    assert needed <= up < needed + 1
    assert half_up <= up


@given(minutes, minutes, effective)
def test_more_work_never_needs_fewer_people(a, b, eff):
    low, high = sorted([a, b])
    for rule in abk.Rounding:
        assert abk.abk_formation(low, eff, rule)[1] <= abk.abk_formation(high, eff, rule)[1]


@given(
    st.integers(min_value=0, max_value=500),
    st.dictionaries(st.integers(2026, 2040), st.integers(0, 50), max_size=8),
)
def test_staff_left_only_falls_and_never_goes_negative(staff, retirements):
    years = abk.projection_years(datetime.date(2026, 6, 1))
    left = [abk.staff_left(staff, retirements, y) for y in years]
    assert all(0 <= n <= staff for n in left)
    assert left == sorted(left, reverse=True)
