"""The rules' verdict on one employee (pure; no database)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mutasi.participation.status import (
    Block,
    Mobility,
    Rules,
    mobility_status,
    nine_box,
    rules_from_policy,
)

TODAY = datetime.date(2027, 1, 15)


def status(**overrides):  # type: ignore[no-untyped-def]
    args = {
        "today": TODAY,
        "position_start": datetime.date(2023, 1, 1),
        "birth_date": datetime.date(1985, 6, 1),
        "retirement_age": 58,
        "employee_type": "PNS",
        "rules": Rules(),
    }
    args.update(overrides)
    return mobility_status(**args)


def test_between_two_and_five_years_in_post_an_employee_is_free_to_move():
    result = status()
    assert result.mobility == Mobility.FREE
    assert result.blocks == ()
    assert round(result.years_in_post, 2) == 4.04


def test_under_two_years_in_post_blocks_a_move_and_says_from_when():
    result = status(position_start=datetime.date(2025, 6, 1))
    assert result.mobility == Mobility.BLOCKED
    assert result.blocks == (Block.TOO_SOON,)
    # Two planner years are 730.5 days: 1 June 2027 is day 730, still short of two years.
    assert result.free_from == datetime.date(2027, 6, 2)


def test_past_five_years_in_post_an_employee_is_due_to_move():
    assert status(position_start=datetime.date(2021, 1, 1)).mobility == Mobility.DUE


def test_within_a_year_of_retirement_age_blocks_a_move_even_when_due():
    # Retires (58) on 1 June 2027: less than a year after TODAY.
    result = status(birth_date=datetime.date(1969, 6, 1), position_start=datetime.date(2015, 1, 1))
    assert result.mobility == Mobility.BLOCKED
    assert result.blocks == (Block.NEAR_RETIREMENT,)
    assert result.retirement_date == datetime.date(2027, 6, 1)


def test_a_day_more_than_a_year_before_retirement_does_not_block():
    # Retires on 16 January 2028: one year and a day after TODAY.
    result = status(birth_date=datetime.date(1970, 1, 16))
    assert Block.NEAR_RETIREMENT not in result.blocks


def test_pppk_may_only_move_inside_their_unit_unless_the_policy_allows_more():
    assert status(employee_type="PPPK").unit_only is True
    assert status(employee_type="PPPK", rules=Rules(pppk_stay_in_unit=False)).unit_only is False
    assert status(employee_type="PNS").unit_only is False


def test_the_cycle_policy_overrides_the_planner_defaults_by_the_planners_keys():
    rules = rules_from_policy({"min_years_in_post": 3, "interchangeable_families": [["A", "b"]]})
    assert rules.min_years_in_post == 3.0
    assert rules.max_years_in_post == 5.0
    # Family names as the planner compares them (exactly as written), so portal and plan agree.
    assert rules.interchangeable_families == frozenset({frozenset({"A", "b"})})
    assert status(rules=rules, position_start=datetime.date(2024, 6, 1)).mobility == (
        Mobility.BLOCKED
    )


def test_a_policy_the_planner_rejects_falls_back_to_the_defaults():
    assert rules_from_policy({"no_such_key": 1}) == Rules()


def test_nine_box_follows_permenpanrb_3_2020():
    cutoffs = (60.0, 80.0)
    assert nine_box("sangat baik", 85, cutoffs) == 9
    assert nine_box("baik", 70, cutoffs) == 5
    assert nine_box("kurang", 10, cutoffs) == 1
    assert nine_box("sangat baik", 59.9, cutoffs) == 4
    assert nine_box("butuh perbaikan", 80, cutoffs) == 6
    assert nine_box("", 80, cutoffs) is None
    assert nine_box("baik", None, cutoffs) is None


def test_eleven_months_before_retirement_blocks():
    result = status(birth_date=datetime.date(1969, 12, 15))
    assert result.blocks == (Block.NEAR_RETIREMENT,)


def test_past_the_maximum_is_not_due_when_the_policy_does_not_enforce_it():
    rules = rules_from_policy({"enforce_must_move": False})
    assert status(position_start=datetime.date(2021, 1, 1), rules=rules).mobility == Mobility.FREE


@settings(max_examples=200, deadline=None)
@given(
    start_days=st.one_of(
        st.integers(0, 12 * 366),
        st.sampled_from([730, 731, 1826, 1827]),  # around 2 and 5 planner years
    ),
    age_offset=st.one_of(st.integers(-40 * 366, 0), st.integers(-3, 3)),
    retirement_age=st.sampled_from([58, 60, 65]),
    enforce=st.booleans(),
)
def test_the_verdict_agrees_with_the_planners_own_per_person_rules(
    start_days, age_offset, retirement_age, enforce
):
    # age_offset days from the first day the planner counts as within a year of BUP.
    age_days = int((retirement_age - 1) * 365.25) + age_offset
    from mutasi import planner
    from mutasi.planner.eligibility import compile_problem

    start = TODAY - datetime.timedelta(days=start_days)
    birth = TODAY - datetime.timedelta(days=age_days)
    policy = {"enforce_must_move": enforce}
    ours = status(
        position_start=start,
        birth_date=birth,
        retirement_age=retirement_age,
        rules=rules_from_policy(policy),
    )
    unit = planner.Unit(id="u", code="U", name="U", sector="umum")
    post = planner.Position(
        id="p", code="P", name="P", unit_id="u", kind="pelaksana", job_family="umum"
    )
    person = planner.Employee(
        id="e",
        nip="0" * 18,
        name="E",
        position_id="p",
        golongan_rank=9,
        education_rank=8,
        years_in_post=start_days / 365.25,  # as plans.adapter computes them
        age=age_days / 365.25,
        retirement_age=retirement_age,
    )
    compiled = compile_problem(
        planner.Problem(units=(unit,), positions=(post,), employees=(person,)),
        planner.Policy.from_dict(policy),
    )
    assert (ours.mobility == Mobility.BLOCKED) == (not compiled.movable[0])
    assert (ours.mobility == Mobility.DUE) == bool(compiled.must_move[0])


def test_the_cycle_policy_decides_whether_employees_see_their_nine_box():
    assert rules_from_policy({}).show_nine_box is False
    assert rules_from_policy({"show_nine_box_to_employees": True}).show_nine_box is True
