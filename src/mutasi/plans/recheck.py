"""Re-checking stored plans against the data: a whole plan before submit and approval, and
one hand edit at a time while a reviewer works.

Loading the Problem of a large region takes seconds, so it is cached per process, keyed on the
data version (``core.dataversion``: bumped by every import, formation override, workload change
and submitted preferences) with the cycle, policy and pins; ``fresh=True`` bypasses the cache,
as submit and approval do, so they never check against data older than the database.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import time
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mutasi import planner
from mutasi.core.dataversion import data_version

from . import reasons
from .models import Move, Pin, Plan
from .problem import LoadedProblem, load_problem
from .results import jsonable, sector_figures, unit_figures
from .solving import check

_cache_lock = threading.Lock()
_problem_cache: dict[str, tuple[float, LoadedProblem]] = {}
# The full violations of an edit being saved, for refresh_plan_metrics in the same transaction.
_pending_after: dict[tuple[int, int], list[planner.Violation]] = {}
# Violations of a stored plan at a committed version (the "before" of the next hand edit).
_violation_cache: dict[
    tuple[str, int, int], set[tuple[str, str | None, str | None, str | None]]
] = {}
PROBLEM_CACHE_SECONDS = 300  # a reviewer's edits within 5 minutes reuse the loaded data


def _cache_key(plan: Plan) -> str:
    """What the loaded Problem of ``plan`` depends on: the data version, the cycle, the policy
    the plan was computed under and the cycle's pins."""
    pins = (
        list(Pin.objects.filter(cycle_id=plan.cycle_id).order_by("id").values_list("id", "kind"))
        if plan.cycle_id
        else []
    )
    raw = json.dumps([data_version(), plan.cycle_id, plan.policy, pins], default=str)
    return hashlib.sha1(raw.encode()).hexdigest()


def problem_for_plan(plan: Plan, *, fresh: bool = False) -> LoadedProblem:
    """The Problem a stored plan is checked against (cached briefly per process unless
    ``fresh``)."""
    return _problem_and_key(plan, fresh=fresh)[0]


def _problem_and_key(plan: Plan, *, fresh: bool = False) -> tuple[LoadedProblem, str]:
    key = _cache_key(plan)
    now = time.monotonic()
    if not fresh:
        with _cache_lock:
            hit = _problem_cache.get(key)
            if hit and now - hit[0] < PROBLEM_CACHE_SECONDS:
                return hit[1], key
    stored = {k: v for k, v in (plan.policy or {}).items() if k in _policy_field_names()}
    data = load_problem(plan.cycle, policy_overrides=stored)
    with _cache_lock:
        _problem_cache.clear()
        _violation_cache.clear()
        _pending_after.clear()
        _problem_cache[key] = (now, data)
    return data, key


def clear_cache() -> None:
    with _cache_lock:
        _problem_cache.clear()
        _violation_cache.clear()


def _policy_field_names() -> set[str]:
    return {f.name for f in dataclasses.fields(planner.Policy)}


def planner_plan_from_rows(
    plan: Plan, data: LoadedProblem, edit: tuple[int, int] | None = None
) -> planner.Plan:
    """Rebuild the planner's Plan from stored Move rows (and one pending edit) for ``check``."""
    assignments = {e.id: e.position_id for e in data.problem.employees}
    moves = []
    for employee_id, from_id, to_id, reason in Move.objects.filter(plan=plan).values_list(
        "employee_id", "from_position_id", "to_position_id", "reason"
    ):
        if edit is not None and employee_id == edit[0]:
            continue
        if from_id != to_id:
            assignments[str(employee_id)] = str(to_id)
            moves.append(planner.Move(str(employee_id), str(from_id), str(to_id), reason=reason))
    if edit is not None:
        employee = data.problem.employee_by_id.get(str(edit[0]))
        if employee is not None and str(edit[1]) != employee.position_id:
            assignments[employee.id] = str(edit[1])
            moves.append(planner.Move(employee.id, employee.position_id, str(edit[1]), reason=""))
    metrics = plan.metrics or {}

    def notices(key: str) -> tuple[planner.Notice, ...]:
        return tuple(
            planner.Notice(n["employee_id"], planner.Rule(n["rule"]), _text(n["message"]))
            for n in metrics.get(key, [])
        )

    return planner.Plan(
        mechanism=planner.Mechanism(plan.mechanism),
        assignments=assignments,
        moves=tuple(moves),
        could_not_move=notices("could_not_move"),
        pin_notices=notices("pin_notices"),
        policy=data.policy,
    )


