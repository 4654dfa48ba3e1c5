"""The minimum-cost circulation and its node potentials (``mutasi.planner.flow``), and the groups
of ``optimal`` that go by their circulation: the same optimum as the simplex, a basis the simplex
accepts as (nearly) optimal, bounds that hold over every eligible pair."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from mutasi.planner import Policy, solve
from mutasi.planner import optimal as optimal_module
from mutasi.planner.eligibility import compile_problem
from mutasi.planner.flow import FlowError, min_cost_circulation, potentials
from mutasi.planner.synthetic import generate


@st.composite
def networks(draw):
    """A small directed network: (nodes, tail, head, capacity, cost), no loops."""
    n = draw(st.integers(2, 7))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] != p[1]),
            min_size=1,
            max_size=18,
        )
    )
    k = len(pairs)
    capacity = draw(st.lists(st.integers(0, 3), min_size=k, max_size=k))
    cost = draw(st.lists(st.integers(-6, 6), min_size=k, max_size=k))
    tail, head = (np.array(side, dtype=np.int64) for side in zip(*pairs, strict=True))
    return n, tail, head, np.array(capacity, dtype=np.int64), np.array(cost, dtype=np.int64)


def _lp_optimum(n, tail, head, capacity, cost) -> float:
    """The circulation as an LP, solved by scipy (HiGHS): what the flow's cost must equal."""
    incidence = np.zeros((n, len(tail)))
    incidence[tail, np.arange(len(tail))] += 1.0
    incidence[head, np.arange(len(tail))] -= 1.0
    bounds = list(zip(np.zeros(len(tail)), capacity, strict=True))
    result = linprog(cost, A_eq=incidence, b_eq=np.zeros(n), bounds=bounds, method="highs")
    assert result.status == 0
    return float(result.fun)


