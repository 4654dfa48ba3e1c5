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
    values = _recorded_lagrangian(monkeypatch)
    plan = solve(generate(1500, seed=11, pins=10), Policy(), mechanism="optimal")
    assert len(calls) == 2
    assert len(values) == 1  # the Lagrangian bound was tried first, and once only
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


def _lp_over_every_pair(problem, policy: Policy) -> float:
    """The LP relaxation of the whole model over every eligible pair (no candidates, no
    pricing): what any valid bound of ``optimal`` must reach."""
    from dataclasses import replace

    from mutasi.planner.eligibility import compile_problem

    c = compile_problem(problem, replace(policy, candidate_arcs=10**9))
    arcs, _left_out, _notices = optimal_module.candidate_arcs(c)
    model = optimal_module._Model(c, arcs)
    model.highs.run()
    return -float(model.highs.getInfo().objective_function_value)


def _recorded_lagrangian(monkeypatch, beside: list[bool] | None = None) -> list[float]:
    """Record the Lagrangian bounds computed, and in ``beside`` whether each was begun beside
    the full LP's first solve (``_early_bound``: its groups one at a time)."""
    real = optimal_module._lagrangian_bound
    values: list[float] = []

    def recorded(*args, **kwargs):
        bound, used = real(*args, **kwargs)
        values.append(bound)
        if beside is not None:
            beside.append(kwargs.get("threads") == 1)
        return bound, used

    monkeypatch.setattr(optimal_module, "_lagrangian_bound", recorded)
    return values


@pytest.mark.parametrize("by_circulation", [True, False])
@pytest.mark.parametrize("seed,cap", [(5, 0.25), (6, 0.05), (7, 0.1)])
def test_the_lagrangian_bound_holds_over_every_eligible_pair_and_is_close(
    monkeypatch, seed, cap, by_circulation
):
    """The unit rows' prices into the groups' network LPs, each priced over every eligible
    pair: a bound of the LP over every pair, so of every plan, and close to that LP (its prices
    come from the full LP's optimum). Forced here by a plan reported 5% lower than it is. Every
    group's LP by its circulation (the dual objective at its prices), or every one by the
    simplex."""
    problem = generate(900, seed=seed, pins=4)
    policy = Policy(unit_departure_cap=cap)
    monkeypatch.setattr(optimal_module, "_FLOW_MIN_ROWS", 0 if by_circulation else 10**9)
    values = _recorded_lagrangian(monkeypatch)
    _counting_plan_value(monkeypatch, shortfall=0.05)
    plan = solve(problem, policy, mechanism="optimal")
    best_lp = _lp_over_every_pair(problem, policy)
    assert len(values) == 1
    assert values[0] >= best_lp - 1e-6
    assert values[0] <= best_lp * 1.01
    assert plan.metrics.bound is not None and plan.metrics.bound >= best_lp - 1e-6
    assert plan.metrics.violations == 0


def test_a_plan_the_lagrangian_bound_proves_is_not_priced_further(monkeypatch):
    """The full LP's own bound adds up every person's largest reduced cost under degenerate
    duals; when it does not prove the plan but the Lagrangian bound does, the full LP is not
    priced and solved again: the plan is made once."""
    calls = _counting_plan_value(monkeypatch, shortfall=0.0)
    values = _recorded_lagrangian(monkeypatch)
    prices: list[int] = []
    real_price = optimal_module._price

    def counted(model, *args, **kwargs):
        if model.cap_row.max(initial=-1) >= 0 or model.floor_row.max(initial=-1) >= 0:
            prices.append(1)  # the full LP (the groups' LPs have no unit rows)
        return real_price(model, *args, **kwargs)

    monkeypatch.setattr(optimal_module, "_price", counted)
    # here the full LP's own bound is 0.011% above the plan, the Lagrangian bound 0.0004%
    plan = solve(generate(1500, seed=4, pins=10), Policy(gap_tolerance=5e-5), mechanism="optimal")
    assert len(values) == 1 and len(calls) == 1 and len(prices) == 1
    assert plan.metrics.gap_percent is not None and plan.metrics.gap_percent <= 0.005
    assert plan.metrics.violations == 0


def test_the_repair_tries_the_arcs_near_use_first_and_then_all_of_the_neighbourhood(monkeypatch):
    """Step 5's MILP first frees only the arcs the LP prices near to being used; when that finds
    no plan, every arc of the same people, before the whole model would be solved as a MILP."""
    real = optimal_module._sub_milp
    sizes: list[int] = []

    def first_fails(model, x, free):
        sizes.append(int(free.sum()))
        return None if len(sizes) == 1 else real(model, x, free)

    monkeypatch.setattr(optimal_module, "_sub_milp", first_fails)
    plan = solve(generate(800, seed=3, pins=4), Policy(), mechanism="optimal")  # 19 fractional
    assert len(sizes) == 2 and sizes[0] < sizes[1]
    assert plan.metrics.violations == 0
    assert plan.metrics.gap_percent is not None and plan.metrics.gap_percent <= 0.1


