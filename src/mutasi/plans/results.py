"""A planner ``Plan`` -> stored rows: one ``Move`` per change or noted stay, and the metrics."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from mutasi import planner
from mutasi.planner.check import goto_refusal_message
from mutasi.planner.messages import Message

from .models import Move, Plan
from .problem import LoadedProblem
from .reasons import PIN_MESSAGES_KEY, stored_message


def _keyed_pin_notice(data: LoadedProblem, notice: planner.Notice) -> dict[str, Any] | None:
    """A notice without parts as a keyed message: its own when the planner wrote one, else (a pin
    notice as text) ``check.goto_refusal_message`` when that reads exactly as the solver's text;
    else None (the text is kept)."""
    if notice.parts:
        return None
    if isinstance(notice.message, Message):
        return notice.message.to_json()
    if notice.rule != planner.Rule.PIN:
        return None
    problem = data.problem
    employee = problem.employee_by_id.get(notice.employee_id)
    pin = next(
        (
            p
            for p in problem.pins
            if p.employee_id == notice.employee_id and p.kind == planner.PinKind.GOTO
        ),
        None,
    )
    if employee is None or pin is None or pin.position_id not in problem.position_by_id:
        return None
    message = goto_refusal_message(
        problem, data.policy, employee, problem.position_by_id[pin.position_id]
    )
    return message.to_json() if str(message) == notice.message else None


def store_moves(plan: Plan, data: LoadedProblem, result: planner.Plan) -> int:
    """Write one Move per change, and one stay row (from = to) per person who had to move but
    could not or whose pin could not be honoured, with the reason."""
    current = {e.id: e.position_id for e in data.problem.employees}
    rows = [
        Move(
            plan=plan,
            employee_id=int(m.employee_id),
            from_position_id=int(m.from_position_id),
            to_position_id=int(m.to_position_id),
            reason=m.reason,
            terms={
                **{k: round(float(v), 6) for k, v in m.terms.items()},
                **({"preference_rank": m.preference_rank} if m.preference_rank else {}),
                **({"chain_kind": m.chain_kind} if m.chain is not None else {}),
                **(
                    {"reason_parts": [p.to_json() for p in m.reason_parts]}
                    if m.reason_parts
                    else {}
                ),
            },
            chain=m.chain,
            forced=m.forced,
        )
        for m in result.moves
    ]
    moved = {m.employee_id for m in result.moves}
    notices: dict[str, list[str]] = defaultdict(list)
    notice_parts: dict[str, list[Any]] = defaultdict(list)
    for notice in (*result.could_not_move, *result.pin_notices):
        if notice.employee_id not in moved and notice.employee_id in current:
            notices[notice.employee_id].append(notice.message)
            notice_parts[notice.employee_id].append(notice)
    for employee_id, messages in notices.items():
        # Translatable only when every notice of this person has parts or a keyed message (else
        # the text).
        keyed = [_keyed_pin_notice(data, n) for n in notice_parts[employee_id]]
        with_parts = all(
            n.parts or k is not None for n, k in zip(notice_parts[employee_id], keyed, strict=True)
        )
        parts = [p.to_json() for n in notice_parts[employee_id] for p in n.parts]
        pin_messages = [k for k in keyed if k is not None]
        position = int(current[employee_id])
        rows.append(
            Move(
                plan=plan,
                employee_id=int(employee_id),
                from_position_id=position,
                to_position_id=position,
                reason=" ".join(messages),
                terms=(
                    {
                        "reason_parts": parts,
                        **({PIN_MESSAGES_KEY: pin_messages} if pin_messages else {}),
                    }
                    if with_parts
                    else {}
                ),
                forced=True,
            )
        )
    Move.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def store_metrics(plan: Plan, data: LoadedProblem, result: planner.Plan, *, elapsed: float) -> None:
    """Copy the plan's metrics onto ``plan`` (not saved here) with per-unit before/after staff."""
    metrics = result.metrics.to_dict()
    metrics["units"] = unit_figures(data.problem, result.assignments)
    # a keyed message as its key and parameters (``reasons.stored_message``), like the violations
    metrics["pin_notices"] = [
        {"employee_id": n.employee_id, "rule": str(n.rule), "message": stored_message(n.message)}
        for n in result.pin_notices
    ]
    metrics["could_not_move"] = [
        {"employee_id": n.employee_id, "rule": str(n.rule), "message": stored_message(n.message)}
        for n in result.could_not_move
    ]
    metrics["objective_terms"] = {k: float(v) for k, v in result.objective_terms.items()}
    metrics["load_seconds"] = round(data.load_seconds, 3)
    metrics["total_seconds"] = round(elapsed, 3)
    metrics["employees"] = len(data.problem.employees)
    plan.metrics = jsonable(metrics)
    plan.objective = float(result.metrics.objective)
    plan.bound = result.metrics.bound
    plan.gap = result.metrics.gap_percent
    plan.solve_seconds = float(result.metrics.solve_seconds)
    plan.policy = jsonable(data.policy.to_dict())


def jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def unit_figures(problem: planner.Problem, assignments: Mapping[str, str]) -> list[dict[str, Any]]:
    """Per unit: formation, staff before and after, and the filled formation before and after."""
    formation: Counter[str] = Counter()
    position_unit = {p.id: p.unit_id for p in problem.positions}
    before: Counter[str] = Counter(e.position_id for e in problem.employees)
    after: Counter[str] = Counter(assignments.get(e.id, e.position_id) for e in problem.employees)
    staff_before: Counter[str] = Counter()
    staff_after: Counter[str] = Counter()
    filled_before: Counter[str] = Counter()
    filled_after: Counter[str] = Counter()
    for p in problem.positions:
        f = p.formation if p.formation is not None else before[p.id]
        formation[p.unit_id] += f
        staff_before[p.unit_id] += before[p.id]
        staff_after[p.unit_id] += after[p.id]
        filled_before[p.unit_id] += min(before[p.id], f)
        filled_after[p.unit_id] += min(after[p.id], f)
    del position_unit
    return [
        {
            "unit_id": u.id,
            "code": u.code,
            "name": u.name,
            "sector": u.sector,
            "formation": formation[u.id],
            "staff_before": staff_before[u.id],
            "staff_after": staff_after[u.id],
            "filled_before": filled_before[u.id],
            "filled_after": filled_after[u.id],
        }
        for u in problem.units
    ]


def sector_figures(
    problem: planner.Problem, assignments: Mapping[str, str]
) -> list[dict[str, Any]]:
    units = unit_figures(problem, assignments)
    by_sector: dict[str, dict[str, Any]] = {}
    for u in units:
        s = by_sector.setdefault(
            u["sector"],
            {
                "sector": u["sector"],
                "formation": 0,
                "filled_before": 0,
                "filled_after": 0,
                "staff_before": 0,
                "staff_after": 0,
            },
        )
        for key in ("formation", "filled_before", "filled_after", "staff_before", "staff_after"):
            s[key] += u[key]
    return sorted(by_sector.values(), key=lambda s: s["sector"])
