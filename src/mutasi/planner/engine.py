"""``solve(problem, policy)``: compile, run a mechanism, turn the assignment into a checked Plan."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from mutasi.planner.eligibility import Compiled, IntArray, compile_problem, eligible_posts
from mutasi.planner.fair import must_move_sweep, priority_values, solve_fair
from mutasi.planner.model import Mechanism, Plan, Policy, Problem
from mutasi.planner.optimal import solve_optimal
from mutasi.planner.outcome import build_plan
from mutasi.planner.stability import STABILITY_WEIGHT, attach_reference, changes

log = logging.getLogger(__name__)


def solve(
    problem: Problem,
    policy: Policy | None = None,
    *,
    mechanism: Mechanism | str = Mechanism.OPTIMAL,
    progress: Callable[[int], None] | None = None,
    trace: dict[str, Any] | None = None,
    reference: Mapping[str, str] | Plan | None = None,
    stability_weight: float = STABILITY_WEIGHT,
) -> Plan:
    """Plan the transfers of ``problem`` under ``policy`` (defaults when None).

    ``mechanism``: "optimal" (maximises the weighted objective, with a proven bound) or "fair"
    (voluntary block exchange; see ``mutasi.planner.fair``). ``progress`` is called with 0..100.
    The returned Plan carries its own ``check`` result in ``metrics.violations`` (0 expected).
    ``trace``, when given, receives the compiled problem ("compiled") and, for ``optimal``, the
    arcs of its final LP ("arcs"; the benchmark's min-cost-flow floor runs on them).

    ``reference``: a plan to stay close to (re-run with pins; ``mutasi.planner.stability``): its
    moves as employee id -> post id (or a ``Plan``). The objective then gets a stability term of
    ``stability_weight`` per person (keeping a reference move earns it, moving someone the
    reference kept costs it; it shows as the "stability" term, and the bound and gap are those of
    this objective), and ``Plan.changes`` lists each person whose outcome differs from the
    reference with the cause (pin, rule, data, or knock-on of another change) and a message.
    """
    policy = policy or Policy()
    policy.validate()
    mechanism = Mechanism(mechanism)
    started = time.perf_counter()
    report = progress or (lambda _pct: None)
    report(5)
    c = compile_problem(problem, policy)
    log.debug("compiled: %.2f s", time.perf_counter() - started)
    if trace is not None:
        trace["compiled"] = c
    if reference is not None:
        attach_reference(c, reference, stability_weight)
    report(20)
    if mechanism == Mechanism.OPTIMAL:
        result = solve_optimal(c)
        if trace is not None:
            trace["arcs"] = result.model_arcs
        final_pos, bound, notices = result.final_pos, result.bound, result.notices
        final_pos = must_move_sweep(c, final_pos, priority_values(c))
    else:
        final_pos, notices = solve_fair(c)
        bound = None
    report(85)
    log.debug("solved: %.2f s", time.perf_counter() - started)
    plan = build_plan(
        c,
        final_pos,
        mechanism,
        bound=bound,
        started=started,
        pin_notices=notices,
        eligible_counts=eligible_counts(c, np.flatnonzero(c.must_move & (final_pos == c.emp_pos))),
        changes=changes(c, final_pos),
    )
    report(100)
    return plan


def eligible_counts(c: Compiled, emps: IntArray) -> dict[int, int]:
    """Number of posts each of ``emps`` is eligible for (for the reasons of people who stay)."""
    return {e: len(posts) for e, posts in eligible_posts(c, emps).items()}
