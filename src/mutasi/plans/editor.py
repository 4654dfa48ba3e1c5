"""Reads for the hand editor of a plan: the posts a person may take, with room, and the smallest
set of moves to cancel with one move so that the plan stays valid.

Both work on the stored plan rebuilt as the planner's Plan (``recheck.planner_plan_from_rows``)
and on the same loaded Problem the edit is checked against, so what the picker offers is what the
save's ``check()`` accepts (the person's own movability, e.g. "belum 2 tahun", is said separately).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from mutasi import planner
from mutasi.planner.check import pair_problems

from .models import Move, Plan
from .reasons import message_text
from .recheck import planner_plan_from_rows, problem_for_plan
from .solving import check

PICKER_SHOWN = 30


@dataclass(frozen=True)
class PostOption:
    position_id: int
    code: str
    name: str
    unit: str
    room: int  # formation minus holders after this plan (0 or less = full)


@dataclass(frozen=True)
class Picker:
    options: list[PostOption]  # the first PICKER_SHOWN matches, posts with room first
    matches: int  # how many eligible posts match the search
    with_room: int  # how many of the eligible posts (whatever the search) have room


def _capacities(data: object, result: planner.Plan) -> tuple[Counter[str], dict[str, int]]:
    problem = data.problem  # type: ignore[attr-defined]
    holders: Counter[str] = Counter(result.assignments.values())
    before: Counter[str] = Counter(e.position_id for e in problem.employees)
    formation = {
        p.id: p.formation if p.formation is not None else before[p.id] for p in problem.positions
    }
    return holders, formation


def post_picker(plan: Plan, employee_id: int, query: str = "") -> Picker:
    """Posts ``employee_id`` meets the requirements of (rank, education, major, certificate, job
    family, functional job, PPPK unit rule), matching ``query`` (name, code or unit), with the
    room each has once this plan's moves are made."""
    data = problem_for_plan(plan)
    problem = data.problem
    employee = problem.employee_by_id.get(str(employee_id))
    if employee is None:
        return Picker([], 0, 0)
    result = planner_plan_from_rows(plan, data)
    holders, formation = _capacities(data, result)
    current_target = result.assignments.get(employee.id)
    units = problem.unit_by_id
    words = query.lower().split()
    options: list[PostOption] = []
    with_room = 0
    for position in problem.positions:
        if position.id in (employee.position_id, current_target):
            continue
        if pair_problems(problem, data.policy, employee, position):
            continue
        room = formation[position.id] - holders[position.id]
        with_room += room > 0
        unit = units.get(position.unit_id)
        haystack = f"{position.name} {position.code} {unit.name if unit else ''}".lower()
        if words and not all(word in haystack for word in words):
            continue
        options.append(
            PostOption(
                int(position.id), position.code, position.name, unit.name if unit else "", room
            )
        )
    options.sort(key=lambda o: (o.room <= 0, o.name, o.code))
    return Picker(options[:PICKER_SHOWN], len(options), with_room)


@dataclass(frozen=True)
class Cancellation:
    """Cancelling ``employee_id``'s move, and the moves that must go with it."""

    moves: list[Move]  # the person's own move first, then the repairs in chain order
    violations: list[str]  # what check() would still find new after all of them (empty = valid)


def cancellation(plan: Plan, employee_id: int) -> Cancellation | None:
    """The smallest repair when ``employee_id`` stays after all, found with ``check()`` itself.

    The person goes back to their post. Then, while ``check()`` finds a violation the stored plan
    did not have, one more move is cancelled to mend it: for a post now above formation, a move
    into that post (the one that took the person's place, going back down the chain); for a
    priority-sector unit that would shrink further, a move out of that unit (the one whose place
    the person was to fill). Each step undoes one move, so the set stays small; ``violations``
    says what is left when no move can mend it (a must-move person, say). None when the person
    does not move in this plan."""
    rows = {
        m.employee_id: m
        for m in Move.objects.filter(plan=plan)
        .select_related("employee", "from_position", "to_position")
        .order_by("id")
        if m.from_position_id != m.to_position_id
    }
    own = rows.get(employee_id)
    if own is None:
        return None
    data = problem_for_plan(plan)
    result = planner_plan_from_rows(plan, data)
    before = {_key(v) for v in check(data, result)}
    chosen = [own]
    cancelled = {employee_id}
    added: list[planner.Violation] = []
    for _step in range(MAX_REPAIR_STEPS):
        after = check(data, _without(result, data, {str(e) for e in cancelled}))
        added = [v for v in after if _key(v) not in before]
        fix = _mending_move(added, rows, cancelled)
        if fix is None:
            break
        chosen.append(fix)
        cancelled.add(fix.employee_id)
    return Cancellation(chosen, [message_text(v.message) for v in added])


MAX_REPAIR_STEPS = 50


def _mending_move(
    violations: list[planner.Violation], rows: dict[int, Move], cancelled: set[int]
) -> Move | None:
    """One move whose cancellation mends the first violation that a cancellation can mend."""
    for v in violations:
        if v.rule == planner.Rule.FORMATION and v.position_id:
            wanted = [m for m in rows.values() if str(m.to_position_id) == v.position_id]
        elif v.rule == planner.Rule.PRIORITY_SECTOR and v.unit_id:
            wanted = [m for m in rows.values() if str(m.from_position.unit_id) == v.unit_id]
        else:
            continue
        wanted = [m for m in wanted if m.employee_id not in cancelled]
        if wanted:
            return wanted[0]  # the earliest stored: the planner's own chain order
    return None


def _without(result: planner.Plan, data: object, employee_ids: set[str]) -> planner.Plan:
    problem = data.problem  # type: ignore[attr-defined]
    assignments = dict(result.assignments)
    for employee_id in employee_ids:
        assignments[employee_id] = problem.employee_by_id[employee_id].position_id
    moves = tuple(m for m in result.moves if m.employee_id not in employee_ids)
    return dataclasses.replace(result, assignments=assignments, moves=moves)


def _key(v: planner.Violation) -> tuple[str, str | None, str | None, str | None]:
    return (str(v.rule), v.employee_id, v.position_id, v.unit_id)
