"""``check`` finds each broken hard rule, reading only the raw problem and the plan."""

from __future__ import annotations

import datetime

import pytest

from mutasi.planner import (
    STAY,
    Employee,
    EmployeeKind,
    Mechanism,
    Notice,
    Pin,
    PinKind,
    Plan,
    Policy,
    Position,
    Problem,
    Rule,
    Unit,
    check,
    solve,
)


def _problem(**changes) -> Problem:
    units = (
        Unit("U1", "RSUD", "RSUD Bukitintan", "kesehatan", head_employee_id="E9"),
        Unit("U2", "SETDA", "Sekretariat Daerah", "umum"),
    )
    positions = (
        Position(
            "P1",
            "J1",
            "Perawat",
            "U1",
            "pelaksana",
            "administrasi",
            gol_min=5,
            gol_max=17,
            formation=3,
        ),
        Position(
            "P2",
            "J2",
            "Staf Umum",
            "U2",
            "pelaksana",
            "administrasi",
            gol_min=5,
            gol_max=17,
            formation=2,
        ),
        Position(
            "P3",
            "J3",
            "Analis Hukum",
            "U2",
            "pelaksana",
            "administrasi",
            majors=frozenset({"hukum"}),
            formation=2,
        ),
        Position("P4", "J4", "Bendahara", "U2", "pelaksana", "keuangan", formation=1),
    )
    base = {
        "golongan_rank": 9,
        "education_rank": 8,
        "years_in_post": 3.0,
        "age": 40.0,
        "job_family": "administrasi",
    }
    employees = [
        Employee("E1", "198001012005011001", "Ani", "P1", **base),
        Employee("E2", "198001012005011002", "Budi", "P2", **base),
        Employee("E3", "198001012005011003", "Citra", "P2", **base),
        Employee("E4", "198001012005011004", "Dedi", "P2", **base),
        Employee("E9", "198001012005011009", "Kepala", "P1", **base),
    ]
    for key, value in changes.items():
        k = int(key[1:]) - 1 if key != "E9" else 4
        employees[k] = Employee(**{**employees[k].__dict__, **value})
    return Problem(units=units, positions=positions, employees=tuple(employees))


def _plan(problem: Problem, policy: Policy | None = None, **moves: str) -> Plan:
    assignments = {e.id: moves.get(e.id, e.position_id) for e in problem.employees}
    return Plan(Mechanism.OPTIMAL, assignments, (), policy=policy or Policy())


def _rules(problem: Problem, plan: Plan) -> set[Rule]:
    return {v.rule for v in check(problem, plan)}


def test_it_accepts_everybody_staying():
    problem = _problem()
    assert check(problem, _plan(problem)) == []


def test_it_flags_a_move_before_two_years_in_post():
    problem = _problem(E2={"years_in_post": 1.5})
    violations = check(problem, _plan(problem, Policy(unit_departure_cap=1.0), E2="P1"))
    assert [v.rule for v in violations] == [Rule.MIN_YEARS]
    assert "Budi" in violations[0].message and "2 tahun" in violations[0].message


@pytest.mark.parametrize(
    ("change", "target", "rule"),
    [
        ({"golongan_rank": 3}, "P1", Rule.GOLONGAN),
        ({"major": "ekonomi"}, "P3", Rule.MAJOR),
        ({}, "P4", Rule.JOB_FAMILY),
        ({"age": 57.5}, "P1", Rule.RETIREMENT),
        ({"kind": EmployeeKind.PPPK}, "P1", Rule.PPPK_UNIT),
        ({"spouse_id": "E9"}, "P1", Rule.SPOUSE_HEAD),
    ],
)
def test_it_flags_each_eligibility_rule(change, target, rule):
    problem = _problem(E2=change)
    assert rule in _rules(problem, _plan(problem, E2=target))


def test_interchangeable_families_make_a_post_eligible():
    problem = _problem()
    policy = Policy(interchangeable_families=(("administrasi", "keuangan"),))
    assert Rule.JOB_FAMILY not in _rules(problem, _plan(problem, policy, E2="P4"))