@settings(max_examples=150, deadline=None)
@given(networks())
def test_the_circulation_is_feasible_and_as_cheap_as_the_lp(network):
    n, tail, head, capacity, cost = network
    flow, total = min_cost_circulation(np.zeros(n, dtype=np.int64), tail, head, capacity, cost)
    assert np.all(flow >= 0) and np.all(flow <= capacity)
    balance = np.bincount(tail, flow, minlength=n) - np.bincount(head, flow, minlength=n)
    assert np.all(balance == 0)
    assert total == int(flow @ cost)
    assert total == pytest.approx(_lp_optimum(n, tail, head, capacity, cost), abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(networks())
def test_the_potentials_price_every_residual_arc_at_zero_or_more(network):
    n, tail, head, capacity, cost = network
    flow, _total = min_cost_circulation(np.zeros(n, dtype=np.int64), tail, head, capacity, cost)
    d = potentials(n, tail, head, capacity, cost, flow)
    reduced = cost + d[tail] - d[head]
    assert np.all(reduced[flow < capacity] >= 0)  # room left: not cheaper to send more
    assert np.all(reduced[flow > 0] <= 0)  # used: not cheaper to send less
    assert np.all(d <= 0)


@settings(max_examples=100, deadline=None)
@given(networks(), st.data())
def test_two_way_arcs_are_tight_or_the_negative_cycle_is_named(network, data):
    """An arc with room left that is also taken backwards (a row without a lower bound in the
    LP, not at its upper bound) must come out tight; where that makes a negative cycle, the
    potentials say so instead of returning."""
    n, tail, head, capacity, cost = network
    flow, _total = min_cost_circulation(np.zeros(n, dtype=np.int64), tail, head, capacity, cost)
    two_way = np.array(data.draw(st.lists(st.booleans(), min_size=len(tail), max_size=len(tail))))
    try:
        d = potentials(n, tail, head, capacity, cost, flow, two_way)
    except FlowError:
        return
    reduced = cost + d[tail] - d[head]
    assert np.all(reduced[two_way & (flow < capacity)] == 0)
    assert np.all(reduced[two_way | (flow > 0)] <= 0)
    assert np.all(reduced[flow < capacity] >= 0)


def test_a_flow_that_is_not_optimal_has_a_negative_cycle_and_no_potentials():
    tail, head = np.array([0, 1, 2]), np.array([1, 2, 0])
    capacity, cost = np.array([1, 1, 1]), np.array([-3, 1, 1])  # the cycle costs -1
    with pytest.raises(FlowError):
        potentials(3, tail, head, capacity, cost, np.zeros(3, dtype=np.int64))


def test_a_group_lp_started_from_its_circulation_is_optimal_in_a_few_iterations():
    """The largest family group's network LP, priced by its circulation and given the
    circulation's basis: the simplex confirms it in a few iterations, at the value of the
    same LP solved from no basis."""
    c = compile_problem(generate(3000, seed=2, pins=0), Policy())
    movers = np.flatnonzero(c.movable)
    group = int(np.bincount(c.emp_group[movers]).argmax())
    emps = movers[c.emp_group[movers] == group]
    arcs, left, _notices = optimal_module.candidate_arcs(c, emps)
    model = optimal_module._Model(c, arcs, group=group)
    assert optimal_module._flow_start(model, left, None, time.perf_counter())
    model.highs.run()
    warm = model.highs.getInfo()
    cold = optimal_module._Model(c, model.arcs, group=group)
    cold.highs.run()
    assert model.highs.getModelStatus() == optimal_module.highspy.HighsModelStatus.kOptimal
    assert warm.objective_function_value == pytest.approx(
        cold.highs.getInfo().objective_function_value, rel=1e-9
    )
    assert warm.simplex_iteration_count * 10 <= cold.highs.getInfo().simplex_iteration_count


def test_a_group_lp_with_unit_prices_has_the_value_of_its_circulation():
    """A group's LP of the Lagrangian bound (unit rows priced into its arcs' scores): the value
    its circulation reports is that LP's own optimum, scores less the unit prices, not the raw
    scores (pricing compares what is left out with it)."""
    c = compile_problem(generate(3000, seed=2, pins=0), Policy(unit_departure_cap=0.05))
    movers = np.flatnonzero(c.movable)
    group = int(np.bincount(c.emp_group[movers]).argmax())
    emps = movers[c.emp_group[movers] == group]
    arcs, _left, _notices = optimal_module.candidate_arcs(c, emps)
    n_units = len(c.unit_ids)
    prices = (np.full(n_units, 3.0), np.zeros(n_units))  # leaving any unit costs 3
    model = optimal_module._Model(c, arcs, group=group, unit_prices=prices)
    _pi, value = optimal_module._flow_prices(model)
    model.highs.run()
    lp_value = -model.highs.getInfo().objective_function_value
    assert value == pytest.approx(lp_value, rel=1e-7)
    raw = optimal_module._Model(c, arcs, group=group)
    raw.highs.run()
    assert lp_value < -raw.highs.getInfo().objective_function_value - 1.0


@pytest.mark.parametrize("seed,pins", [(21, 0), (22, 30)])
def test_plans_by_circulation_and_by_simplex_agree_within_their_bounds(monkeypatch, seed, pins):
    """Every group by its circulation (even the small ones) against every group by the simplex:
    both plans obey every rule, each is proven within the tolerance, and neither beats the
    other's bound (pins included: a pinned person's move is fixed in the circulation)."""
    problem = generate(1500, seed=seed, pins=pins)
    monkeypatch.setattr(optimal_module, "_FLOW_MIN_ROWS", 0)
    monkeypatch.setattr(optimal_module, "_FLOW_DENSITY", 0.0)
    by_flow = solve(problem, Policy(), mechanism="optimal").metrics
    monkeypatch.setattr(optimal_module, "_FLOW", False)
    by_simplex = solve(problem, Policy(), mechanism="optimal").metrics
    for m in (by_flow, by_simplex):
        assert m.violations == 0
        assert m.gap_percent is not None and m.gap_percent <= 0.1
    assert by_flow.objective <= by_simplex.bound + 1e-6
    assert by_simplex.objective <= by_flow.bound + 1e-6