def _text(stored: Any) -> str:
    """A stored notice message (``reasons.stored_message``: text, or its key, parameters and
    text) as the planner's text."""
    return str(stored.get("text", "")) if isinstance(stored, dict) else str(stored)


def _key(v: planner.Violation) -> tuple[str, str | None, str | None, str | None]:
    return (str(v.rule), v.employee_id, v.position_id, v.unit_id)


def check_stored_plan(plan: Plan) -> list[str]:
    """Every hard-rule violation of the stored plan, as Indonesian messages, against the data as
    it is now (never a cached copy: submit and approval rely on it)."""
    data = problem_for_plan(plan, fresh=True)
    return [v.message for v in check(data, planner_plan_from_rows(plan, data))]


def check_with_edit(
    plan: Plan, employee_id: int, position_id: int, committed_version: int | None = None
) -> list[str]:
    """Violations that putting ``employee_id`` in ``position_id`` would add to the stored plan."""
    data, problem_key = _problem_and_key(plan)
    if str(position_id) not in data.problem.position_by_id:
        return [_("Jabatan %(id)s tidak ada dalam data.") % {"id": position_id}]
    # ``plan.version`` is already the bumped one inside do_edit_move; the rows are still those
    # of the version before, whose violations are reused from the previous edit when known.
    cache_key = (problem_key, plan.pk, committed_version if committed_version else plan.version)
    with _cache_lock:
        before = _violation_cache.get(cache_key)
    if before is None:
        before = {_key(v) for v in check(data, planner_plan_from_rows(plan, data))}
        with _cache_lock:
            _violation_cache[cache_key] = before
    after = check(data, planner_plan_from_rows(plan, data, edit=(employee_id, position_id)))
    added = [v.message for v in after if _key(v) not in before]
    if not added:
        # The edit will be saved as the next version: its violations are the next edit's
        # "before", remembered only once the transaction commits (a rolled-back edit leaves none).
        next_key = (problem_key, plan.pk, cache_key[2] + 1)
        _pending_after[(plan.pk, cache_key[2] + 1)] = after

        def remember(key: Any = next_key, found: list[planner.Violation] = after) -> None:
            with _cache_lock:
                _violation_cache[key] = {_key(v) for v in found}

        transaction.on_commit(remember)
    return added


def refresh_plan_metrics(plan: Plan) -> None:
    """After a hand edit: recount moves, chains are gone for edited moves; unit figures redone."""
    data = problem_for_plan(plan)
    result = planner_plan_from_rows(plan, data)
    metrics = dict(plan.metrics or {})
    metrics["moves"] = len(result.moves)
    metrics["edited_moves"] = Move.objects.filter(plan=plan, edited=True).count()
    metrics["units"] = unit_figures(data.problem, result.assignments)
    metrics["sectors"] = sector_figures(data.problem, result.assignments)
    fields = ["metrics"]
    if metrics.get("check_violation_count"):
        # The run left violations: see whether the hand edits have cleared them.
        found = _pending_after.pop((plan.pk, plan.version), None)
        if found is None:
            found = check(data, result)
        remaining = [reasons.stored_message(v.message) for v in found]
        metrics["check_violations"] = remaining[:200]
        metrics["check_violation_count"] = len(remaining)
        if not remaining:
            plan.error = ""
            fields.append("error")
    plan.metrics = jsonable(metrics)
    plan.save(update_fields=fields)
