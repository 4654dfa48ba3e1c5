"""Re-runs against a reference plan keep its moves unless a pin, a rule or the data force it."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from mutasi.demo.regions import build_case
from mutasi.planner import ChangeCause, Pin, PinKind, Policy, Rule, solve
from tests.planner.instances import tiny_problem


@pytest.fixture(scope="module")
def demo_run():
    problem = build_case("demo", 3000)
    first = solve(problem, Policy())
    assert first.metrics.violations == 0
    return problem, first


def _two_pins(problem, first):
    """A STAY pin for someone the first plan moves, a GOTO pin for someone it keeps, to a post
    of their family with room now that they are eligible for."""
    moved = {m.employee_id: m for m in first.moves if not m.forced}
    stay_id = sorted(moved)[len(moved) // 2]
    holders = Counter(e.position_id for e in problem.employees)
    from mutasi.planner.check import pair_problems

    kept = [
        e
        for e in problem.employees
        if e.id not in moved and e.years_in_post > 3 and e.retirement_age - e.age > 3
    ]
    for e in kept:
        for p in problem.positions:
            if (
                p.job_family == e.job_family
                and (p.formation or 0) > holders[p.id]
                and p.id != e.position_id
                and not pair_problems(problem, Policy(), e, p)
            ):
                return stay_id, (e.id, p.id)
    raise AssertionError("no post with room for a GOTO pin")


def test_two_pins_on_the_demo_region_change_only_what_they_force(demo_run):
    problem, first = demo_run
    stay_id, (goto_id, goto_post) = _two_pins(problem, first)
    pins = (Pin(PinKind.STAY, stay_id), Pin(PinKind.GOTO, goto_id, position_id=goto_post))
    pinned = dataclasses.replace(problem, pins=pins)

    again = solve(pinned, Policy(), reference=first)
    assert again.metrics.violations == 0
    assert again.assignments[stay_id] == next(
        e.position_id for e in problem.employees if e.id == stay_id
    )
    assert again.assignments[goto_id] == goto_post
    changed = {ch.employee_id: ch for ch in again.changes}
    # the pinned two change, for their pins; the rest is a handful of knock-ons, not hundreds
    assert changed[stay_id].cause == changed[goto_id].cause == ChangeCause.PIN
    assert changed[stay_id].rule == Rule.PIN
    assert len(changed) <= 8, [(c.employee_id, c.cause, c.message) for c in again.changes]
    for ch in again.changes:
        assert ch.message
        assert ch.cause in (ChangeCause.PIN, ChangeCause.KNOCK_ON, ChangeCause.RULE)
    # the changes are exactly the people whose post differs from the reference's
    before = {e.id: e.position_id for e in problem.employees}
    before.update({m.employee_id: m.to_position_id for m in first.moves})
    differ = {k for k, v in again.assignments.items() if before[k] != v}
    assert differ == set(changed)

    # without the reference, the same pins reshuffle far more of the plan
    fresh = solve(pinned, Policy())
    fresh_differ = {k for k, v in fresh.assignments.items() if before[k] != v}
    assert len(fresh_differ) > 3 * len(differ)


def test_a_rerun_without_changes_is_the_reference_itself(demo_run):
    problem, first = demo_run
    again = solve(problem, Policy(), reference=first)
    assert again.changes == ()
    assert again.assignments == first.assignments
    # the stability term is reported as its own term, and the bound covers it
    assert again.objective_terms["stability"] == pytest.approx(50.0 * len(first.moves))
    assert again.metrics.gap_percent is not None and again.metrics.gap_percent <= 0.1


def test_a_reference_move_that_breaks_a_rule_now_is_named_as_such():
    problem = tiny_problem(3, n_employees=6, n_posts=4)
    # pretend the reference moved somebody to a post they are not eligible for
    from mutasi.planner.check import pair_problems

    target = None
    for e in problem.employees:
        for p in problem.positions:
            if p.id != e.position_id and pair_problems(problem, Policy(), e, p):
                target = (e.id, p.id)
                break
        if target:
            break
    assert target is not None
    again = solve(problem, Policy(), reference={target[0]: target[1]})
    change = next(ch for ch in again.changes if ch.employee_id == target[0])
    assert change.cause == ChangeCause.RULE
    assert change.reference_position_id == target[1]
    assert "syarat" in change.message or "dipindah" in change.message


def test_a_reference_post_that_is_gone_is_a_data_change():
    problem = tiny_problem(4, n_employees=5, n_posts=3)
    someone = problem.employees[0].id
    again = solve(problem, Policy(), reference={someone: "no-such-post"})
    change = next(ch for ch in again.changes if ch.employee_id == someone)
    assert change.cause == ChangeCause.DATA
    assert change.reference_position_id == "no-such-post"
