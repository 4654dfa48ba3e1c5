"""Running the pure planner on a loaded Problem, and its independent check; re-runs against an
earlier plan (``reference_moves``) and their changes in the user's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy

from mutasi import planner

from .models import Move, Plan, PlanStatus
from .problem import LoadedProblem
from .reasons import message_text, stored_message


def solve(
    data: LoadedProblem,
    mechanism: str,
    progress: Callable[[int], None] | None = None,
    reference: Mapping[str, str] | None = None,
) -> planner.Plan:
    """Run the engine; its progress (0–100) is reported through ``progress``. ``reference``: the
    moves of an earlier plan to stay close to (``reference_moves``); the result's ``changes``
    then say who differs from it and why."""
    from mutasi.planner.engine import solve as planner_solve

    return planner_solve(
        data.problem,
        data.policy,
        mechanism=planner.Mechanism(mechanism),
        progress=progress,
        reference=reference,
    )


def check(data: LoadedProblem, result: planner.Plan) -> list[planner.Violation]:
    from mutasi.planner.check import check as planner_check

    return list(planner_check(data.problem, result))


def reference_moves(plan: Plan | None) -> dict[str, str] | None:
    """The moves of ``plan`` (a re-run's ``based_on``) as the planner's reference: employee id ->
    post id; None when there is no such plan or it has not been computed."""
    if plan is None or plan.status in (PlanStatus.QUEUED, PlanStatus.RUNNING, PlanStatus.FAILED):
        return None
    return {
        str(employee_id): str(to_id)
        for employee_id, to_id in Move.objects.filter(plan=plan)
        .exclude(to_position_id=F("from_position_id"))
        .values_list("employee_id", "to_position_id")
    }


# Why a re-run differs from the plan it is based on (``planner.ChangeCause``), for the web.
CHANGE_CAUSES = {
    planner.ChangeCause.PIN: gettext_lazy("Dikunci oleh perencana"),
    planner.ChangeCause.RULE: gettext_lazy("Aturan wajib tidak lagi mengizinkan rencana semula"),
    planner.ChangeCause.DATA: gettext_lazy("Data berubah sejak rencana semula"),
    planner.ChangeCause.KNOCK_ON: gettext_lazy("Akibat perubahan lain dalam rencana"),
}


def change_rows(result: planner.Plan) -> list[dict[str, Any]]:
    """The re-run's changes against its reference as JSON-ready rows (``Plan.metrics``)."""
    return [
        {
            "employee_id": ch.employee_id,
            "reference_position_id": ch.reference_position_id,
            "position_id": ch.position_id,
            "cause": str(ch.cause),
            "message": stored_message(ch.message),
            "related_employee_id": ch.related_employee_id,
            "rule": str(ch.rule) if ch.rule else None,
        }
        for ch in result.changes
    ]


def describe_change(row: Mapping[str, Any]) -> str:
    """A stored change row in the user's language: the cause, then the planner's particulars
    (a keyed message through the catalogue; the text of a row stored before it had keys)."""
    cause = CHANGE_CAUSES.get(planner.ChangeCause(row["cause"]), "")
    message = message_text(row.get("message") or "")
    return f"{cause}: {message}" if message else str(cause)
