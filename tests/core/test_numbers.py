"""Figures are rounded, not cut: Django's ``number_format`` drops the digits past
``decimal_pos`` (2.96 at one decimal reads "2,9"), so pages and commands use ``number``."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mutasi.core.numbers import number
from mutasi.plans.reasons import _number as reason_number
from mutasi.plans.selectors import display


@pytest.mark.parametrize(
    ("value", "places", "grouping", "indonesian", "english"),
    [
        (2.96, 1, False, "3,0", "3.0"),
        (0.0996, 3, False, "0,100", "0.100"),
        (2.5, 0, False, "3", "3"),
        (-2.5, 0, False, "-3", "-3"),
        (-0.04, 1, False, "0,0", "0.0"),
        (12345.6789, 3, True, "12.345,679", "12,345.679"),
        (1234567, 0, True, "1.234.567", "1,234,567"),
        (float("nan"), 2, False, "—", "—"),
        (float("-inf"), 1, False, "—", "—"),
        (np.float64(2.96), 1, False, "3,0", "3.0"),
        (np.int64(1234567), 0, True, "1.234.567", "1,234,567"),
        (np.float32(0.5), 0, False, "1", "1"),
        (Decimal("2.345"), 2, False, "2,35", "2.35"),
        (Decimal("NaN"), 2, False, "—", "—"),
    ],
)
def test_worked_examples_in_both_languages(value, places, grouping, indonesian, english):
    with translation.override("id"):
        assert number(value, places, grouping) == indonesian
    with translation.override("en"):
        assert number(value, places, grouping) == english


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=4),
)
def test_the_figure_shown_is_the_nearest_at_its_decimals(value, places):
    with translation.override("en"):
        shown = Decimal(number(value, places).replace(",", ""))
    step = Decimal(1).scaleb(-places)
    exact = Decimal(repr(value))
    assert abs(shown - exact) <= step / 2
    assert shown.as_tuple().exponent == -places or (places == 0 and shown == shown.to_integral())


def test_reasons_and_plan_metrics_round_half_up():
    with translation.override("id"):
        assert reason_number(4.96, "years") == "5,0"
        assert reason_number(0.996, "percent") == "100%"
        assert display(0.0996) == "0,100"
