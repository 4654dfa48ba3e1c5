"""What a plan carries: moves with chains and cycles, reasons a person can read, metrics."""

from __future__ import annotations

import pytest

from mutasi.planner import Employee, Mechanism, Policy, Position, Problem, Unit, check, solve


def _swap_problem() -> Problem:
    units = (Unit("U1", "A", "Dinas A", "umum"), Unit("U2", "B", "Dinas B", "umum"))
    positions = (
        Position("P1", "J1", "Analis A", "U1", "pelaksana", "administrasi", formation=1),
        Position("P2", "J2", "Analis B", "U2", "pelaksana", "administrasi", formation=1),
        Position("P3", "J3", "Analis C", "U2", "pelaksana", "administrasi", formation=2),
    )
    base = {"golongan_rank": 9, "education_rank": 8, "years_in_post": 3.0, "age": 40.0}
    employees = (
        Employee("E1", "198001012005011001", "Ani", "P1", preferences=("P2",), **base),
        Employee("E2", "198001012005011002", "Budi", "P2", preferences=("P1",), **base),
        Employee("E3", "198001012005011003", "Citra", "P3", **base),
        Employee("E4", "198001012005011004", "Dedi", "P3", **base),
    )
    return Problem(units=units, positions=positions, employees=employees)


@pytest.mark.parametrize("mechanism", list(Mechanism))
def test_two_people_who_want_each_others_post_swap_as_a_cycle(mechanism):
    problem = _swap_problem()
    plan = solve(problem, Policy(unit_departure_cap=1.0), mechanism=mechanism)
    assert plan.assignments == {"E1": "P2", "E2": "P1", "E3": "P3", "E4": "P3"}
    assert {m.chain_kind for m in plan.moves} == {"cycle"}
    assert len({m.chain for m in plan.moves}) == 1
    assert plan.metrics.cycles == 1 and plan.metrics.moves == 2
    assert all("Pilihan ke-1 pegawai" in m.reason for m in plan.moves)
    assert plan.metrics.preference_ranks == {1: 2}
    assert plan.metrics.worse_off == 0 and plan.metrics.violations == 0
    assert check(problem, plan) == []


def test_the_departure_cap_stops_the_swap_and_nobody_moves():
    problem = _swap_problem()
    plan = solve(problem, Policy(unit_departure_cap=0.25))  # Dinas A (1 person) may lose nobody
    assert plan.moves == ()
    assert check(problem, plan) == []


def test_metrics_report_objective_bound_and_gap_for_optimal_only():
    problem = _swap_problem()
    optimal = solve(problem, Policy(unit_departure_cap=1.0))
    fair = solve(problem, Policy(unit_departure_cap=1.0), mechanism="fair")
    assert optimal.metrics.bound is not None and optimal.metrics.gap_percent is not None
    assert optimal.metrics.bound >= optimal.metrics.objective - 1e-9
    assert fair.metrics.bound is None
    assert optimal.metrics.to_dict()["preference_ranks"] == {"1": 2}
