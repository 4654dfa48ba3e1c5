"""Posts no plan can move anybody into: full, and nobody in them may or can leave.

``optimal`` leaves them out of its candidates and its pricing (``receiving_posts``); a worked
example of which posts those are, and that the plan and its bound do not change.
"""

from __future__ import annotations

import pytest

from mutasi.planner import Employee, Pin, PinKind, Policy, Position, Problem, Unit, solve
from mutasi.planner import optimal as optimal_module
from mutasi.planner.synthetic import generate


def _post(k: int, formation: int, gol_min: int = 5) -> Position:
    return Position(
        id=f"P{k}",
        code=f"J{k}",
        name=f"Jabatan {k}",
        unit_id="U0" if k < 3 else "U1",
        kind="pelaksana",
        job_family="administrasi",
        gol_min=gol_min,
        gol_max=17,
        education_min=3,
        formation=formation,
    )


def _person(e: int, post: int, golongan: int = 11) -> Employee:
    return Employee(
        id=f"E{e}",
        nip=f"1980010120050110{e:02d}",
        name=f"Pegawai {e}",
        position_id=f"P{post}",
        golongan_rank=golongan,
        education_rank=7,
        years_in_post=6.0,  # past five years: everybody movable would rather move
        age=40.0,
        job_family="administrasi",
    )


def _region() -> Problem:
    """P0 full, its holder pinned to stay; P1 full, its holder eligible for no other post (a
    golongan below every other post's minimum); P2 full, its holder eligible elsewhere; P3 and
    P4 with room."""
    units = (
        Unit("U0", "UK0", "Dinas Satu", "umum", kecamatan="A"),
        Unit("U1", "UK1", "Dinas Dua", "umum", kecamatan="A"),
    )
    positions = (
        _post(0, 1),
        _post(1, 1, gol_min=5),
        _post(2, 1, gol_min=9),
        _post(3, 2, gol_min=9),
        _post(4, 2, gol_min=9),
    )
    employees = (_person(0, 0), _person(1, 1, golongan=6), _person(2, 2), _person(3, 3))
    return Problem(
        units=units,
        positions=positions,
        employees=employees,
        pins=(Pin(PinKind.STAY, "E0"),),
    )


def test_a_full_post_whose_holders_cannot_leave_gets_no_candidate_arcs():
    trace: dict = {}
    plan = solve(_region(), Policy(unit_departure_cap=1.0), mechanism="optimal", trace=trace)
    c = trace["compiled"]
    open_posts = {c.pos_ids[q] for q in range(c.m) if optimal_module.receiving_posts(c)[q]}
    # P0: its holder stays (pinned); P1: its holder is eligible for no other post
    assert open_posts == {"P2", "P3", "P4"}
    targets = {c.pos_ids[q] for q in trace["arcs"].pos.tolist()}
    assert targets and not targets & {"P0", "P1"}
    assert plan.metrics.violations == 0
    assert {m.employee_id for m in plan.moves} >= {"E2"}  # past five years, somewhere to go


@pytest.mark.parametrize("seed", [3, 8])
def test_leaving_out_the_dead_ends_changes_neither_the_plan_value_nor_the_bound(seed, monkeypatch):
    problem = generate(1500, seed=seed, pins=10)
    policy = Policy(gap_tolerance=1e-6)
    narrowed = solve(problem, policy, mechanism="optimal")
    monkeypatch.setattr(optimal_module, "_close_dead_ends", lambda c, emps: None)
    monkeypatch.setattr(optimal_module, "receiving_posts", lambda c: c.accepts)
    every_post = solve(problem, policy, mechanism="optimal")
    for plan in (narrowed, every_post):
        assert plan.metrics.violations == 0
        assert plan.metrics.bound is not None
    assert narrowed.metrics.objective == pytest.approx(every_post.metrics.objective, rel=2e-6)
    assert narrowed.metrics.bound >= every_post.metrics.objective - 1e-6
    assert every_post.metrics.bound >= narrowed.metrics.objective - 1e-6
