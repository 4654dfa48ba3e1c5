"""Published plans as the employee sees them (registered with ``participation.outcomes``)."""

from __future__ import annotations

from dataclasses import dataclass

from mutasi.people.models import Employee

from .models import Move, Plan, PlanStatus


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    move: Move | None  # None: the plan leaves the employee where they are, without a note


def published_outcomes(employee: Employee) -> list[Outcome]:
    """Every published plan with the employee's own row in it, if any (two queries).

    A plan stores a row for each move and for each person who had to move but could not; anyone
    else stays where they are, which the page says rather than "no result"."""
    plans = list(
        Plan.objects.filter(status=PlanStatus.PUBLISHED)
        .select_related("cycle")
        .order_by("-created_at")
    )
    moves = {
        move.plan_id: move
        for move in Move.objects.filter(employee=employee, plan__in=plans).select_related(
            "from_position__unit", "to_position__unit"
        )
    }
    return [Outcome(plan, moves.get(plan.pk)) for plan in plans]