def test_it_flags_a_post_pushed_above_its_formation_by_a_move_in():
    problem = _problem()
    plan = _plan(problem, E2="P1", E3="P1")  # P1 had 2 for formation 3; now 4
    assert Rule.FORMATION in _rules(problem, plan)


def test_it_flags_a_unit_losing_more_than_its_departure_cap():
    problem = _problem()
    plan = _plan(problem, E2="P1")  # SETDA loses 1 of 3 = 33% > 25%
    assert Rule.DEPARTURE_CAP in _rules(problem, plan)
    assert Rule.DEPARTURE_CAP not in _rules(
        problem, _plan(problem, Policy(unit_departure_cap=0.5), E2="P1")
    )


def test_it_flags_a_priority_unit_falling_further_below_formation():
    problem = _problem()
    plan = _plan(problem, Policy(unit_departure_cap=1.0), E1="P2")  # RSUD 2 -> 1, formation 3
    assert Rule.PRIORITY_SECTOR in _rules(problem, plan)


def test_it_flags_a_must_move_person_left_in_post_while_an_eligible_post_has_room():
    problem = _problem(E2={"years_in_post": 6.0})
    policy = Policy(unit_departure_cap=0.5)
    violations = check(problem, _plan(problem, policy))
    assert [v.rule for v in violations] == [Rule.MUST_MOVE]
    assert check(problem, _plan(problem, policy, E2="P1")) == []


def test_it_flags_unhonoured_pins_unless_the_plan_says_why():
    problem = Problem(
        units=_problem().units,
        positions=_problem().positions,
        employees=_problem().employees,
        pins=(Pin(PinKind.STAY, "E2"), Pin(PinKind.GOTO, "E3", position_id="P1")),
    )
    policy = Policy(unit_departure_cap=1.0)
    assert Rule.PIN in _rules(problem, _plan(problem, policy, E2="P1"))
    unexplained = _plan(problem, policy)
    assert [v.rule for v in check(problem, unexplained)] == [Rule.PIN]
    explained = Plan(
        Mechanism.OPTIMAL,
        unexplained.assignments,
        (),
        pin_notices=(Notice("E3", Rule.PIN, "tidak ada ruang"),),
        policy=policy,
    )
    assert check(problem, explained) == []


def test_it_flags_an_official_replaced_during_the_election_freeze():
    problem = Problem(
        units=_problem().units,
        positions=(
            *_problem().positions,
            Position("P5", "J5", "Kabag", "U2", "administrator", "administrasi", formation=1),
        ),
        employees=_problem().employees,
    )
    policy = Policy(
        unit_departure_cap=1.0,
        plan_date=datetime.date(2027, 3, 1),
        freeze_start=datetime.date(2027, 1, 1),
        freeze_end=datetime.date(2027, 6, 30),
    )
    assert Rule.ELECTION_FREEZE in _rules(problem, _plan(problem, policy, E2="P5"))


def test_solve_follows_a_goto_pin_and_explains_one_it_cannot_follow():
    base = _problem()
    problem = Problem(
        units=base.units,
        positions=base.positions,
        employees=base.employees,
        pins=(Pin(PinKind.GOTO, "E2", position_id="P1"), Pin(PinKind.GOTO, "E3", position_id="P4")),
    )
    plan = solve(problem, Policy(unit_departure_cap=1.0))
    assert plan.assignments["E2"] == "P1"
    assert plan.assignments["E3"] == "P2"
    [notice] = plan.pin_notices
    assert notice.employee_id == "E3" and "rumpun" in notice.message
    assert check(problem, plan) == []


def test_a_participant_who_ranks_staying_first_is_not_moved_by_fair():
    problem = _problem(E2={"preferences": (STAY, "P1")}, E3={"preferences": ("P1", STAY)})
    plan = solve(problem, Policy(unit_departure_cap=1.0), mechanism="fair")
    assert plan.assignments["E2"] == "P2"
    assert plan.assignments["E3"] == "P1"
    [move] = plan.moves
    assert "Pilihan ke-1" in move.reason