@pytest.mark.parametrize("share", [0.02, 1.0])
def test_the_lagrangian_bound_begun_beside_the_full_lp_holds_over_every_eligible_pair(
    monkeypatch, share
):
    """On a large full LP a copy of it is solved part of the way on the second CPU and the
    Lagrangian bound begun at the duals of that point while the LP is solved on (forced here on
    a small region): any prices give a bound of every plan, even those of a copy stopped after a
    few iterations; from the LP's optimal duals it proves the plan and no other is computed."""
    monkeypatch.setattr(optimal_module, "_EARLY_ROWS", 0)
    monkeypatch.setattr(optimal_module, "_EARLY_SHARE", share)
    monkeypatch.setattr(optimal_module, "solver_threads", lambda: 2)
    beside: list[bool] = []
    values = _recorded_lagrangian(monkeypatch, beside)
    problem = generate(900, seed=6, pins=4)
    policy = Policy(unit_departure_cap=0.05)
    plan = solve(problem, policy, mechanism="optimal")
    best_lp = _lp_over_every_pair(problem, policy)
    assert beside[0], "no Lagrangian bound was begun beside the full LP"
    assert values[0] >= best_lp - 1e-6
    assert plan.metrics.bound is not None and plan.metrics.bound >= best_lp - 1e-6
    assert plan.metrics.violations == 0
    assert plan.metrics.gap_percent is not None and plan.metrics.gap_percent <= 0.1
    if share == 1.0:
        assert beside == [True]
        assert values[0] <= best_lp * 1.01


@pytest.mark.parametrize("threads", [1, 2])
def test_a_full_lp_stopped_at_primal_feasibility_gives_a_plan_its_bound_proves(
    threads, monkeypatch
):
    """The full LP's first solve ends where the dual simplex reaches primal feasibility, before
    HiGHS cleans up the duals of its cost perturbation, on one CPU as with the Lagrangian bound
    begun beside it on a second (forced here on a small region; on this one the clean-up is
    needed, so the stop happens). The plan from that solution obeys every rule; the LP's own
    bound, made valid at those duals (``_bound_at_stopped_duals``), and the bound reported hold
    over every eligible pair."""
    monkeypatch.setattr(optimal_module, "_EARLY_ROWS", 0)
    monkeypatch.setattr(optimal_module, "solver_threads", lambda: threads)
    real = optimal_module._first_solve
    stops: list[tuple[bool, bool]] = []

    def recorded(model, stop_at_feasible):
        status = real(model, stop_at_feasible)
        stops.append((stop_at_feasible, model.dual_feasible))
        return status

    monkeypatch.setattr(optimal_module, "_first_solve", recorded)
    real_bound = optimal_module._bound_at_stopped_duals
    own_bounds: list[float] = []

    def recorded_bound(model, left_out):
        own_bounds.append(real_bound(model, left_out))
        return own_bounds[-1]

    monkeypatch.setattr(optimal_module, "_bound_at_stopped_duals", recorded_bound)
    problem = generate(3000, seed=2, pins=6)
    plan = solve(problem, Policy(), mechanism="optimal")
    assert stops == [(True, False)], "the first solve did not stop at primal feasibility"
    best_lp = _lp_over_every_pair(problem, Policy())
    m = plan.metrics
    assert m.violations == 0
    assert m.bound is not None and m.bound >= best_lp - 1e-6
    # the LP's own bound at the stopped duals, made valid: above the LP of every pair, and close
    assert len(own_bounds) == 1
    assert best_lp - 1e-6 <= own_bounds[0] <= best_lp * 1.001
    assert m.gap_percent is not None and m.gap_percent <= 0.1
    # the same plan value as the LP solved to the end (its clean-up and all)
    stops.clear()
    monkeypatch.setattr(
        optimal_module, "_first_solve", lambda model, stop_at_feasible: recorded(model, False)
    )
    whole = solve(problem, Policy(), mechanism="optimal")
    assert stops == [(False, True)]
    assert abs(whole.metrics.objective - m.objective) <= 1e-3 * abs(m.objective)


def test_a_first_solve_that_ends_neither_optimal_nor_feasible_is_solved_to_the_end(monkeypatch):
    """Should the stopped solve end with no feasible solution ("unknown" for another reason), the
    full LP is solved again with HiGHS's clean-up, as without the stop."""
    import highspy

    monkeypatch.setattr(optimal_module, "_EARLY_ROWS", 0)
    monkeypatch.setattr(optimal_module, "solver_threads", lambda: 2)
    real_run = optimal_module._run
    levels: list[int] = []

    def first_gives_up(model):
        if not ((model.cap_row >= 0).any() or (model.floor_row >= 0).any()):
            return real_run(model)  # a group's LP: no unit rows
        _status, level = model.highs.getOptionValue("max_dual_simplex_cleanup_level")
        levels.append(level)
        if len(levels) == 1:
            return highspy.HighsModelStatus.kUnknown  # as if HiGHS stopped with nothing
        return real_run(model)

    monkeypatch.setattr(optimal_module, "_run", first_gives_up)
    plan = solve(generate(3000, seed=2, pins=6), Policy(), mechanism="optimal")
    assert levels[:2] == [0, 1]
    assert plan.metrics.violations == 0
    assert plan.metrics.gap_percent is not None and plan.metrics.gap_percent <= 0.1
