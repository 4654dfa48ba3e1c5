"""When ``optimal`` stops: once its integer plan is proven within the policy's gap tolerance.

The full LP is priced until what is left out is within most of the tolerance; the integer plan is
then compared with the bound, and only when it is not proven within the tolerance is the LP priced
further and the plan made again.
"""

from __future__ import annotations

import pytest

from mutasi.planner import Policy, solve
from mutasi.planner import optimal as optimal_module
from mutasi.planner.synthetic import generate


def _counting_plan_value(monkeypatch, shortfall: float) -> list[float]:
    """Replace ``_plan_value`` by one that records its calls and, on the first call only,
    reports the plan ``shortfall`` (a share of its value) lower than it is."""
    real = optimal_module._plan_value
    calls: list[float] = []

    def recorded(model, x):
        value = real(model, x)
        calls.append(value)
        return value * (1 - shortfall) if len(calls) == 1 else value

    monkeypatch.setattr(optimal_module, "_plan_value", recorded)
    return calls


def test_a_plan_proven_within_the_tolerance_is_made_once(monkeypatch):
    calls = _counting_plan_value(monkeypatch, shortfall=0.0)
    plan = solve(generate(1500, seed=11, pins=10), Policy(), mechanism="optimal")
    assert len(calls) == 1
    assert plan.metrics.violations == 0
    assert plan.metrics.gap_percent is not None and plan.metrics.gap_percent <= 0.1


def test_a_plan_not_proven_within_the_tolerance_is_priced_further_and_made_again(monkeypatch):
    calls = _counting_plan_value(monkeypatch, shortfall=0.05)  # as if rounding lost 5%
    plan = solve(generate(1500, seed=11, pins=10), Policy(), mechanism="optimal")
    assert len(calls) == 2
    assert plan.metrics.violations == 0
    # the reported gap is of the plan itself (its objective recomputed), not of the doubt
    assert plan.metrics.gap_percent is not None and plan.metrics.gap_percent <= 0.1


@pytest.mark.parametrize("tolerance", [1e-3, 1e-4])
def test_the_bound_always_holds_and_the_gap_is_within_the_tolerance_asked(tolerance):
    problem = generate(1200, seed=4, pins=6)
    plan = solve(problem, Policy(gap_tolerance=tolerance), mechanism="optimal")
    m = plan.metrics
    assert m.bound is not None and m.bound >= m.objective - 1e-6
    assert m.gap_percent is not None and m.gap_percent <= 100 * tolerance


def test_after_the_whole_model_was_solved_as_a_milp_nothing_is_priced_further(monkeypatch):
    """A MILP has no duals to price with: when step 5 had to solve the whole reduced model as a
    MILP, the plan it found is kept even if it is not proven within the tolerance."""
    monkeypatch.setattr(optimal_module, "_sub_milp", lambda *args: None)
    calls = _counting_plan_value(monkeypatch, shortfall=0.05)
    plan = solve(generate(800, seed=3, pins=4), Policy(), mechanism="optimal")  # 19 fractional
    assert len(calls) == 1
    assert plan.metrics.violations == 0
    assert plan.metrics.bound is not None and plan.metrics.bound >= plan.metrics.objective - 1e-6
