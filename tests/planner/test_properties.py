"""Invariants of the planner on random small instances (Hypothesis)."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutasi.planner import Mechanism, Plan, Policy, check, solve
from mutasi.planner.eligibility import compile_problem
from mutasi.planner.outcome import objective
from mutasi.planner.synthetic import generate

from .instances import tiny_problem

FAST = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
policies = st.builds(
    Policy,
    unit_departure_cap=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    protect_priority_sectors=st.booleans(),
    pppk_stay_in_unit=st.booleans(),
    candidate_arcs=st.sampled_from([1, 2, 12]),
)


@FAST
@given(seed=st.integers(0, 10_000), policy=policies, mechanism=st.sampled_from(list(Mechanism)))
def test_every_plan_on_a_tiny_instance_passes_check(seed, policy, mechanism):
    problem = tiny_problem(seed, n_employees=5, n_posts=4, goto_pins=True)
    plan = solve(problem, policy, mechanism=mechanism)
    assert check(problem, plan) == []
    assert plan.metrics.violations == 0
    assert set(plan.assignments) == {e.id for e in problem.employees}


@settings(max_examples=6, deadline=None, derandomize=True)
@given(seed=st.integers(0, 1000), mechanism=st.sampled_from(list(Mechanism)))
def test_every_plan_on_a_synthetic_region_passes_check(seed, mechanism):
    problem = generate(150, seed=seed, pins=6)
    plan = solve(problem, mechanism=mechanism)
    assert check(problem, plan) == []


@FAST
@given(seed=st.integers(0, 10_000), policy=policies)
def test_fair_leaves_no_voluntary_participant_worse_off_than_staying(seed, policy):
    problem = tiny_problem(seed, n_employees=6, n_posts=4)
    plan = solve(problem, policy, mechanism=Mechanism.FAIR)
    compiled = compile_problem(problem, policy)
    for k, ranked in compiled.prefs.items():
        if compiled.must_move[k] or k in compiled.goto:
            continue  # forced by a rule: documented exception
        got = plan.assignments[problem.employees[k].id]
        if got == problem.employees[k].position_id:
            continue
        q = compiled.pos_ids.index(got)
        assert q in ranked and ranked.index(q) < ranked.index(-1)
    assert plan.metrics.worse_off == plan.metrics.worse_off_forced


def _brute_force_best(problem, policy) -> float:
    """Best objective over every assignment that obeys the rules (check finds nothing) and the
    solver's documented stricter formation rule (nobody enters a post over formation)."""
    compiled = compile_problem(problem, policy)
    posts = [p.id for p in problem.positions]
    best = 0.0  # everybody stays is always allowed
    for combo in itertools.product(range(len(posts)), repeat=len(problem.employees)):
        final = np.array(combo, dtype=np.int64)
        moved = final != compiled.emp_pos
        if moved.any() and compiled.overstaffed[final[moved]].any():
            continue
        plan = Plan(
            mechanism=Mechanism.OPTIMAL,
            assignments={e.id: posts[q] for e, q in zip(problem.employees, combo, strict=True)},
            moves=(),
            policy=policy,
        )
        if check(problem, plan):
            continue
        best = max(best, objective(compiled, final)[0])
    return best


@settings(max_examples=30, deadline=None, derandomize=True)
@given(seed=st.integers(0, 10_000), policy=policies)
def test_optimal_is_never_beaten_by_brute_force_and_its_bound_holds(seed, policy):
    problem = tiny_problem(seed, n_employees=5, n_posts=3)
    plan = solve(problem, policy, mechanism=Mechanism.OPTIMAL)
    best = _brute_force_best(problem, policy)
    assert plan.metrics.objective >= best - 1e-6
    assert plan.metrics.bound is not None
    assert plan.metrics.bound >= best - 1e-6
