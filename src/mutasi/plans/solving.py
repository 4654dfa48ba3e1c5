"""Running the pure planner on a loaded Problem, and its independent check."""

from __future__ import annotations

from collections.abc import Callable

from mutasi import planner

from .problem import LoadedProblem


def solve(
    data: LoadedProblem, mechanism: str, progress: Callable[[int], None] | None = None
) -> planner.Plan:
    """Run the engine; its progress (0–100) is reported through ``progress``."""
    from mutasi.planner.engine import solve as planner_solve

    return planner_solve(
        data.problem, data.policy, mechanism=planner.Mechanism(mechanism), progress=progress
    )


def check(data: LoadedProblem, result: planner.Plan) -> list[planner.Violation]:
    from mutasi.planner.check import check as planner_check

    return list(planner_check(data.problem, result))


def describe_violation(data: LoadedProblem, violation: planner.Violation) -> str:
    return violation.message
