"""Reasons never contradict themselves and use Indonesian numbers."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mutasi.planner.reasons import TEXT, ReasonPart, render, years_part


@given(
    years=st.floats(min_value=0, max_value=40, allow_nan=False),
    limit=st.sampled_from([2.0, 4.5, 5.0, 6.0]),
)
def test_a_must_move_sentence_never_says_a_figure_that_is_not_past_the_limit(years, limit):
    if years <= limit:
        return  # must_move is only said of people past the limit
    text = render([years_part(years, limit)])
    figure = re.search(r"sudah (\d+),(\d) tahun", text)
    if figure:
        assert float(f"{figure[1]}.{figure[2]}") > limit, text
    else:
        assert "lebih dari" in text


def test_worked_examples_in_indonesian_numbers():
    # 9.64 years, limit 5: one decimal, rounded down, with a comma.
    assert render([years_part(9.64, 5.0)]) == (
        "Wajib pindah: sudah 9,6 tahun di jabatan ini, melewati batas 5 tahun "
        "(PP 11/2017 Pasal 190)."
    )
    # 5.04 years would print as "5,0": said as "lebih dari 5 tahun" instead.
    assert render([years_part(5.04, 5.0)]) == (
        "Wajib pindah: sudah lebih dari 5 tahun di jabatan ini (PP 11/2017 Pasal 190)."
    )
    assert render([ReasonPart("fit_up", {"before": 0.5, "after": 0.85})]) == (
        "Kesesuaian dengan syarat jabatan naik dari 50% ke 85%."
    )
    shortage = {"code": "P1", "sector": "kesehatan", "short": 1250, "formation": 1300}
    assert "kekurangan 1.250 orang" in render([ReasonPart("shortage", {**shortage, "filled": 50})])


def test_every_sentence_is_complete_and_written_for_hr():
    for key, text in TEXT.items():
        assert text.endswith("."), key
        assert "Anda" not in text, key  # HR reads these; the employee pages say "Anda" themselves
